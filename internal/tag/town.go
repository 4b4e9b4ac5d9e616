package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// townElsewhere reports whether the name of match mi is a town qualified by a
// state or province of another country, the wire's way of naming towns
// ("LEBANON, Pa. (AP) -", "Paris, Texas", "Peru, Indiana", "London,
// Ontario"): it returns the country of that state or province, or -1. Only
// places qualify ("Damascus, Syria" is the capital and its country, not a
// town elsewhere), and only when none of the name's own entries lies in that
// country ("Cambridge, Mass." is still the United States).
func (t *Tagger) townElsewhere(full string, matches []match, mi int) int32 {
	m := matches[mi]
	rest := full[m.end:]
	if !strings.HasPrefix(rest, ", ") && !strings.HasPrefix(rest, ",\u00a0") {
		return -1
	}
	after := rest[1:]
	want := m.end + 1 + len(after) - len(strings.TrimLeft(after, " \u00a0"))
	for j := mi + 1; j < len(matches) && matches[j].start <= want; j++ {
		q := matches[j]
		if q.topic || q.start != want {
			continue
		}
		for _, ai := range q.aliases {
			e := &t.entries[t.aliases[ai].entry]
			if e.Kind != model.KindPlace || e.country < 0 {
				continue
			}
			for _, own := range m.aliases {
				if t.entries[t.aliases[own].entry].country == e.country {
					return -1
				}
			}
			return e.country
		}
	}
	return -1
}

// townsElsewhere returns, by lower-cased name, the towns the text qualifies
// by a state or province of another country (townElsewhere), so that the
// same name elsewhere in the story is that town too: "ATHENS, Ga. (AP) -
// Students rallied in Athens" is about Georgia's Athens throughout. It is
// nil, and costs no allocation, when the text names no such town.
func (t *Tagger) townsElsewhere(full string, matches []match) map[string]int32 {
	var towns map[string]int32
	for mi, m := range matches {
		if m.topic || !strings.HasPrefix(full[m.end:], ",") {
			continue
		}
		if c := t.townElsewhere(full, matches, mi); c >= 0 {
			if towns == nil {
				towns = map[string]int32{}
			}
			towns[strings.ToLower(full[m.start:m.end])] = c
		}
	}
	return towns
}

// ofLinks join a city's name to the rest of a longer place name in the
// Romance languages: "San Antonio del Táchira", "San José de Cúcuta",
// "Santiago de Compostela".
var ofLinks = []string{" del ", " de la ", " de ", " do ", " da ", " dos ", " das "}

// longerPlaceName reports whether the city name of match mi is the start of
// a longer place name: followed by "de", "del", "do"… and a capitalized word
// that the taxonomy does not know ("San Antonio del Táchira" is a town in
// Venezuela, not San Antonio in Texas). A known name after the link keeps
// the city ("Santiago de Chile", "San José de Costa Rica").
func longerPlaceName(full string, matches []match, mi int) bool {
	rest := full[matches[mi].end:]
	for _, l := range ofLinks {
		if !strings.HasPrefix(rest, l) {
			continue
		}
		after := rest[len(l):]
		r, _ := utf8.DecodeRuneInString(after)
		if !unicode.IsUpper(r) {
			return false
		}
		at := matches[mi].end + len(l)
		for j := mi + 1; j < len(matches) && matches[j].start <= at; j++ {
			if matches[j].start == at && !matches[j].topic {
				return false
			}
		}
		return true
	}
	return false
}
