package daemon

import "github.com/intlwire/aggregator/internal/publish"

// LookupTag implements publish.TagLookup: tag pages and region collapsing
// follow the taxonomy.
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

// LookupTag implements publish.TagLookup with the pipeline's current tagger.
func (l liveLabels) LookupTag(idOrISO string) (publish.TagInfo, bool) {
	return Labels{l.pipe.Tagger()}.LookupTag(idOrISO)
}
