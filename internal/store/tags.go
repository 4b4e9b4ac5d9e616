package store

import (
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// tagRows flattens a TagSet into (kind, tag) pairs.
func tagRows(t model.TagSet) [][2]string {
	n := tagCount(&t)
	if n == 0 {
		return nil
	}
	// Sized at once: a cold round flattens a story's tags at every join.
	out := make([][2]string, 0, n)
	for _, g := range []struct {
		kind string
		ids  []string
	}{
		{model.KindCountry, t.Countries}, {model.KindRegion, t.Regions}, {model.KindPlace, t.Places},
		{model.KindActor, t.Actors}, {model.KindTopic, t.Topics}, {model.KindKeyword, t.Keywords},
	} {
		for _, id := range g.ids {
			out = append(out, [2]string{g.kind, id})
		}
	}
	if t.Venue != "" {
		out = append(out, [2]string{venueWord, t.Venue})
	}
	return out
}

// venueWord is the kind under which the tags column keeps the dateline's
// country ("venue:GB"). A story's venue is the first one its articles give
// (its first article's); stories.go then takes its lead article's.
const venueWord = "venue"

// encodeTags writes a TagSet as the tags column: "kind:tag" words separated by
// spaces (taxonomy ids and ISO codes contain neither).
func encodeTags(t model.TagSet) string {
	var b strings.Builder
	for _, kt := range tagRows(t) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(kt[0])
		b.WriteByte(':')
		b.WriteString(kt[1])
	}
	return b.String()
}

// countriesOf reads the countries of a tags column alone: what decodeTags
// gives as Countries, without allocating the other kinds (the story stage's
// window reads it for every article it rebuilds or catches up with).
func countriesOf(s string) []string {
	var out []string
	for w := range strings.FieldsSeq(s) {
		if code, ok := strings.CutPrefix(w, model.KindCountry+":"); ok {
			out = append(out, code)
		}
	}
	return out
}

// decodeTags reads the tags column back.
func decodeTags(s string) model.TagSet {
	var t model.TagSet
	for _, w := range strings.Fields(s) {
		if kind, tag, ok := strings.Cut(w, ":"); ok {
			addTag(&t, kind, tag)
		}
	}
	return t
}

// addTag adds a tag to a set unless present.
func addTag(t *model.TagSet, kind, tag string) {
	var dst *[]string
	switch kind {
	case venueWord:
		if t.Venue == "" {
			t.Venue = tag
		}
		return
	case model.KindCountry:
		dst = &t.Countries
	case model.KindRegion:
		dst = &t.Regions
	case model.KindPlace:
		dst = &t.Places
	case model.KindActor:
		dst = &t.Actors
	case model.KindTopic:
		dst = &t.Topics
	case model.KindKeyword:
		dst = &t.Keywords
	default:
		return
	}
	for _, v := range *dst {
		if v == tag {
			return
		}
	}
	*dst = append(*dst, tag)
}
