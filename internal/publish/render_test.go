package publish_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// render renders the sample Syria stories in format.
func render(t *testing.T, format string, o publish.Options, stories []model.Story) []byte {
	t.Helper()
	b, err := publish.Render(format, syriaTopic, stories, o, publishtest.SampleLabels())
	if err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return b
}

// parseChecked fails the test unless b is well-formed (valid JSON for the
// JSON Feed, well-formed XML otherwise) and a feed gofeed reads, and returns it.
func parseChecked(t *testing.T, format string, b []byte) *gofeed.Feed {
	t.Helper()
	if format == "json" {
		if !json.Valid(b) {
			t.Fatal("invalid JSON")
		}
	} else {
		wellFormedXML(t, b)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return f
}

// wellFormedXML fails the test unless b is a well-formed XML document.
func wellFormedXML(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
}

// wantIDs are the sample stories' ids, newest change first.
var wantIDs = []string{
	"tag:feeds.example.org,2026:story/s-iran-syria-ministers",
	"tag:feeds.example.org,2026:story/s-envoy-crossings",
	"tag:feeds.example.org,2026:story/s-astana-zones",
}

func TestRenderAllFormatsParseWithSameItems(t *testing.T) {
	o := testOptions()
	for _, format := range []string{"rss", "atom", "json"} {
		b := render(t, format, o, publishtest.SyriaStories())
		if format != "json" {
			wellFormedXML(t, b)
		} else if !json.Valid(b) {
			t.Fatalf("json: invalid JSON")
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: gofeed: %v", format, err)
		}
		if len(f.Items) != len(wantIDs) {
			t.Fatalf("%s: %d items, want %d", format, len(f.Items), len(wantIDs))
		}
		for i, it := range f.Items {
			if it.GUID != wantIDs[i] {
				t.Errorf("%s item %d: id %q, want %q", format, i, it.GUID, wantIDs[i])
			}
		}
		if got := f.Items[1].Title; got != `UN envoy says "progress" on Syria & Turkey border crossings` {
			t.Errorf("%s: title %q (escaped wrongly)", format, got)
		}
		if f.Items[0].Link != "https://radio-d.example.com/syria-iran-ministers" {
			t.Errorf("%s: link %q", format, f.Items[0].Link)
		}
		if f.UpdatedParsed == nil && f.PublishedParsed == nil {
			t.Errorf("%s: no feed date", format)
		}
		if !strings.Contains(f.Items[2].Content, "Also reported by") || !strings.Contains(f.Items[2].Content, "https://site-c.example.com/news/syria-astana") {
			t.Errorf("%s: content does not name the other outlets: %q", format, f.Items[2].Content)
		}
		if !strings.Contains(f.Items[2].Content, `href="https://wire-a.example.com/tags/astana"`) ||
			!strings.Contains(f.Items[2].Content, `src="https://wire-a.example.com/img/astana.jpg"`) {
			t.Errorf("%s: relative links not made absolute: %q", format, f.Items[2].Content)
		}
		if len(f.Items[2].Categories) < 10 {
			t.Errorf("%s: categories %v, want every tag", format, f.Items[2].Categories)
		}
	}
}

func TestRenderIsDeterministicAndIDsStable(t *testing.T) {
	o := testOptions()
	for _, format := range []string{"rss", "atom", "json"} {
		a := render(t, format, o, publishtest.SyriaStories())
		b := render(t, format, o, publishtest.SyriaStories())
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: two renders of the same stories differ", format)
		}
	}
	// A new article joining a story moves its updated time, keeps its id and
	// moves it to the top.
	stories := publishtest.SyriaStories()
	s := &stories[2] // astana
	joined := s.Articles[1]
	joined.SourceID, joined.URL, joined.GUID = "radio-d", "https://radio-d.example.com/late", "https://radio-d.example.com/late"
	joined.Published, joined.Updated, joined.FetchedAt = publishtest.Base, publishtest.Base, publishtest.Base.Add(2*time.Minute)
	s.Articles = append(s.Articles, joined)
	s.Updated = publishtest.Base
	b := render(t, "atom", o, stories)
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if f.Items[0].GUID != wantIDs[2] {
		t.Fatalf("updated story not first: %q", f.Items[0].GUID)
	}
	if !f.Items[0].UpdatedParsed.Equal(publishtest.Base) || !f.UpdatedParsed.Equal(publishtest.Base) {
		t.Fatalf("updated = %v, feed %v; want %v", f.Items[0].UpdatedParsed, f.UpdatedParsed, publishtest.Base)
	}
	if !strings.Contains(f.Items[0].Content, "Radio D") {
		t.Fatalf("joined outlet not named")
	}
}

