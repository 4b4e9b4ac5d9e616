package main

import (
	"context"
	"log/slog"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
)

// openApp builds the store and pipeline of a one-shot command through the
// one wiring place (internal/app). The command shares the database with any
// daemons: its fetches claim sources under leases, and the feeds it changes
// move the change counters the serving nodes follow.
func openApp(ctx context.Context, cfg *config.Config, log *slog.Logger) (*app.Parts, error) {
	return app.Build(ctx, app.Options{Config: cfg, Logger: log, Pipeline: true, Share: true})
}
