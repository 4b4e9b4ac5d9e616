package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/store"
)

// flags is a subcommand's flag set with the shared -config flag.
type flags struct {
	*flag.FlagSet
	config *string
}

func newFlags(name string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet("aggregator "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := os.Getenv("AGGREGATOR_CONFIG")
	if def == "" {
		def = config.DefaultPath
	}
	return &flags{FlagSet: fs, config: fs.String("config", def, "main configuration file")}
}

// parse parses args; a bad flag is a user error.
func (f *flags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return nil
}

// load loads and validates the configuration; problems are a user error.
func (f *flags) load() (*config.Config, error) {
	cfg, err := config.Load(*f.config)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

// loadStore loads the configuration and opens its database; the caller
// closes the store.
func (f *flags) loadStore(ctx context.Context) (*config.Config, *store.Store, error) {
	cfg, err := f.load()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, nil, err
	}
	return cfg, st, nil
}