func TestRSSDetails(t *testing.T) {
	o := testOptions()
	o.WebSubHub = "https://hub.example.net/"
	b := render(t, "rss", o, publishtest.SyriaStories())
	f, err := (&rss.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != "2.0" {
		t.Errorf("version %q", f.Version)
	}
	if _, err := time.Parse(time.RFC1123Z, f.LastBuildDate); err != nil {
		t.Errorf("lastBuildDate %q not RFC 822: %v", f.LastBuildDate, err)
	}
	if f.LastBuildDate != "Fri, 20 Nov 2026 11:20:00 +0000" {
		t.Errorf("lastBuildDate %q, want the newest item change", f.LastBuildDate)
	}
	for _, want := range []string{
		`<atom:link href="https://feeds.example.org/feeds/syria-diplomacy.rss" rel="self" type="application/rss+xml">`,
		`<atom:link href="https://hub.example.net/" rel="hub">`,
		`<guid isPermaLink="false">tag:feeds.example.org,2026:story/s-astana-zones</guid>`,
		`<source url="https://wire-a.example.com/">Wire A</source>`,
		`<category domain="https://feeds.example.org/tags/country">Syria</category>`,
		`<category domain="https://feeds.example.org/tags/actor">Recep Tayyip Erdoğan</category>`,
		`<enclosure url="https://paper-b.example.com/audio/envoy.mp3" length="123456" type="audio/mpeg">`,
		`<dc:creator>Staff W</dc:creator>`,
		`<media:thumbnail url="https://paper-b.example.com/img/envoy.jpg">`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("RSS lacks %s", want)
		}
	}
	it := f.Items[2]
	if it.GUID.IsPermalink != "false" || it.Source == nil || it.Source.URL == "" {
		t.Errorf("guid/source: %+v %+v", it.GUID, it.Source)
	}
	if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
		t.Errorf("pubDate %q: %v", it.PubDate, err)
	}
	if bytes.Contains(b, []byte("&amp;amp;")) || bytes.Contains(b, []byte("&amp;#")) {
		t.Errorf("double escaping in RSS")
	}
}

