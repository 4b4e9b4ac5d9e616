package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/daemon"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	f := newFlags("run", e.stderr)
	logJSON := f.Bool("log-json", false, "log JSON lines instead of text")
	level := f.String("log-level", "", "log level, overriding the config: debug (every request), info, warn, error")
	noWatch := f.Bool("no-watch", false, "do not reload when a config file changes (SIGHUP still reloads)")
	roleFlag := f.String("role", string(app.RoleAll), "what this daemon does: all (fetch and serve), fetch (scheduler and pipeline; only health and metrics over HTTP) or web (pages and feeds; no fetching)")
	if err := f.parse(args); err != nil {
		return err
	}
	role, err := app.ParseRole(*roleFlag)
	if err != nil {
		return userErr("aggregator run: -role %q: want all, fetch or web", *roleFlag)
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
	return daemon.Run(exitOnSecondSignal(ctx), daemon.Options{ConfigPath: *f.config, Config: cfg, Role: role,
		Logger: newLogger(e.stderr, cfg.Log), Watch: !*noWatch})
}

// exitOnSecondSignal returns ctx unchanged but makes a second SIGINT/SIGTERM
// exit the process at once (status 2), while the first one (which ends ctx)
// is still letting in-flight fetches finish. It listens from the start, so a
// second signal sent right after the first is not missed.
func exitOnSecondSignal(ctx context.Context) context.Context {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ch
		<-ch
		fmt.Fprintln(os.Stderr, "second signal: exiting at once")
		os.Exit(2)
	}()
	return ctx
}
