// Package daemon runs the aggregator as a long-lived service: the scheduler, the
// HTTP server, configuration reload (SIGHUP and file changes) and graceful
// shutdown. It wires the other packages together; the work is theirs.
package daemon

import (
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/tag"
)

// Labels adapts a tagger to publish.Labeler: display names for tag ids.
type Labels struct{ Tagger *tag.Tagger }

// Label implements publish.Labeler.
func (l Labels) Label(kind, id string) string {
	if l.Tagger != nil {
		if e, ok := l.Tagger.Lookup(id); ok && e.Name != "" {
			return e.Name
		}
	}
	return id
}

// liveLabels labels with the pipeline's current tagger.
type liveLabels struct{ pipe *pipeline.Pipeline }

func (l liveLabels) Label(kind, id string) string { return Labels{l.pipe.Tagger()}.Label(kind, id) }

// PublishOptions derives the publisher's options from a configuration.
func PublishOptions(cfg *config.Config) publish.Options {
	o := publish.Options{
		BaseURL: cfg.BaseURL, SiteTitle: cfg.Publish.Title, WebSubHub: cfg.Publish.WebSub,
		MaxAge: cfg.Publish.MaxAge.D(), Limit: cfg.Publish.Limit,
		Sources: map[string]string{}, SourceFeeds: map[string]string{},
	}
	o.Topics = Topics(cfg)
	for _, s := range cfg.Sources {
		name := s.Name
		if name == "" {
			name = s.ID
		}
		o.Sources[s.ID] = name
		o.SourceFeeds[s.ID] = s.URL
	}
	return o
}

// Topics converts configured topics to the publisher's form.
func Topics(cfg *config.Config) []publish.Topic {
	out := make([]publish.Topic, 0, len(cfg.Topics))
	for _, t := range cfg.Topics {
		out = append(out, publish.Topic{Slug: t.Slug, Title: t.Title, Description: t.Description, Unit: t.Unit, Limit: t.Limit})
	}
	return out
}
