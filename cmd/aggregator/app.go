package main

import (
	"context"
	"log/slog"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/store"
)

// app is an opened database with a pipeline on it.
type app struct {
	cfg   *config.Config
	store *store.Store
	pipe  *pipeline.Pipeline
}

func openApp(ctx context.Context, cfg *config.Config, log *slog.Logger, m *pipeline.Metrics) (*app, error) {
	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	p, err := pipeline.New(ctx, pipeline.Options{Store: st, Config: cfg, Logger: log, Metrics: m})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{cfg: cfg, store: st, pipe: p}, nil
}

func (a *app) Close() error { return a.store.Close() }
