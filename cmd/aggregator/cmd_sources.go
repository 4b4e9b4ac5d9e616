package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/store"
)

type sourceJSON struct {
	ID           string `json:"id"`
	URL          string `json:"url"`
	Name         string `json:"name"`
	Configured   bool   `json:"configured"`
	Health       string `json:"health"` // ok, new, failing, stale, disabled (gone), removed
	Disabled     bool   `json:"disabled"`
	LastFetch    string `json:"last_fetch,omitempty"`
	LastSuccess  string `json:"last_success,omitempty"`
	Status       int    `json:"status"`
	ErrorCount   int    `json:"error_count"`
	LastError    string `json:"last_error,omitempty"`
	NextDue      string `json:"next_due,omitempty"`
	ItemsLastDay int    `json:"items_last_day"`
	Articles     int    `json:"articles"`
}

func cmdSources(ctx context.Context, e *env, args []string) error {
	f := newFlags("sources", e.stderr)
	asJSON := f.Bool("json", false, "one JSON object per line")
	if err := f.parse(args); err != nil {
		return err
	}
	cfg, st, err := f.loadStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SyncSources(ctx, cfg.ModelSources()); err != nil {
		return err
	}
	now := time.Now()
	periods := publish.OptionsFromConfig(cfg).SourcePeriods
	list, err := st.Sources(ctx, now)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, s := range list {
			if err := enc.Encode(sourceJSON{ID: s.ID, URL: s.URL, Name: s.Name, Configured: s.Configured, Disabled: s.State.Disabled,
				Health:    health(s, periods[s.ID], now),
				LastFetch: rfc3339(s.State.LastFetch), LastSuccess: rfc3339(s.State.LastSuccess), Status: s.State.LastStatus,
				ErrorCount: s.State.ErrorCount, LastError: s.State.LastError, NextDue: rfc3339(s.State.NextDue),
				ItemsLastDay: s.ItemsLastDay, Articles: s.Articles}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tHEALTH\tLAST FETCH\tSTATUS\tERRORS\tNEXT DUE\tLAST 24H\tLAST ERROR")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%s\n", s.ID, health(s, periods[s.ID], now), ago(s.State.LastFetch), s.State.LastStatus,
			s.State.ErrorCount, until(s.State.NextDue), s.ItemsLastDay, truncate(s.State.LastError, 60))
	}
	return tw.Flush()
}

// health is a source's health as /sources says it, or "removed" when it is
// no longer configured.
func health(s store.SourceStatus, period time.Duration, now time.Time) string {
	if !s.Configured {
		return "removed"
	}
	h := publish.SourceHealth(s.State, period, now)
	if h == "disabled" {
		return "disabled (gone)"
	}
	return h
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func ago(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return time.Since(t).Round(time.Second).String() + " ago"
}

func until(t time.Time) string {
	if t.IsZero() || !t.After(time.Now()) {
		return "now"
	}
	return "in " + time.Until(t).Round(time.Second).String()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
