package publish_test

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// These checks restate rules of the W3C Feed Validation Service (the
// feedvalidator code) that a feed can break while staying schema-valid, so
// that CI catches them without the service: positive enclosure lengths,
// complete atom:source elements, no markup or entity references in titles,
// a self link, sufficiently unique guids, ISO 639 languages, RFC 822 dates.

var (
	titleEndTag   = regexp.MustCompile(`</\w+>`)
	titleEntity   = regexp.MustCompile(`&#?\w+;`)
	iso639        = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)
	shortDigitsID = regexp.MustCompile(`^[0-9]{1,8}$`)
)

// w3cStories are the samples plus the awkward cases: an enclosure of
// unknown length, a messy language code, a double-escaped title.
func w3cStories() []model.Story {
	stories := publishtest.SyriaStories()
	s := &stories[0]
	s.Lead.Enclosures = []model.Enclosure{{URL: "https://radio-d.example.com/a.mp3", Type: "audio/mpeg"}}
	s.Lead.Language = "EN_gb"
	s.Lead.Title = "Ministers &amp; envoys meet &#8212; again"
	s.Articles[0] = s.Lead
	return stories
}

func TestW3CRulesRSS(t *testing.T) {
	o := testOptions()
	o.SourceFeeds = publishtest.SampleSourceFeeds()
	b, err := publish.Render("rss", syriaTopic, w3cStories(), o, publishtest.SampleLabels())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Channel struct {
			AtomLinks []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			LastBuildDate string `xml:"lastBuildDate"`
			Items         []struct {
				Title     string `xml:"title"`
				Link      string `xml:"link"`
				GUID      string `xml:"guid"`
				PubDate   string `xml:"pubDate"`
				Language  string `xml:"http://purl.org/dc/elements/1.1/ language"`
				Enclosure *struct {
					Length string `xml:"length,attr"`
					Type   string `xml:"type,attr"`
				} `xml:"enclosure"`
				Source *struct {
					URL string `xml:"url,attr"`
				} `xml:"source"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	self := false
	for _, l := range doc.Channel.AtomLinks {
		self = self || l.Rel == "self" && l.Href == "https://feeds.example.org/feeds/syria-diplomacy.rss"
	}
	if !self {
		t.Error("MissingAtomSelfLink")
	}
	if _, err := time.Parse(time.RFC1123Z, doc.Channel.LastBuildDate); err != nil {
		t.Errorf("lastBuildDate: %v", err)
	}
	guids := map[string]bool{}
	for _, it := range doc.Channel.Items {
		if titleEndTag.MatchString(it.Title) || titleEntity.MatchString(it.Title) {
			t.Errorf("ContainsHTML in title %q", it.Title)
		}
		if it.Link == "" || it.Title == "" {
			t.Errorf("MissingItemLink/Title: %+v", it)
		}
		if shortDigitsID.MatchString(it.GUID) || guids[it.GUID] {
			t.Errorf("guid %q not sufficiently unique", it.GUID)
		}
		guids[it.GUID] = true
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("pubDate %q: %v", it.PubDate, err)
		}
		if it.Language != "" && !iso639.MatchString(it.Language) {
			t.Errorf("dc:language %q", it.Language)
		}
		if e := it.Enclosure; e != nil {
			if n, err := strconv.Atoi(e.Length); err != nil || n <= 0 || e.Type == "" {
				t.Errorf("InvalidIntegerAttribute: enclosure length %q", e.Length)
			}
		}
		if it.Source != nil && it.Source.URL == "" {
			t.Error("source without url")
		}
	}
	if doc.Channel.Items[0].Title != "Ministers & envoys meet — again" || doc.Channel.Items[0].Language != "en-GB" {
		t.Errorf("first item: %q %q", doc.Channel.Items[0].Title, doc.Channel.Items[0].Language)
	}
	if doc.Channel.Items[0].Enclosure != nil {
		t.Error("enclosure of unknown length written to RSS")
	}
}

func TestW3CRulesAtom(t *testing.T) {
	o := testOptions()
	o.SourceFeeds = publishtest.SampleSourceFeeds()
	o.WebSubHub = "https://hub.example.net/"
	b, err := publish.Render("atom", syriaTopic, w3cStories(), o, publishtest.SampleLabels())
	if err != nil {
		t.Fatal(err)
	}
	type link struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	}
	var doc struct {
		Links   []link `xml:"link"`
		Authors []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []link `xml:"link"`
			Source  *struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Links   []link `xml:"link"`
			} `xml:"source"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	uniqueLinks := func(where string, ls []link) {
		seen := map[string]bool{}
		for _, l := range ls {
			if l.Rel == "enclosure" {
				continue
			}
			k := l.Rel + "|" + l.Type
			if seen[k] {
				t.Errorf("%s: DuplicateAtomLink %s", where, k)
			}
			seen[k] = true
		}
	}
	uniqueLinks("feed", doc.Links)
	if len(doc.Authors) == 0 || doc.Authors[0].Name == "" {
		t.Error("feed author missing (entries may lack one)")
	}
	sources := 0
	for _, e := range doc.Entries {
		uniqueLinks("entry", e.Links)
		if titleEndTag.MatchString(e.Title) || titleEntity.MatchString(e.Title) {
			t.Errorf("title %q", e.Title)
		}
		if s := e.Source; s != nil {
			sources++
			self := false
			for _, l := range s.Links {
				self = self || l.Rel == "self"
			}
			if s.ID == "" || s.Title == "" || s.Updated == "" || !self {
				t.Errorf("atom:source lacks id/title/updated/self: %+v", s)
			}
		}
	}
	if sources == 0 {
		t.Error("no atom:source written although source feeds are known")
	}
	if !bytes.Contains(b, []byte(`rel="hub"`)) {
		t.Error("no hub link")
	}
}
