package pipeline

import (
	"testing"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/rule"
)

// TestVenueFacts checks that venue: atoms ask the dateline's country, by ISO
// code, id or containing region, and not the countries the story is about.
func TestVenueFacts(t *testing.T) {
	p, _ := buildPipeline(t, testSetup{topics: syriaTopic})
	st := &model.Story{Tags: model.TagSet{Countries: []string{"RU"}, Venue: "SY"}}
	f := newStoryFacts(st, p.Tagger())
	for match, want := range map[string]bool{
		"venue:sy":                  true,
		"venue:syria":               true,
		"venue:middle-east":         true,
		"venue:ru":                  false,
		"country:ru AND venue:SY":   true,
		"country:sy OR venue:idlib": false,
	} {
		e, err := rule.Parse(match)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Eval(f); got != want {
			t.Errorf("%s = %v, want %v", match, got, want)
		}
	}
}

// TestCarrierFacts: a story read without its articles (storage's topic
// facts: its outlets as carriers) answers source:, lang: and outlets>=
// atoms from its carriers.
func TestCarrierFacts(t *testing.T) {
	p, _ := buildPipeline(t, testSetup{topics: syriaTopic})
	st := &model.Story{Carriers: []model.Outlet{{Source: "bbc", Language: "en"}, {Source: "aljazeera", Language: "ar"}, {Source: "bbc", Language: "ar"}}}
	f := newStoryFacts(st, p.Tagger())
	for match, want := range map[string]bool{
		"source:aljazeera": true,
		"source:reuters":   false,
		"lang:AR":          true,
		"lang:fr":          false,
		"outlets>=2":       true,
		"outlets>=3":       false,
	} {
		e, err := rule.Parse(match)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Eval(f); got != want {
			t.Errorf("%s = %v, want %v", match, got, want)
		}
	}
}
