package publish_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

func TestEveryTagHasAPageAndFeeds(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	// Syria: stories of both topics.
	resp, body := do(t, "GET", ts.URL+"/tags/country/syria", nil)
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("Aid convoy reaches Idlib")) || !bytes.Contains(body, []byte("Astana")) {
		t.Fatalf("/tags/country/syria: %d\n%s", resp.StatusCode, body)
	}
	if !bytes.Contains(body, []byte(`<span class="kind">Country</span> Syria</h1>`)) {
		t.Errorf("tag page heading does not say the kind")
	}
	for format, ctype := range map[string]string{"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"} {
		url := ts.URL + "/tags/place/idlib." + format
		resp, body := do(t, "GET", url, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Fatalf("%s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		f := parseChecked(t, format, body)
		if len(f.Items) != 2 {
			t.Errorf("%s: %d items, want the two Idlib stories", url, len(f.Items))
		}
		if !strings.Contains(string(body), testBase+"tags/place/idlib."+format) {
			t.Errorf("%s: no self link", url)
		}
		etag := resp.Header.Get("ETag")
		if resp, _ := do(t, "GET", url, map[string]string{"If-None-Match": etag}); etag == "" || resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: conditional GET gave %d", url, resp.StatusCode)
		}
		if resp, _ := do(t, "GET", url, map[string]string{"Accept-Encoding": "gzip"}); resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not gzipped", url)
		}
	}
	// A country's ISO code redirects to its one address.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := noRedirect.Get(ts.URL + "/tags/country/SY.atom"); err != nil || resp.StatusCode != http.StatusMovedPermanently ||
		resp.Header.Get("Location") != "/tags/country/syria.atom" {
		t.Errorf("/tags/country/SY.atom: %v %v", resp, err)
	}
	for _, p := range []string{"/tags/country/narnia", "/tags/country/narnia.rss", "/tags/person/syria", "/tags/region/SY",
		"/tags/place/syria", "/tags/country/syria.xml", "/tags/", "/tags/nothing"} {
		if resp, _ := do(t, "GET", ts.URL+p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestChipsLinkTagPagesMostSpecificFirst(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	page := string(body)
	i := strings.Index(page, `id="story-s-astana-zones"`)
	if i < 0 {
		t.Fatal("astana story missing")
	}
	story := page[i:]
	story = story[:strings.Index(story, "</li>\n")]
	chipRE := regexp.MustCompile(`<a class="tag tag-(\w+)" href="([^"]+)"><span class="kind">(\w+)</span> ([^<]+)</a>`)
	var kinds, labels []string
	for _, m := range chipRE.FindAllStringSubmatch(story, -1) {
		kinds, labels = append(kinds, m[1]), append(labels, m[4])
		if m[2] != "/tags/"+m[1]+"/"+strings.ToLower(strings.ReplaceAll(m[4], " ", "-")) && m[1] != "actor" && m[1] != "country" {
			t.Errorf("chip %q links %q", m[4], m[2])
		}
		if resp, _ := do(t, "GET", ts.URL+m[2], nil); resp.StatusCode != 200 {
			t.Errorf("chip %q: %s answers %d", m[4], m[2], resp.StatusCode)
		}
	}
	// Regions: no one region holds Syria, Russia, Turkey and Kazakhstan, so
	// the one nearest Idlib (Levant) stands for them.
	want := "place actor actor country country country country region topic topic"
	if strings.Join(kinds, " ") != want {
		t.Errorf("chip kinds %v, want %s", kinds, want)
	}
	if strings.Contains(strings.Join(labels, ","), "Middle East") || !strings.Contains(strings.Join(labels, ","), "Levant") {
		t.Errorf("regions not collapsed to Levant: %v", labels)
	}
	if !strings.Contains(story, "<summary>+2 more</summary>") {
		t.Errorf("no +N more after eight chips")
	}
}

func TestFeedCategoryDomainsResolve(t *testing.T) {
	o := testOptions()
	_, _, ts := newTestServer(t, o)
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil)
	domains := regexp.MustCompile(`domain="([^"]+)"`).FindAllStringSubmatch(string(body), -1)
	if len(domains) == 0 {
		t.Fatal("no categories")
	}
	for _, m := range domains {
		path := strings.TrimPrefix(m[1], testBase)
		resp, page := do(t, "GET", ts.URL+"/"+path, nil)
		if resp.StatusCode != 200 {
			t.Errorf("category domain %s answers %d", m[1], resp.StatusCode)
		}
		if strings.HasSuffix(path, "/country") && !bytes.Contains(page, []byte(`href="/tags/country/syria"`)) {
			t.Errorf("country index does not link Syria")
		}
	}
}

func TestTopicChoosesItsCategories(t *testing.T) {
	o := testOptions()
	topic := syriaTopic
	topic.Categories = []string{"country", "place"}
	b, err := publish.Render("rss", topic, publishtest.SyriaStories(), o, publishtest.SampleLabels())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`domain="[^"]*/tags/(\w+)"`).FindAllStringSubmatch(string(b), -1) {
		if m[1] != "country" && m[1] != "place" {
			t.Errorf("feed emits a %s category", m[1])
		}
	}
	if !bytes.Contains(b, []byte(">Idlib</category>")) {
		t.Errorf("place category missing")
	}
}

func TestChipsCollapseRegionsToTheOneHoldingEveryCountry(t *testing.T) {
	srv, r, ts := newTestServer(t, testOptions())
	stories := publishtest.SyriaStories()
	s := stories[0]
	s.Tags = model.TagSet{Countries: []string{"SY", "IR", "TR"}, Regions: []string{"levant", "middle-east", "europe", "world"}}
	for i := range s.Articles {
		s.Articles[i].Tags = s.Tags
	}
	s.Lead.Tags = s.Tags
	r.Set("syria-diplomacy", []model.Story{s})
	srv.Invalidate()
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	page := string(body)
	if !strings.Contains(page, `<span class="kind">Region</span> Middle East</a>`) {
		t.Errorf("Middle East, which holds Syria, Iran and Turkey, not shown")
	}
	for _, not := range []string{"> Levant<", "> Europe<", "> world<", "> World<"} {
		if strings.Contains(page, not) {
			t.Errorf("region %q shown", not)
		}
	}
}

// Tag feeds are not pinged to the WebSub hub, so they do not name it;
// topic feeds do.
func TestTagFeedsNameNoHub(t *testing.T) {
	o := testOptions()
	o.WebSubHub = "https://hub.example.org/"
	_, _, ts := newTestServer(t, o)
	_, topic := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.atom", nil)
	_, tag := do(t, "GET", ts.URL+"/tags/country/syria.atom", nil)
	if !bytes.Contains(topic, []byte(`rel="hub"`)) {
		t.Errorf("topic feed lacks its hub link")
	}
	if bytes.Contains(tag, []byte(`rel="hub"`)) {
		t.Errorf("tag feed names a hub that is never pinged for it")
	}
}
