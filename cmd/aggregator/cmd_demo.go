package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/daemon"
	"github.com/intlwire/aggregator/internal/demo"
	"github.com/intlwire/aggregator/internal/opml"
)

func cmdDemo(ctx context.Context, e *env, args []string) error {
	f := newFlags("demo", e.stderr)
	listen := f.String("listen", "127.0.0.1:8080", "address of the demo's aggregator (the sample feeds get a free loopback port)")
	level := f.String("log-level", "", "log level: debug (every request), info, warn, error")
	keep := f.String("dir", "", "keep the demo's configuration and database in this directory (default: a temporary one, removed at exit)")
	if err := f.parse(args); err != nil {
		return err
	}
	base, err := config.Load(*f.config)
	if err != nil {
		return usageError{err}
	}
	// The sample feeds, served on loopback.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: listen: %w", err)
	}
	feedSrv := &http.Server{Handler: demo.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go feedSrv.Serve(ln)
	defer feedSrv.Close()
	feedsURL := "http://" + ln.Addr().String() + "/"

	// A temporary configuration: the shipped topics and taxonomy, the sample
	// sources, a fresh database.
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "aggregator-demo-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cfgPath, err := writeDemoConfig(dir, base, demo.Sources(feedsURL), *listen)
	if err != nil {
		return err
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return fmt.Errorf("demo: generated config: %w", err)
	}
	if *level != "" {
		cfg.Log.Level = *level
	}
	fmt.Fprintf(e.stdout, "demo: %d sample feeds served at %s\n", len(cfg.Sources), feedsURL)
	printDemoPaths(e, cfg, *keep == "")
	return daemon.Run(exitOnSecondSignal(ctx), daemon.Options{
		ConfigPath: cfgPath, Config: cfg, Logger: newLogger(e.stderr, cfg.Log), Watch: true,
		Ready: func(url string) {
			fmt.Fprintf(e.stdout, "demo: open %s  (Syria diplomacy feed: %sfeeds/syria-diplomacy.rss); Ctrl-C stops\n", url, url)
		},
	})
}

func writeDemoConfig(dir string, base *config.Config, srcs []config.Source, listen string) (string, error) {
	sources := filepath.Join(dir, "sources.yaml")
	out, err := os.Create(sources)
	if err != nil {
		return "", err
	}
	if err := opml.WriteSourcesYAML(out, srcs); err != nil {
		out.Close()
		return "", err
	}
	if err := out.Close(); err != nil {
		return "", err
	}
	main := fmt.Sprintf(`listen: %q
base_url: "http://%s/"
database: %q
sources: %q
topics: %q
taxonomy: %q
fetch:
  schedule: "@every 1m"
  allow_private_addresses: true
`, listen, listen, filepath.Join(dir, "demo.db"), sources, base.TopicsFile, base.TaxonomyPath)
	path := filepath.Join(dir, "aggregator.yaml")
	return path, os.WriteFile(path, []byte(main), 0o644)
}

// printDemoPaths says where the demo's configuration and database are, so
// that a new user can open them, edit a topic and watch the demo reload.
func printDemoPaths(e *env, cfg *config.Config, temporary bool) {
	fmt.Fprintf(e.stdout, "demo: config   %s\n", cfg.Path)
	fmt.Fprintf(e.stdout, "demo: sources  %s\n", cfg.SourcesFile)
	fmt.Fprintf(e.stdout, "demo: topics   %s\n", cfg.TopicsFile)
	fmt.Fprintf(e.stdout, "demo: database %s\n", cfg.Database)
	fmt.Fprintln(e.stdout, "demo: edits to these files are picked up on save (no restart)")
	if temporary {
		fmt.Fprintln(e.stdout, "demo: the config and database are removed at exit; -dir DIR keeps them")
	}
}
