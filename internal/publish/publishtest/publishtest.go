// Package publishtest provides sample stories and an in-memory story source
// for testing the publisher's rendering and HTTP behaviour, and for the
// conformance helper that serves a realistic site to outside tools
// (jing, ajv, feedparser, newsboat, Chromium). It is not a model of the
// store: it only hands back the stories it was given.
package publishtest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// Base is the fixed "now" of the sample stories, so renders are reproducible.
var Base = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// Reader is an in-memory publish.StoryReader. It counts its calls so tests
// can prove that a cached feed costs no read.
type Reader struct {
	mu      sync.Mutex
	topics  map[string][]model.Story
	err     error
	Calls   atomic.Int64       // TopicStories + RecentStories calls
	sources []model.FetchState // see SetSources
	Delay   time.Duration
}

// NewReader returns a Reader serving topics (slug → stories).
func NewReader(topics map[string][]model.Story) *Reader {
	r := &Reader{topics: map[string][]model.Story{}}
	for k, v := range topics {
		r.topics[k] = v
	}
	return r
}

// Set replaces the stories of one topic.
func (r *Reader) Set(slug string, stories []model.Story) {
	r.mu.Lock()
	r.topics[slug] = stories
	r.mu.Unlock()
}

// Fail makes every later call return err (nil restores).
func (r *Reader) Fail(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
}

