package main

import (
	"context"
	"fmt"
	"os"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/opml"
)

func cmdImportOPML(ctx context.Context, e *env, args []string) error {
	f := newFlags("import-opml", e.stderr)
	f.takesArgs(1)
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 1 {
		return userErr("usage: aggregator import-opml [-config PATH] FILE")
	}
	// Sources already configured are not imported again; a missing or broken
	// config just means there is nothing to compare with.
	var existing []config.Source
	if cfg, err := config.Load(*f.config); err == nil {
		existing = cfg.Sources
	}
	in, err := os.Open(f.Arg(0))
	if err != nil {
		return usageError{err}
	}
	defer in.Close()
	res, err := opml.ImportReport(in, existing)
	if err != nil {
		return usageError{err}
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(e.stderr, "skipped %q %s: %s\n", s.Title, s.URL, s.Reason)
	}
	fmt.Fprintf(e.stderr, "%d new sources, %d outlines skipped\n", len(res.Sources), len(res.Skipped))
	return opml.WriteSourcesYAML(e.stdout, res.Sources)
}