func TestAtomDetails(t *testing.T) {
	o := testOptions()
	o.WebSubHub = "https://hub.example.net/"
	o.SourceFeeds = map[string]string{"wire-a": "https://wire-a.example.com/feed.xml"}
	b := render(t, "atom", o, publishtest.SyriaStories())
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != "https://feeds.example.org/feeds/syria-diplomacy.atom" || rels["hub"] != "https://hub.example.net/" || rels["alternate"] == "" {
		t.Errorf("feed links %v", rels)
	}
	if f.ID != "tag:feeds.example.org,2026:feed/syria-diplomacy" || f.Updated != "2026-11-20T11:20:00Z" || len(f.Authors) == 0 {
		t.Errorf("feed id %q updated %q authors %v", f.ID, f.Updated, f.Authors)
	}
	e := f.Entries[2]
	var sawCountry bool
	for _, c := range e.Categories {
		if c.Term == "" || c.Scheme == "" || c.Label == "" {
			t.Errorf("category missing term/scheme/label: %+v", c)
		}
		if c.Term == "SY" && c.Label == "Syria" && strings.HasSuffix(c.Scheme, "/tags/country") {
			sawCountry = true
		}
	}
	if !sawCountry {
		t.Errorf("no Syria country category in %+v", e.Categories)
	}
	if e.Source == nil || e.Source.Title != "Wire A" || e.Source.ID != "https://wire-a.example.com/feed.xml" || e.Source.Updated == "" {
		t.Errorf("source %+v", e.Source)
	}
	if f.Entries[0].Source != nil {
		t.Errorf("source written without a known feed URL: %+v", f.Entries[0].Source)
	}
	if _, err := time.Parse(time.RFC3339, e.Published); err != nil {
		t.Errorf("published %q", e.Published)
	}
	if e.Content == nil || e.Content.Type != "html" || e.Summary == "" {
		t.Errorf("content/summary: %+v %q", e.Content, e.Summary)
	}
	var enclosure bool
	for _, l := range f.Entries[1].Links {
		enclosure = enclosure || l.Rel == "enclosure" && l.Length == "123456"
	}
	if !enclosure {
		t.Errorf("enclosure link missing")
	}
	if !bytes.Contains(b, []byte(`<media:thumbnail url="https://paper-b.example.com/img/envoy.jpg">`)) {
		t.Errorf("Atom lacks the item image")
	}
}

func TestJSONFeedDetails(t *testing.T) {
	o := testOptions()
	o.WebSubHub = "https://hub.example.net/"
	b := render(t, "json", o, publishtest.SyriaStories())
	var doc struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		FeedURL string `json:"feed_url"`
		Home    string `json:"home_page_url"`
		Authors []struct {
			Name string `json:"name"`
		} `json:"authors"`
		Hubs []struct {
			Type, URL string
		} `json:"hubs"`
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.FeedURL != "https://feeds.example.org/feeds/syria-diplomacy.json" || doc.Home == "" || len(doc.Authors) != 1 {
		t.Errorf("top level: %+v", doc)
	}
	if len(doc.Hubs) != 1 || doc.Hubs[0].Type != "WebSub" || doc.Hubs[0].URL != "https://hub.example.net/" {
		t.Errorf("hubs %+v", doc.Hubs)
	}
	it := doc.Items[2]
	for _, k := range []string{"id", "url", "title", "content_html", "summary", "date_published", "date_modified", "authors", "tags", "language"} {
		if _, ok := it[k]; !ok {
			t.Errorf("item lacks %q: %v", k, it)
		}
	}
	if _, ok := it["author"]; ok {
		t.Errorf("deprecated author field present")
	}
	tags, _ := it["tags"].([]any)
	if len(tags) < 10 || tags[0] != "Middle East" {
		t.Errorf("tags %v", tags)
	}
	if _, err := time.Parse(time.RFC3339, it["date_modified"].(string)); err != nil {
		t.Errorf("date_modified: %v", err)
	}
	att, ok := doc.Items[1]["attachments"].([]any)
	if !ok || len(att) != 1 {
		t.Fatalf("attachments %v", doc.Items[1]["attachments"])
	}
	if a := att[0].(map[string]any); a["size_in_bytes"] != float64(123456) || a["mime_type"] != "audio/mpeg" || a["size"] != nil {
		t.Errorf("attachment %v, want JSON Feed 1.1 size_in_bytes", a)
	}
}

func TestRenderLimitAndEmptyFeed(t *testing.T) {
	o := testOptions()
	topic := syriaTopic
	topic.Limit = 7
	for _, format := range []string{"rss", "atom", "json"} {
		b, err := publish.Render(format, topic, publishtest.ManyStories(20), o, nil)
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Items) != 7 {
			t.Errorf("%s: %d items, want the limit 7", format, len(f.Items))
		}
		for i := 1; i < len(f.Items); i++ {
			if f.Items[i].UpdatedParsed != nil && f.Items[i].UpdatedParsed.After(*f.Items[i-1].UpdatedParsed) {
				t.Errorf("%s: items not newest first", format)
			}
		}
		empty, err := publish.Render(format, topic, nil, o, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(empty)); err != nil {
			t.Errorf("%s: empty feed does not parse: %v", format, err)
		}
		again, _ := publish.Render(format, topic, nil, o, nil)
		if !bytes.Equal(empty, again) {
			t.Errorf("%s: empty feed not deterministic", format)
		}
	}
	if _, err := publish.Render("xml", topic, nil, o, nil); err == nil || !strings.HasPrefix(err.Error(), "publish: ") {
		t.Errorf("unknown format: err %v", err)
	}
}