// TopicStories returns the newest stories of slug, by Updated desc.
func (r *Reader) TopicStories(ctx context.Context, slug string, limit int) ([]model.Story, error) {
	r.Calls.Add(1)
	if r.Delay > 0 {
		select {
		case <-time.After(r.Delay):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	return newest(r.topics[slug], limit), nil
}

// RecentStories returns the newest stories of all topics.
func (r *Reader) RecentStories(ctx context.Context, limit int) ([]model.Story, error) {
	r.Calls.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	seen := map[string]bool{}
	var all []model.Story
	for _, ss := range r.topics {
		for _, s := range ss {
			if !seen[s.Key] {
				seen[s.Key] = true
				all = append(all, s)
			}
		}
	}
	return newest(all, limit), nil
}

func newest(ss []model.Story, limit int) []model.Story {
	out := append([]model.Story(nil), ss...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Labels is a publish.Labeler backed by a map "kind:id" → name.
type Labels map[string]string

// Label returns the display name of a tag, or id.
func (l Labels) Label(kind, id string) string {
	if s, ok := l[kind+":"+id]; ok {
		return s
	}
	return id
}

// SampleLabels names the tags used by the sample stories.
func SampleLabels() Labels {
	return Labels{
		"region:middle-east": "Middle East", "region:levant": "Levant", "region:europe": "Europe",
		"country:SY": "Syria", "country:RU": "Russia", "country:TR": "Turkey", "country:IR": "Iran",
		"country:KZ": "Kazakhstan", "country:US": "United States",
		"place:idlib": "Idlib", "actor:vladimir-putin": "Vladimir Putin",
		"actor:recep-tayyip-erdogan": "Recep Tayyip Erdoğan", "actor:united-nations": "United Nations",
		"topic:diplomacy": "Diplomacy", "topic:conflict": "Conflict", "topic:humanitarian": "Humanitarian",
	}
}

// SampleSources names the outlets of the sample stories.
func SampleSources() map[string]string {
	return map[string]string{
		"wire-a": "Wire A", "paper-b": "Paper B – World", "site-c": "Site C", "radio-d": "Radio D",
	}
}

// SampleSourceFeeds gives some of the sample outlets their own feed URL
// (and leaves the others without, as a partial configuration would).
func SampleSourceFeeds() map[string]string {
	return map[string]string{"wire-a": "https://wire-a.example.com/feed.xml", "paper-b": "https://paper-b.example.com/rss"}
}

// SampleTopics is the topic set the samples belong to.
var SampleTopics = []struct{ Slug, Title, Description string }{
	{"syria-diplomacy", "Syria diplomacy", "Talks, ceasefires, envoys and summits about Syria"},
	{"humanitarian", "Humanitarian", "Aid, refugees and relief operations"},
}

// article builds one sample article.
func article(id int64, source, path, title, summary, content string, at time.Time, tags model.TagSet) model.Article {
	url := fmt.Sprintf("https://%s.example.com/%s", source, path)
	return model.Article{
		ID: id, SourceID: source, GUID: url, URL: url, CanonicalURL: url,
		Title: title, Summary: summary, ContentHTML: content, Text: summary,
		Author: "Staff " + strings.ToUpper(source[:1]), Language: "en",
		Published: at, Updated: at, FetchedAt: at.Add(2 * time.Minute), Tags: tags,
	}
}

// SyriaStories returns the sample stories of the syria-diplomacy topic: a
// story carried by three outlets with a relative link and an image in its
// content, one with an ampersand and quotes in its title, one with an
// enclosure, and one single-outlet story.
func SyriaStories() []model.Story {
	tags := model.TagSet{
		Countries: []string{"SY", "RU", "TR", "KZ"}, Regions: []string{"middle-east", "levant", "europe"},
		Places: []string{"idlib"}, Actors: []string{"vladimir-putin", "recep-tayyip-erdogan"},
		Topics: []string{"diplomacy", "conflict"},
	}
	t0 := Base.Add(-6 * time.Hour)
	lead := article(101, "wire-a", "world/astana-talks-safe-zones", "Russia, Turkey and Iran agree on Syria safe zones at Astana talks",
		"Envoys meeting in the Kazakh capital agreed four de-escalation zones for Syria, including Idlib province.",
		`<p>Envoys meeting in the Kazakh capital <a href="/tags/astana">Astana</a> agreed four de-escalation zones.</p><p><img src="/img/astana.jpg" alt="Delegates in Astana"></p>`,
		t0, tags)
	b := article(102, "paper-b", "2026/11/20/syria-zones", "Astana deal sets four zones in Syria",
		"A deal reached in Astana sets four zones.", "<p>A deal reached in Astana sets four zones.</p>", t0.Add(40*time.Minute), tags)
	c := article(103, "site-c", "news/syria-astana", "Syria: zones agreed in Astana",
		"Zones agreed.", "", t0.Add(90*time.Minute), tags)
	s1 := model.Story{ID: 1, Key: "s-astana-zones", Title: lead.Title, FirstSeen: t0, Updated: c.Published,
		Lead: lead, Articles: []model.Article{lead, b, c}, Tags: tags}

	t1 := Base.Add(-3 * time.Hour)
	tags2 := model.TagSet{Countries: []string{"SY", "US"}, Regions: []string{"middle-east", "levant"},
		Actors: []string{"united-nations"}, Topics: []string{"diplomacy"}}
	d := article(201, "paper-b", "2026/11/20/envoy", `UN envoy says "progress" on Syria & Turkey border crossings`,
		"The envoy said talks on border crossings made progress; aid groups were cautious.",
		"<p>The envoy said talks made <em>progress</em>.</p>", t1, tags2)
	d.ImageURL = "https://paper-b.example.com/img/envoy.jpg"
	d.Enclosures = []model.Enclosure{{URL: "https://paper-b.example.com/audio/envoy.mp3", Type: "audio/mpeg", Length: 123456}}
	s2 := model.Story{ID: 2, Key: "s-envoy-crossings", Title: d.Title, FirstSeen: t1, Updated: t1,
		Lead: d, Articles: []model.Article{d}, Tags: tags2}

	t2 := Base.Add(-1 * time.Hour)
	tags3 := model.TagSet{Countries: []string{"SY", "IR"}, Regions: []string{"middle-east"}, Topics: []string{"diplomacy"}}
	e := article(301, "radio-d", "syria-iran-ministers", "Iranian and Syrian foreign ministers meet in Damascus",
		"The ministers discussed reconstruction and the ceasefire.", "", t2, tags3)
	f := article(302, "wire-a", "world/iran-syria-meeting", "Iran, Syria ministers meet",
		"Ministers meet in Damascus.", "<p>Ministers meet in Damascus.</p>", t2.Add(20*time.Minute), tags3)
	s3 := model.Story{ID: 3, Key: "s-iran-syria-ministers", Title: e.Title, FirstSeen: t2, Updated: f.Published,
		Lead: e, Articles: []model.Article{e, f}, Tags: tags3}
	return []model.Story{s3, s2, s1}
}

// HumanitarianStories returns the sample stories of the humanitarian topic.
func HumanitarianStories() []model.Story {
	tags := model.TagSet{Countries: []string{"SY"}, Regions: []string{"middle-east", "levant"},
		Places: []string{"idlib"}, Topics: []string{"humanitarian"}}
	t := Base.Add(-2 * time.Hour)
	a := article(401, "site-c", "aid/idlib-convoy", "Aid convoy reaches Idlib after weeks of delay",
		"Forty trucks crossed into Idlib.", "<p>Forty trucks crossed into Idlib.</p>", t, tags)
	return []model.Story{{ID: 4, Key: "s-idlib-convoy", Title: a.Title, FirstSeen: t, Updated: t,
		Lead: a, Articles: []model.Article{a}, Tags: tags}}
}

// ManyStories returns n generated stories, each carried by three outlets,
// newest first, for benchmarks and limit tests.
func ManyStories(n int) []model.Story {
	tags := model.TagSet{Countries: []string{"SY", "TR"}, Regions: []string{"middle-east", "levant"},
		Actors: []string{"united-nations"}, Topics: []string{"diplomacy", "conflict"}}
	out := make([]model.Story, 0, n)
	for i := 0; i < n; i++ {
		at := Base.Add(-time.Duration(i) * 10 * time.Minute)
		var arts []model.Article
		for j, src := range []string{"wire-a", "paper-b", "site-c"} {
			arts = append(arts, article(int64(i*10+j), src, fmt.Sprintf("story/%d", i),
				fmt.Sprintf("Story %d: talks on Syria continue in Geneva, day %d", i, i%7),
				"Delegations met again on Syria's constitution; the envoy called the talks constructive and said work would go on next week.",
				fmt.Sprintf(`<p>Delegations met again. <a href="/more/%d">More</a> <strong>constructive</strong>.</p><p>Second paragraph with <em>detail</em> and a <a href="https://example.org/x?a=1&amp;b=2">link</a>.</p>`, i),
				at.Add(time.Duration(j)*time.Minute), tags))
		}
		out = append(out, model.Story{ID: int64(i + 1), Key: fmt.Sprintf("gen-%05d", i), Title: arts[0].Title,
			FirstSeen: at, Updated: at.Add(2 * time.Minute), Lead: arts[0], Articles: arts, Tags: tags})
	}
	return out
}
