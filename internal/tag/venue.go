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

// venue returns the ISO code of the dateline's country: of the countries the
// dateline named (itself, a city or a place of it: "LONDON (Reuters) -",
// "Kyiv, Ukraine —"), the one it gave the most weight; "" when the text has
// no dateline or the dateline names no country the taxonomy knows. The venue
// is reported whether or not the country is also what the text is about.
func (t *Tagger) venue(an *analysis) string {
	best, bestW := int32(-1), 0.0
	for _, s := range an.list {
		if s.dateline == 0 || t.entries[s.e].Kind != model.KindCountry {
			continue
		}
		if best < 0 || s.datelineW > bestW {
			best, bestW = s.e, s.datelineW
		}
	}
	if best < 0 {
		return ""
	}
	return t.entries[best].ISO
}
