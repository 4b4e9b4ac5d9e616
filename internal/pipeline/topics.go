package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/rule"
)

// compiledTopic is a topic with its parsed rule.
type compiledTopic struct {
	config.Topic
	expr rule.Expr
}

func compileTopics(ts []config.Topic) ([]compiledTopic, error) {
	out := make([]compiledTopic, 0, len(ts))
	for _, t := range ts {
		e, err := rule.Parse(t.Match)
		if err != nil {
			return nil, fmt.Errorf("pipeline: topic %s: %w", t.Slug, err)
		}
		out = append(out, compiledTopic{Topic: t, expr: e})
	}
	return out, nil
}

// updateTopics re-evaluates every topic rule for the given stories and records
// the membership; it returns the topics whose feeds changed. Stories already
// in memory (fresh, single-article stories from this ingest) are evaluated
// as they are; the others are loaded. With storiesChanged (the ingest path:
// the stories gained an article or an edit) every topic showing one of them
// changed, not only those whose membership did.
func (p *Pipeline) updateTopics(ctx context.Context, st *state, storyIDs []int64, fresh map[int64]*model.Story, storiesChanged bool) ([]string, error) {
	changed := map[string]bool{}
	var load []int64
	var ms []model.Membership
	for _, id := range storyIDs {
		if story, ok := fresh[id]; ok {
			ms = append(ms, model.Membership{StoryID: id, Updated: story.Updated, Topics: p.matchTopics(ctx, st, story), New: true})
		} else {
			load = append(load, id)
		}
	}
	const batch = 200
	for i := 0; i < len(load) || len(ms) > 0; i += batch {
		if i < len(load) {
			stories, err := p.topicStore.StoryFactsToUpdate(ctx, load[i:min(i+batch, len(load))])
			if err != nil {
				return nil, err
			}
			for j := range stories {
				story := &stories[j]
				ms = append(ms, model.Membership{StoryID: story.ID, Updated: story.Updated, Topics: p.matchTopics(ctx, st, story)})
			}
		}
		ch, err := p.topicStore.SetTopics(ctx, ms)
		if err != nil {
			return nil, err
		}
		for _, c := range ch {
			changed[c] = true
		}
		if storiesChanged {
			// The stories themselves changed (an outlet joined, an article
			// was edited): every feed that shows one must be rendered again,
			// even where membership and the updated second stayed the same.
			for _, m := range ms {
				for _, t := range m.Topics {
					changed[t] = true
				}
			}
		}
		ms = ms[:0]
	}
	out := make([]string, 0, len(changed))
	for c := range changed {
		out = append(out, c)
	}
	return out, nil
}

// RecomputeLookback is how far back topic membership is recomputed when the
// topic rules or the taxonomy change.
const RecomputeLookback = 30 * 24 * time.Hour

const fingerprintKey = "topics_fingerprint"

// fingerprint identifies the topic rules and taxonomy that membership depends on.
func fingerprint(cfg *config.Config) string {
	h := sha256.New()
	for _, t := range cfg.Topics {
		fmt.Fprintf(h, "%s\x00%s\x00", t.Slug, t.Match)
	}
	if cfg.TaxonomyKey != "" {
		// The files' hash: marshalling the whole taxonomy was a sixth of
		// the command line's start-up.
		h.Write([]byte(cfg.TaxonomyKey))
	} else {
		entries, _ := cfg.Taxonomy()
		b, _ := json.Marshal(entries)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// RecomputeTopics re-evaluates the topic rules over the stories updated within
// the lookback and drops removed topics — when the rules or the taxonomy
// changed since membership was last computed, or always with force. A start or
// reload with the same rules costs one lookup.
func (p *Pipeline) RecomputeTopics(ctx context.Context, lookback time.Duration, force bool) error {
	st := p.current()
	fp := fingerprint(st.cfg)
	if !force {
		old, err := p.topicStore.Meta(ctx, fingerprintKey)
		if err != nil {
			return err
		}
		if old == fp {
			return nil
		}
	}
	// Keywords a rule now names were not looked for in what is stored.
	for _, k := range st.keywords {
		ids, err := p.topicStore.KeywordArticles(ctx, k)
		if err != nil {
			return err
		}
		if err := p.topicStore.AddKeyword(ctx, k, ids); err != nil {
			return err
		}
	}
	keep := make([]string, len(st.topics))
	for i, t := range st.topics {
		keep[i] = t.Slug
	}
	if err := p.topicStore.DropTopicsExcept(ctx, keep); err != nil {
		return err
	}
	ids, err := p.topicStore.StoryIDsSince(ctx, p.now().Add(-lookback))
	if err != nil {
		return err
	}
	changed, err := p.updateTopics(ctx, st, ids, nil, false)
	if err != nil {
		return err
	}
	p.notify(append(changed, keep...))
	return p.topicStore.SetMeta(ctx, fingerprintKey, fp)
}

// facts builds the rule facts of a story.
func (p *Pipeline) facts(_ context.Context, st *state, story *model.Story) *storyFacts {
	return newStoryFacts(story, st.tagger())
}

// matchTopics returns the slugs of the topics whose rule holds for the story.
func (p *Pipeline) matchTopics(ctx context.Context, st *state, story *model.Story) []string {
	if story.Backlog(st.cfg.Dedupe.Window.D()) {
		return nil // old news: stored and searchable, not announced
	}
	f := p.facts(ctx, st, story)
	var out []string
	for _, tp := range st.topics {
		if tp.expr.Eval(f) {
			out = append(out, tp.Slug)
		}
	}
	return out
}

// TopicMatch says whether one topic's rule holds for a story.
type TopicMatch struct {
	Slug, Title, Rule string
	Match             bool
}

// ExplainTopics evaluates every configured topic rule against a story, for
// `aggregator explain` and rule previews.
func (p *Pipeline) ExplainTopics(ctx context.Context, story *model.Story) []TopicMatch {
	st := p.current()
	f := p.facts(ctx, st, story)
	out := make([]TopicMatch, 0, len(st.topics))
	for _, t := range st.topics {
		out = append(out, TopicMatch{Slug: t.Slug, Title: t.Title, Rule: t.Match, Match: t.expr.Eval(f)})
	}
	return out
}

// Preview evaluates a rule (a saved topic's or a draft) over the stories
// updated within lookback, newest first, and returns up to limit that match:
// what the topic would publish.
func (p *Pipeline) Preview(ctx context.Context, expr rule.Expr, lookback time.Duration, limit int) ([]model.Story, int, error) {
	st := p.current()
	// A draft may name phrases the ingest never looked for: ask the index.
	more := map[string]map[int64]bool{}
	for _, k := range rule.Keywords(expr) {
		if contains(st.keywords, k) {
			continue
		}
		ids, err := p.topicStore.KeywordStories(ctx, k)
		if err != nil {
			return nil, 0, err
		}
		more[k] = map[int64]bool{}
		for _, id := range ids {
			more[k][id] = true
		}
	}
	ids, err := p.topicStore.StoryIDsSince(ctx, p.now().Add(-lookback))
	if err != nil {
		return nil, 0, err
	}
	var out []model.Story
	total := 0
	const batch = 200
	for i := 0; i < len(ids); i += batch {
		stories, err := p.topicStore.StoryFacts(ctx, ids[i:min(i+batch, len(ids))])
		if err != nil {
			return nil, 0, err
		}
		for j := range stories {
			f := newStoryFacts(&stories[j], st.tagger())
			f.more = more
			if expr.Eval(f) {
				total++
				if len(out) < limit {
					out = append(out, stories[j])
				}
			}
		}
	}
	return out, total, nil
}
