package pipeline

import (
	"reflect"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/rule"
)

// TestTagMemoGivesWhatTaggingGives: a copy of a report (the same title and
// text) gets from the memo exactly what tagging it anew gives, keywords
// included, in slices of its own; a text that differs by one character is
// tagged anew.
func TestTagMemoGivesWhatTaggingGives(t *testing.T) {
	p, _ := buildPipeline(t, testSetup{topics: "topics:\n  - slug: talks\n    title: Talks\n    match: region:syria AND keyword:\"peace talks\"\n"})
	st := p.current()
	title := "UN envoy calls for Syria peace talks in Geneva"
	text := "DAMASCUS (Reuters) - The UN envoy for Syria called on Monday for peace talks in Geneva between the government and the opposition."
	first := model.Article{Title: title, Text: text}
	p.tag(st, &first)
	if len(first.Tags.Countries) == 0 || len(first.Tags.Keywords) == 0 || len(first.Mentions) == 0 {
		t.Fatalf("the test text should have countries, keywords and mentions: %+v %+v", first.Tags, first.Mentions)
	}
	if len(st.tagged.seen) != 1 {
		t.Fatalf("memo holds %d texts after one, want 1", len(st.tagged.seen))
	}

	fresh := model.Article{Title: title, Text: text}
	r := st.tagger().Tag(title, text)
	fresh.Tags, fresh.Mentions = r.TagSet, r.Mentions
	fresh.Tags.Keywords = []string{rule.KeywordKey("peace talks")}

	copyOf := model.Article{Title: title, Text: text}
	p.tag(st, &copyOf)
	if !reflect.DeepEqual(copyOf.Tags, fresh.Tags) || !reflect.DeepEqual(copyOf.Mentions, fresh.Mentions) {
		t.Fatalf("memo gave %+v %+v, tagging gives %+v %+v", copyOf.Tags, copyOf.Mentions, fresh.Tags, fresh.Mentions)
	}
	if len(st.tagged.seen) != 1 {
		t.Fatalf("a copy was tagged anew: memo holds %d texts", len(st.tagged.seen))
	}
	// Each article owns its slices.
	copyOf.Tags.Countries[0] = "XX"
	copyOf.Mentions[0].Tag = "changed"
	if first.Tags.Countries[0] == "XX" || first.Mentions[0].Tag == "changed" {
		t.Fatal("two articles share the memo's slices")
	}
	again := model.Article{Title: title, Text: text}
	p.tag(st, &again)
	if !reflect.DeepEqual(again.Tags, fresh.Tags) {
		t.Fatalf("the memo kept a change made to an article: %+v", again.Tags)
	}

	other := model.Article{Title: title, Text: text + "!"}
	p.tag(st, &other)
	if len(st.tagged.seen) != 2 {
		t.Fatalf("a different text was taken from the memo: it holds %d texts", len(st.tagged.seen))
	}
}

// TestTagMemoIsBounded: a memo that is full starts again empty.
func TestTagMemoIsBounded(t *testing.T) {
	var m tagMemo
	for i := range maxTagMemo + 10 {
		m.put(tagKey("title", string(rune('a'+i%26))+string(rune(i))), tagged{})
	}
	if n := len(m.seen); n > maxTagMemo || n != 10 {
		t.Fatalf("memo holds %d texts after %d, bound %d: want 10", n, maxTagMemo+10, maxTagMemo)
	}
}

// TestTagMemoCloneOwnsItsLists: a clone's lists are equal to the
// original's (nil stays nil, empty stays empty), and neither writing into
// one nor appending to one shows in the original or in its neighbours.
func TestTagMemoCloneOwnsItsLists(t *testing.T) {
	orig := tagged{tags: model.TagSet{Countries: []string{"SY", "TR"}, Regions: []string{}, Actors: []string{"un"},
		Topics: []string{"diplomacy"}, Venue: "GB", Keywords: []string{"peace talks"}},
		mentions: []model.Mention{{Tag: "SY", Kind: "country", Text: "Syria"}}}
	c := orig.clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("clone %+v, want %+v", c, orig)
	}
	if c.tags.Places != nil || c.tags.Regions == nil {
		t.Fatalf("nil and empty lists not kept: places %#v regions %#v", c.tags.Places, c.tags.Regions)
	}
	c.tags.Countries[0] = "XX"
	c.tags.Countries = append(c.tags.Countries, "IQ")
	c.tags.Actors = append(c.tags.Actors, "nato")
	if orig.tags.Countries[0] != "SY" || c.tags.Actors[0] != "un" || c.tags.Topics[0] != "diplomacy" || c.tags.Keywords[0] != "peace talks" {
		t.Fatalf("a clone's write showed elsewhere: original %+v, clone %+v", orig.tags, c.tags)
	}
}
