package store

import (
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

// joinLiterally is what a join did to a story's facts before they were
// kept decoded: decode the tags, add the article's, encode them again, and
// add its outlet unless the words hold it.
func joinLiterally(tags, outlets string, a *model.Article) (string, string) {
	t := decodeTags(tags)
	for _, kt := range tagRows(a.Tags) {
		addTag(&t, kt[0], kt[1])
	}
	if word := outletWord(a); !strings.Contains(" "+outlets+" ", " "+word+" ") {
		outlets = strings.TrimSpace(outlets + " " + word)
	}
	return encodeTags(t), outlets
}

// TestJoinFactsExtendAsDecodingAndEncodingWould: a story's facts extended
// join after join, decoded once, are those that decoding, adding and
// encoding at every join gave, from stored words in any order and with
// stray spaces, through tags and outlets holding white space.
func TestJoinFactsExtendAsDecodingAndEncodingWould(t *testing.T) {
	joins := []model.Article{
		{SourceID: "b", Language: "en", Tags: model.TagSet{Countries: []string{"SY"}, Topics: []string{"diplomacy"}}},
		{SourceID: "b", Language: "en", Tags: model.TagSet{Countries: []string{"SY"}}},
		{SourceID: "c", Language: "fr", Tags: model.TagSet{Countries: []string{"TR"}, Venue: "TR"}},
		{SourceID: "d", Language: "en", Tags: model.TagSet{Keywords: []string{"peace_talks"}, Venue: "SY"}},
		{SourceID: "odd source", Language: "en", Tags: model.TagSet{Actors: []string{"un"}}},
		{SourceID: "source", Language: "en"},
		{SourceID: "e", Language: "en", Tags: model.TagSet{Places: []string{"two words"}}},
		{SourceID: "a", Language: "en", Tags: model.TagSet{Regions: []string{"middle-east"}}},
		{SourceID: "e", Language: "en", Tags: model.TagSet{Countries: []string{"SY"}}},
		{SourceID: "odd", Language: "en"},
	}
	for _, stored := range [][2]string{
		{"", ""},
		{"topic:energy country:IQ venue:IQ", "a/en  b/en "},
		{"country:SY bogus", " c/fr\ta/en"},
		{"topic:diplomacy country:SY", "b/en"},
	} {
		f := &joinFacts{tags: stored[0], outlets: stored[1]}
		tags, outlets := stored[0], stored[1]
		for i := range joins {
			f.extend(&joins[i])
			tags, outlets = joinLiterally(tags, outlets, &joins[i])
			if f.tags != tags || f.outlets != outlets {
				t.Fatalf("from %q, join %d (%s): tags %q outlets %q; decoding and encoding give %q %q",
					stored, i+1, joins[i].SourceID, f.tags, f.outlets, tags, outlets)
			}
		}
	}
}
