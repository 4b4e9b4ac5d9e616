package main

import (
	"errors"
	"flag"
	"io"
	"os"

	"github.com/intlwire/aggregator/internal/config"
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
