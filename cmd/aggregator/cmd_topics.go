package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/rule"
)

// cmdTopics groups topic tools; today: `topics preview SLUG [-rule EXPR]`.
func cmdTopics(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "preview" {
		return userErr("usage: aggregator topics preview [-config PATH] [-rule 'EXPR'] [-days N] [-limit N] SLUG")
	}
	f := newFlags("topics preview", e.stderr)
	f.takesArgs(1)
	draft := f.String("rule", "", "a draft rule to try instead of the saved one")
	days := f.Int("days", 30, "look at stories updated in the last N days")
	limit := f.Int("limit", 20, "show at most N stories")
	if err := f.parse(args[1:]); err != nil {
		return err
	}
	if f.NArg() != 1 && *draft == "" {
		return userErr("usage: aggregator topics preview [-config PATH] [-rule 'EXPR'] SLUG")
	}
	cfg, err := f.load()
	if err != nil {
		return err
	}
	slug := f.Arg(0)
	match := *draft
	if match == "" {
		if !hasTopic(cfg.Topics, slug) {
			return userErr("aggregator topics preview: no topic %q in %s", slug, cfg.TopicsFile)
		}
		for _, t := range cfg.Topics {
			if t.Slug == slug {
				match = t.Match
			}
		}
	}
	if err := checkRule(cfg, match); err != nil {
		return err
	}
	expr, _ := rule.Parse(match)
	a, err := openApp(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer a.Close()
	stories, total, err := a.Pipeline.Preview(ctx, expr, time.Duration(*days)*24*time.Hour, *limit)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "rule: %s\n%d stories of the last %d days match; newest first:\n\n", match, total, *days)
	for _, s := range stories {
		fmt.Fprintf(e.stdout, "%s  %s\n    outlets: %s; countries: %s; topics: %s\n", s.Updated.Format("2006-01-02 15:04"), s.Title,
			strings.Join(s.Outlets(), ", "), strings.Join(s.Tags.Countries, " "), strings.Join(s.Tags.Topics, " "))
	}
	return nil
}

// checkRule reports a draft rule's problems (syntax, unknown tags) as a user error.
func checkRule(cfg *config.Config, match string) error {
	srcs := map[string]bool{}
	for _, s := range cfg.Sources {
		srcs[s.ID] = true
	}
	probs := config.RuleProblems(match, config.NewTaxonomyIndex(taxonomyOf(cfg)), srcs)
	if len(probs) == 0 {
		return nil
	}
	var lines []string
	for _, p := range probs {
		lines = append(lines, p.String())
	}
	return userErr("rule %q:\n%s", match, strings.Join(lines, "\n"))
}
