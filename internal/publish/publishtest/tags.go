package publishtest

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
)

// sampleParents is the geography of the sample tags.
var sampleParents = map[string][]string{
	"SY": {"levant"}, "TR": {"middle-east", "europe"}, "IR": {"middle-east"}, "RU": {"europe"}, "KZ": {"central-asia"},
	"idlib": {"syria"}, "levant": {"middle-east"},
}

// LookupTag implements publish.TagLookup over the sample labels: a
// country's taxonomy id is its name in lower case ("syria" for SY).
func (l Labels) LookupTag(idOrISO string) (publish.TagInfo, bool) {
	for k, name := range l {
		kind, id, _ := strings.Cut(k, ":")
		tid := id
		if kind == model.KindCountry {
			tid = strings.ToLower(strings.ReplaceAll(name, " ", "-"))
		}
		if idOrISO == id || idOrISO == tid {
			info := publish.TagInfo{Kind: kind, ID: tid, Name: name, Parents: sampleParents[id]}
			if kind == model.KindCountry {
				info.ISO = id
			}
			return info, true
		}
	}
	return publish.TagInfo{}, false
}

// TagStories returns the newest stories of every topic that carry the tag,
// leaving out backlog stories when window > 0.
func (r *Reader) TagStories(ctx context.Context, kind, id string, limit int, window time.Duration) ([]model.Story, error) {
	all, err := r.RecentStories(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []model.Story
	for _, s := range all {
		if hasTag(s.Tags, kind, id) && !s.Backlog(window) {
			out = append(out, s)
		}
	}
	return newest(out, limit), nil
}

func hasTag(ts model.TagSet, kind, id string) bool {
	var ids []string
	switch kind {
	case model.KindRegion:
		ids = ts.Regions
	case model.KindCountry:
		ids = ts.Countries
	case model.KindPlace:
		ids = ts.Places
	case model.KindActor:
		ids = ts.Actors
	case model.KindTopic:
		ids = ts.Topics
	}
	return slices.Contains(ids, id)
}

// SetSources sets the fetch states SourceStates returns.
func (r *Reader) SetSources(states []model.FetchState) {
	r.mu.Lock()
	r.sources = states
	r.mu.Unlock()
}

// SourceStates implements publish.SourceReader with the states SetSources
// gave.
func (r *Reader) SourceStates(ctx context.Context) ([]model.FetchState, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	return append([]model.FetchState(nil), r.sources...), nil
}

// SourceVolumes implements publish.SourceReader: the articles of the
// stored stories fetched since, by source.
func (r *Reader) SourceVolumes(ctx context.Context, since time.Time) (map[string]int, error) {
	all, err := r.RecentStories(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, s := range all {
		for _, a := range s.Articles {
			if !a.FetchedAt.Before(since) {
				out[a.SourceID]++
			}
		}
	}
	return out, nil
}
