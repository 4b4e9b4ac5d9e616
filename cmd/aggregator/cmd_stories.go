package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// storyJSON is the contract form of `aggregator stories -json`.
type storyJSON struct {
	ID        string        `json:"id"`
	Title     string        `json:"title"`
	Updated   string        `json:"updated"`
	Articles  []articleJSON `json:"articles"`
	Countries []string      `json:"countries"`
	Venue     string        `json:"venue"`
	Regions   []string      `json:"regions"`
	Actors    []string      `json:"actors"`
	Topics    []string      `json:"topics"`
	// MergedInto is the id of the earlier story this one was merged into
	// (it reports the same event); its articles are listed there too.
	MergedInto string `json:"merged_into,omitempty"`
}

type articleJSON struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Title  string `json:"title"`
	GUID   string `json:"guid"`
}

func cmdStories(ctx context.Context, e *env, args []string) error {
	f := newFlags("stories", e.stderr)
	asJSON := f.Bool("json", false, "one JSON object per line")
	topic := f.String("topic", "", "only stories of this topic")
	limit := f.Int("limit", 50, "at most this many stories")
	if err := f.parse(args); err != nil {
		return err
	}
	cfg, st, err := f.loadStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *topic != "" && !hasTopic(cfg.Topics, *topic) {
		return userErr("aggregator stories: no topic %q in %s", *topic, cfg.TopicsFile)
	}
	var stories []model.Story
	if *topic != "" {
		stories, err = st.TopicStories(ctx, *topic, *limit)
	} else {
		stories, err = st.RecentStories(ctx, *limit)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	for _, s := range stories {
		if *asJSON {
			if err := enc.Encode(toStoryJSON(s)); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%s  %s  %s\n", s.Updated.Format("2006-01-02 15:04"), s.Key, s.Title)
		if m := s.MergedInto; m != nil {
			fmt.Fprintf(e.stdout, "    merged into: %s  %s\n", m.Key, m.Title)
		}
		fmt.Fprintf(e.stdout, "    outlets: %s\n", strings.Join(s.Outlets(), ", "))
		fmt.Fprintf(e.stdout, "    countries: %s  actors: %s  topics: %s\n",
			strings.Join(s.Tags.Countries, " "), strings.Join(s.Tags.Actors, " "), strings.Join(s.Tags.Topics, " "))
	}
	return nil
}

func toStoryJSON(s model.Story) storyJSON {
	out := storyJSON{ID: s.Key, Title: s.Title, Updated: s.Updated.UTC().Format(time.RFC3339),
		Countries: nonNil(s.Tags.Countries), Venue: s.Tags.Venue, Regions: nonNil(s.Tags.Regions), Actors: nonNil(s.Tags.Actors), Topics: nonNil(s.Tags.Topics)}
	if s.MergedInto != nil {
		out.MergedInto = s.MergedInto.Key
	}
	for _, a := range s.Articles {
		out.Articles = append(out.Articles, articleJSON{Source: a.SourceID, URL: a.URL, Title: a.Title, GUID: a.GUID})
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func hasTopic(ts []config.Topic, slug string) bool {
	for _, t := range ts {
		if t.Slug == slug {
			return true
		}
	}
	return false
}
