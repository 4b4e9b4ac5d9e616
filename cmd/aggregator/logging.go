package main

import (
	"io"
	"log/slog"

	"github.com/intlwire/aggregator/internal/config"
)

// newLogger makes the slog logger the config asks for: text (default) or JSON.
func newLogger(w io.Writer, c config.LogConfig) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
