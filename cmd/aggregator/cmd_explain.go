package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"

	"github.com/intlwire/aggregator/internal/store"
	"github.com/intlwire/aggregator/internal/urlkit"
)

func cmdExplain(ctx context.Context, e *env, args []string) error {
	f := newFlags("explain", e.stderr)
	f.takesArgs(1)
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 1 {
		return userErr("usage: aggregator explain [-config PATH] STORY_ID|URL")
	}
	cfg, err := f.load()
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer a.Close()
	story, err := a.Store.FindStory(ctx, f.Arg(0))
	if canon := urlkit.Canonical(f.Arg(0), ""); errors.Is(err, store.ErrNotFound) && canon != "" {
		// A link as readers see it, tracking parameters and all.
		story, err = a.Store.FindStory(ctx, canon)
	}
	if errors.Is(err, store.ErrNotFound) {
		return userErr("aggregator explain: no stored story with id or article URL %q", f.Arg(0))
	}
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "story %s: %s\n", story.Key, story.Title)
	if m := story.MergedInto; m != nil {
		fmt.Fprintf(w, "  merged into %s: %s\n    %s\n", m.Key, m.Title, mergeReason(m.Why))
	}
	for _, m := range story.Merged {
		fmt.Fprintf(w, "  merged here: %s: %s\n    %s\n", m.Key, m.Title, mergeReason(m.Why))
	}
	fmt.Fprintf(w, "  outlets: %s\n", strings.Join(story.Outlets(), ", "))
	fmt.Fprintf(w, "  tags: countries=%v venue=%s regions=%v places=%v actors=%v topics=%v\n\n",
		story.Tags.Countries, story.Tags.Venue, story.Tags.Regions, story.Tags.Places, story.Tags.Actors, story.Tags.Topics)
	fmt.Fprintln(w, "topics:")
	for _, m := range a.Pipeline.ExplainTopics(ctx, &story) {
		verdict := "no "
		if m.Match {
			verdict = "YES"
		}
		fmt.Fprintf(w, "  %s %-28s %s\n", verdict, m.Slug, m.Rule)
	}
	fmt.Fprintln(w, "\nwhy each article is in the story:")
	for _, art := range story.Articles {
		reason := joinReason(art.Join, art.ID == story.Lead.ID)
		if art.StoryID != story.ID {
			reason += mergedSuffix(story.Merged, art.StoryID)
		}
		fmt.Fprintf(w, "  [%s] %s\n    %s\n", art.SourceID, art.Title, reason)
	}
	for _, g := range story.Sightings {
		fmt.Fprintf(w, "  [%s] %s\n    exact: the same item, page or text as a stored article\n", g.SourceID, g.URL)
	}
	fmt.Fprintln(w, "\nevidence (the words that produced the tags):")
	for _, art := range story.Articles {
		fmt.Fprintf(w, "  [%s] %s\n", art.SourceID, art.Title)
		byTag := map[string][]string{}
		var order []string
		for _, m := range art.Mentions {
			k := m.Kind + ":" + m.Tag
			if _, ok := byTag[k]; !ok {
				order = append(order, k)
			}
			byTag[k] = append(byTag[k], fmt.Sprintf("%q@%d", m.Text, m.Offset))
		}
		for _, k := range order {
			fmt.Fprintf(w, "    %-34s %s\n", k, strings.Join(byTag[k], " "))
		}
	}
	return nil
}

// joinReason says in words how an article came to be in its story.
func joinReason(j model.Join, lead bool) string {
	var b strings.Builder
	switch j.Path {
	case model.JoinFirst, "":
		b.WriteString("first: it started the story")
	case model.JoinCopy:
		fmt.Fprintf(&b, "copy: a near-verbatim copy of an article of the story (similarity %.2f)", j.Score)
	case model.JoinEvent:
		b.WriteString("event: another write-up of the story's event (")
		writeEvidence(&b, j, "similarity", "taxonomy ids, numbers and time", "from the story's nearest article")
	default:
		b.WriteString(j.Path)
	}
	if lead {
		b.WriteString(" — the story's lead")
	}
	return b.String()
}

// mergeReason says in words why a story was merged into an earlier one.
func mergeReason(j model.Join) string {
	var b strings.Builder
	b.WriteString("why: it reports the same event (")
	writeEvidence(&b, j, "similarity of the two stories", "taxonomy ids and numbers", "between them")
	return b.String()
}

// writeEvidence writes what a join or a merge rests on, and the closing
// parenthesis: "SIMILARITY 0.42[, on EVIDENCE alone]; 3h0m0s GAP[;
// shared: …])".
func writeEvidence(b *strings.Builder, j model.Join, similarity, evidence, gap string) {
	fmt.Fprintf(b, "%s %.2f", similarity, j.Score)
	if j.CrossLanguage {
		fmt.Fprintf(b, ", on %s alone", evidence)
	}
	fmt.Fprintf(b, "; %s %s", time.Duration(j.GapSeconds)*time.Second, gap)
	if len(j.Shared) > 0 {
		fmt.Fprintf(b, "; shared: %s", strings.Join(j.Shared, ", "))
	}
	b.WriteString(")")
}

// mergedSuffix says which merged story an article came with.
func mergedSuffix(merged []model.StoryRef, storyID int64) string {
	for _, m := range merged {
		if m.ID == storyID {
			return " — in story " + m.Key + ", merged into this one"
		}
	}
	return ""
}
