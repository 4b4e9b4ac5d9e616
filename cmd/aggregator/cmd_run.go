package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/intlwire/aggregator/internal/daemon"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	f := newFlags("run", e.stderr)
	logJSON := f.Bool("log-json", false, "log JSON lines instead of text")
	level := f.String("log-level", "", "log level, overriding the config: debug (every request), info, warn, error")
	noWatch := f.Bool("no-watch", false, "do not reload when a config file changes (SIGHUP still reloads)")
	if err := f.parse(args); err != nil {
		return err
	}
	cfg, err := f.load()
	if err != nil {
		return err
	}
	if *logJSON {
		cfg.Log.Format = "json"
	}
	if *level != "" {
		cfg.Log.Level = *level
	}
	return daemon.Run(exitOnSecondSignal(ctx), daemon.Options{ConfigPath: *f.config, Config: cfg,
		Logger: newLogger(e.stderr, cfg.Log), Watch: !*noWatch})
}

// exitOnSecondSignal returns ctx unchanged but, once it is done (the first
// SIGINT/SIGTERM), makes a second signal exit the process at once.
func exitOnSecondSignal(ctx context.Context) context.Context {
	go func() {
		<-ctx.Done()
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
		<-ch
		os.Exit(2)
	}()
	return ctx
}
