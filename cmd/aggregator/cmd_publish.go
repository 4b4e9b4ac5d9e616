package main

import (
	"context"
	"fmt"

	"github.com/intlwire/aggregator/internal/app"
)

func cmdPublish(ctx context.Context, e *env, args []string) error {
	f := newFlags("publish", e.stderr)
	out := f.String("out", "", "directory to write the static site into")
	if err := f.parse(args); err != nil {
		return err
	}
	if *out == "" {
		return userErr("aggregator publish: -out DIR is required")
	}
	cfg, err := f.load()
	if err != nil {
		return err
	}
	a, err := app.Build(ctx, app.Options{Config: cfg, Publisher: true})
	if err != nil {
		return err
	}
	defer a.Close()
	srv := a.Server
	if err := srv.Export(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d topic feeds to %s\n", len(cfg.Topics), *out)
	return nil
}
