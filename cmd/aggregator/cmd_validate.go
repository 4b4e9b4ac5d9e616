package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/intlwire/aggregator/internal/config"
)

func cmdValidate(ctx context.Context, e *env, args []string) error {
	f := newFlags("validate", e.stderr)
	if err := f.parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*f.config)
	var ps config.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(e.stdout, p)
		}
		return usageError{fmt.Errorf("%d problem(s) in the configuration", len(ps))}
	}
	if err != nil {
		return usageError{err}
	}
	fmt.Fprintf(e.stdout, "ok: %d sources, %d topics, %d taxonomy entries in %d files\n",
		len(cfg.Sources), len(cfg.Topics), len(taxonomyOf(cfg)), len(cfg.Files))
	return nil
}

// taxonomyOf is the configuration's taxonomy without its inflection rules.
func taxonomyOf(cfg *config.Config) []config.TaxonomyEntry {
	entries, _ := cfg.Taxonomy()
	return entries
}
