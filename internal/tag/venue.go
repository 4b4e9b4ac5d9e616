package tag

import "github.com/intlwire/aggregator/internal/model"

// namedElsewhere reports whether a country other than e is named outside the
// dateline with at least the venueOther weight: then a dateline country that
// is little more than its dateline is where the reporter stood, not what the
// story is about.
func (t *Tagger) namedElsewhere(an *analysis, e int32) bool {
	for _, o := range an.list {
		if o.e != e && t.entries[o.e].Kind == model.KindCountry && o.total-o.datelineW >= t.params.venueOther {
			return true
		}
	}
	return false
}
