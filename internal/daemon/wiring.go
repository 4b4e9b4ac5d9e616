// Package daemon runs the aggregator as a long-lived service: the scheduler, the
// HTTP server, configuration reload (SIGHUP and file changes) and graceful
// shutdown. It wires the other packages together; the work is theirs.
package daemon

import (
	"github.com/intlwire/aggregator/internal/pipeline"
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
