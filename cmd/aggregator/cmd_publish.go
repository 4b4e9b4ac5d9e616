package main

import (
	"context"
	"fmt"

	"github.com/intlwire/aggregator/internal/daemon"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/tag"
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
	cfg, st, err := f.loadStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	t, err := tag.New(cfg.Taxonomy, cfg.Inflection...)
	if err != nil {
		return err
	}
	srv := publish.NewServer(publish.OptionsFromConfig(cfg), st, daemon.Labels{Tagger: t})
	if err := srv.Export(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d topic feeds to %s\n", len(cfg.Topics), *out)
	return nil
}
