package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/store"
)

// flags is a subcommand's flag set with the shared -config flag. Flags may
// come before, between or after the positional arguments
// (`topics preview SLUG -rule EXPR`), as README writes them; "--" ends the
// flags. A command takes no positional argument unless it says so with
// takesArgs.
type flags struct {
	*flag.FlagSet
	name    string
	config  *string
	pos     []string
	maxArgs int // -1: any number
}

func newFlags(name string, stderr io.Writer) *flags {
	fs := flag.NewFlagSet("aggregator "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := os.Getenv("AGGREGATOR_CONFIG")
	if def == "" {
		def = config.DefaultPath
	}
	return &flags{FlagSet: fs, name: name, config: fs.String("config", def, "main configuration file")}
}

// takesArgs lets the command take up to n positional arguments (-1: any).
func (f *flags) takesArgs(n int) { f.maxArgs = n }

// parse parses args, flags anywhere among the positional arguments; a bad
// flag or an argument too many is a user error.
func (f *flags) parse(args []string) error {
	f.pos = nil
	for {
		if err := f.FlagSet.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{f.suggestFlag(err)}
		}
		rest := f.FlagSet.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			f.pos = append(f.pos, rest...) // after "--" everything is an argument
			break
		}
		f.pos, args = append(f.pos, rest[0]), rest[1:]
	}
	if f.maxArgs >= 0 && len(f.pos) > f.maxArgs {
		if f.maxArgs == 0 {
			return userErr("aggregator %s: takes no arguments, got %q (flags start with -)", f.name, f.pos[0])
		}
		return userErr("aggregator %s: unexpected argument %q", f.name, f.pos[f.maxArgs])
	}
	return nil
}

// Args returns the positional arguments, wherever they stood among flags.
func (f *flags) Args() []string { return f.pos }

// NArg is the number of positional arguments.
func (f *flags) NArg() int { return len(f.pos) }

// Arg returns positional argument i, or "".
func (f *flags) Arg(i int) string {
	if i < 0 || i >= len(f.pos) {
		return ""
	}
	return f.pos[i]
}

// suggestFlag adds "did you mean -X?" to an unknown-flag error.
func (f *flags) suggestFlag(err error) error {
	const prefix = "flag provided but not defined: -"
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return fmt.Errorf("aggregator %s: %w", f.name, err)
	}
	bad := strings.TrimLeft(strings.TrimPrefix(msg, prefix), "-")
	var names []string
	f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
	if best := closest(bad, names); best != "" {
		return fmt.Errorf("aggregator %s: unknown flag -%s; did you mean -%s?", f.name, bad, best)
	}
	return fmt.Errorf("aggregator %s: unknown flag -%s (see aggregator %s -h)", f.name, bad, f.name)
}

// closest returns the candidate nearest to word by edit distance, if it is
// near enough to be a likely typo.
func closest(word string, candidates []string) string {
	best, bestD := "", len(word)/2+2
	for _, c := range candidates {
		if d := editDistance(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
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
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, st, nil
}