func TestRenderArticleUnit(t *testing.T) {
	o := testOptions()
	topic := syriaTopic
	topic.Unit = publish.UnitArticle
	b, err := publish.Render("atom", topic, publishtest.SyriaStories(), o, publishtest.SampleLabels())
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 6 {
		t.Fatalf("%d items, want one per article (6)", len(f.Items))
	}
	ids := map[string]bool{}
	for _, it := range f.Items {
		if !strings.HasPrefix(it.GUID, "tag:feeds.example.org,2026:article/") || ids[it.GUID] {
			t.Errorf("bad or duplicate id %q", it.GUID)
		}
		ids[it.GUID] = true
	}
	if f.Items[0].Title != "Iran, Syria ministers meet" {
		t.Errorf("newest article first: got %q", f.Items[0].Title)
	}
}

func TestRenderTitlesPlainTextOnce(t *testing.T) {
	o := testOptions()
	cases := map[string]string{
		"AT&T in Syria":     "AT&T in Syria",
		"Tom &amp; Jerry":   "Tom & Jerry", // a source's double escaping is undone
		"<b>Bold</b> claim": "Bold claim",
		"Café “quotes” — العربية 中文":      "Café “quotes” — العربية 中文",
		"  spaced\n\ttitle  ":             "spaced title",
		"NUL\x00 and \x07bell":            "NUL and bell",
		"<i>x</i> &lt;script&gt;y":        "x",
		"Inflation < 2% & growth > 1%":    "Inflation ‹ 2% & growth › 1%",
		"\"Quoted\" 'single' <> edge":     "\"Quoted\" 'single' ‹› edge",
		"emoji 🇸🇾 flag":                   "emoji 🇸🇾 flag",
		"ends with entity &#39;":          "ends with entity '",
		"R&D; costs":                      "R&D; costs",
		"<script>alert(1)</script>Safe":   "Safe",
		"plain":                           "plain",
		"\u202eRLO override":              "\u202eRLO override",
		"title with ]]> cdata end marker": "title with ]]› cdata end marker",
	}
	for in, want := range cases {
		stories := publishtest.SyriaStories()[:1]
		stories[0].Title = in
		stories[0].Lead.Title = in
		for _, format := range []string{"rss", "atom", "json"} {
			b, err := publish.Render(format, syriaTopic, stories, o, nil)
			if err != nil {
				t.Fatal(err)
			}
			f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s %q: %v", format, in, err)
			}
			if got := f.Items[0].Title; got != want {
				t.Errorf("%s: title %q -> %q, want %q", format, in, got, want)
			}
		}
	}
}

func TestFarFutureArticleDatesAreClamped(t *testing.T) {
	topic := syriaTopic
	topic.Unit = publish.UnitArticle
	stories := publishtest.SyriaStories()
	a := &stories[2].Articles[2]
	a.Published = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	a.Updated = a.Published
	b, err := publish.Render("atom", topic, stories, testOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if f.UpdatedParsed.Year() != 2026 {
		t.Fatalf("feed updated %v: a far-future item date leaked", f.UpdatedParsed)
	}
	for _, it := range f.Items {
		if it.UpdatedParsed.Year() > 2026 || it.PublishedParsed != nil && it.PublishedParsed.After(*it.UpdatedParsed) {
			t.Errorf("item %q dates %v / %v", it.Title, it.PublishedParsed, it.UpdatedParsed)
		}
	}
}
