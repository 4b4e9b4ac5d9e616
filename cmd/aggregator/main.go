// Command aggregator fetches international-affairs news feeds, deduplicates and
// tags the stories, and republishes curated topic feeds. See README.md.
//
// Exit status: 0 on success, 1 on a user error (bad config, bad flag), 2 on an
// internal failure.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// usageError marks errors that are the user's to fix (exit 1).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func userErr(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// command is one subcommand.
type command struct {
	name, args, help string
	run              func(ctx context.Context, env *env, args []string) error
}

// env is what every subcommand gets: its output streams.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
}

func commands() []command {
	return []command{
		{"run", "", "run the daemon: scheduler + HTTP server (SIGHUP reloads, SIGINT/SIGTERM stop)", cmdRun},
		{"fetch", "[-all] [-source ID] [-json]", "one fetch round now, store, print a summary", cmdFetch},
		{"validate", "", "check every config file; print problems as file:line:col: message", cmdValidate},
		{"tag", "[-jsonl] [FILE...]", "tag text without storing it and show the evidence", cmdTag},
		{"stories", "[-json] [-topic SLUG] [-limit N]", "list stored stories, newest first", cmdStories},
		{"publish", "-out DIR", "write every topic feed as static files", cmdPublish},
		{"import-opml", "FILE", "turn an OPML subscription list into sources YAML on stdout", cmdImportOPML},
		{"sources", "[-json]", "list sources with their health", cmdSources},
		{"explain", "STORY_ID|URL", "say which topics a stored story is in and why", cmdExplain},
		{"topics", "preview SLUG [-rule EXPR]", "show what a topic rule (saved or draft) would publish", cmdTopics},
		{"backup", "FILE", "write a consistent copy of the database (an SQLite file, also from PostgreSQL)", cmdBackup},
		{"migrate-store", "-from DB -to DB", "copy a whole store between SQLite files and PostgreSQL URLs", cmdMigrateStore},
		{"demo", "", "offline demo: bundled sample feeds on loopback, the daemon against them", cmdDemo},
		{"version", "", "print the version and build", cmdVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}, os.Args[1:]))
}

// run dispatches to a subcommand and maps its error to an exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 1
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintln(e.stderr, err)
			return 1
		default:
			fmt.Fprintf(e.stderr, "aggregator %s: %v\n", c.name, err)
			return 2
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if best := closest(args[0], names); best != "" {
		fmt.Fprintf(e.stderr, "aggregator: unknown command %q; did you mean %q?\n\n", args[0], best)
	} else {
		fmt.Fprintf(e.stderr, "aggregator: unknown command %q\n\n", args[0])
	}
	usage(e.stderr)
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: aggregator COMMAND [-config PATH] [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %-33s %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\n-config defaults to $AGGREGATOR_CONFIG or config/aggregator.yaml")
}
