package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/intlwire/aggregator/internal/pipeline"
)

func cmdFetch(ctx context.Context, e *env, args []string) error {
	f := newFlags("fetch", e.stderr)
	all := f.Bool("all", false, "fetch every source, due or not")
	source := f.String("source", "", "fetch only this source id")
	asJSON := f.Bool("json", false, "print one JSON summary object")
	verbose := f.Bool("v", false, "log each fetch to stderr")
	profDir := f.String("profile", "", "write CPU, allocation, block and mutex profiles of this run into `DIR`")
	if err := f.parse(args); err != nil {
		return err
	}
	prof, err := startProfile(*profDir)
	if err != nil {
		return err
	}
	defer func() {
		if perr := prof.stop(); perr != nil {
			fmt.Fprintln(e.stderr, perr)
		}
	}()
	cfg, err := f.load()
	if err != nil {
		return err
	}
	boundMemory(cfg.MemoryLimit)
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = newLogger(e.stderr, cfg.Log)
	}
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if *source != "" && !hasSource(a.Pipeline, *source) {
		return userErr("aggregator fetch: no source %q in %s", *source, cfg.SourcesFile)
	}
	sum, err := a.Pipeline.Round(ctx, pipeline.RoundOptions{All: *all, Source: *source})
	if err != nil {
		return err
	}
	if *asJSON {
		if err := json.NewEncoder(e.stdout).Encode(sum); err != nil {
			return err
		}
	} else {
		printSummary(e, sum)
	}
	return allFailed(sum)
}

// allFailed is the error of a round in which every source failed: one
// failing source is reported, not fatal, but a round that fetched nothing
// at all (network down, proxy refusing, every URL wrong) must fail a cron job
// or a script that runs `fetch`.
func allFailed(sum pipeline.Summary) error {
	if sum.Sources > 0 && sum.Failed == sum.Sources {
		return fmt.Errorf("every source failed (%d of %d)", sum.Failed, sum.Sources)
	}
	return nil
}

func hasSource(p *pipeline.Pipeline, id string) bool {
	for _, s := range p.Sources() {
		if s.ID == id {
			return true
		}
	}
	return false
}

func printSummary(e *env, sum pipeline.Summary) {
	for _, r := range sum.Results {
		line := fmt.Sprintf("%-24s %-13s", r.Source, r.Outcome)
		if r.Status != 0 {
			line += fmt.Sprintf(" %d", r.Status)
		}
		if r.Outcome == pipeline.OutcomeFetched {
			line += fmt.Sprintf("  %d items, %d new, %d duplicates", r.Items, r.New, r.Duplicates)
		}
		if r.MovedTo != "" {
			line += "  moved permanently to " + r.MovedTo
		}
		if r.Error != "" {
			line += "  error: " + r.Error
		}
		fmt.Fprintln(e.stdout, line)
	}
	fmt.Fprintf(e.stdout, "\n%d sources: %d fetched, %d not modified, %d failed; %d new articles, %d duplicates, %d new stories in %s\n",
		sum.Sources, sum.Fetched, sum.NotModified, sum.Failed, sum.NewArticles, sum.Duplicates, sum.Stories,
		time.Duration(sum.Seconds*float64(time.Second)).Round(time.Millisecond))
}
