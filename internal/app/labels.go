package app

import (
	"sync/atomic"

	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/tag"
)

// Labels adapts a tagger to publish.Labeler and publish.TagLookup: display
// names for tag ids, and tag pages that follow the taxonomy.
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

// LookupTag implements publish.TagLookup.
func (l Labels) LookupTag(idOrISO string) (publish.TagInfo, bool) {
	if l.Tagger == nil {
		return publish.TagInfo{}, false
	}
	e, ok := l.Tagger.Lookup(idOrISO)
	if !ok {
		return publish.TagInfo{}, false
	}
	return publish.TagInfo{Kind: e.Kind, ID: e.ID, Name: e.Name, ISO: e.ISO, Parents: e.Parents}, true
}

// liveLabels labels with the current taxonomy: the pipeline's tagger when
// there is a pipeline (it swaps taggers on reload), else one of its own
// that Parts.Reload replaces.
type liveLabels struct {
	pipe *pipeline.Pipeline
	own  atomic.Pointer[tag.Tagger]
}

func (l *liveLabels) current() Labels {
	if l.pipe != nil {
		return Labels{l.pipe.Tagger()}
	}
	return Labels{l.own.Load()}
}

// Label implements publish.Labeler.
func (l *liveLabels) Label(kind, id string) string { return l.current().Label(kind, id) }

// LookupTag implements publish.TagLookup.
func (l *liveLabels) LookupTag(idOrISO string) (publish.TagInfo, bool) {
	return l.current().LookupTag(idOrISO)
}
