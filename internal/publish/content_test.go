package publish_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// arabicStory is one story in Arabic from a source with no configured name.
func arabicStory() model.Story {
	at := publishtest.Base.Add(-time.Hour)
	a := model.Article{ID: 7, SourceID: "cdn-src", GUID: "g7", URL: "https://dm44143bsn99b.cloudfront.net/ar/7",
		Title: "محادثات في جنيف بشأن سوريا", Summary: "اجتمع المبعوثون في جنيف.", Text: "اجتمع المبعوثون في جنيف.",
		ContentHTML: "<p>اجتمع المبعوثون في جنيف.</p>", Language: "ar", Published: at, Updated: at, FetchedAt: at.Add(time.Minute)}
	return model.Story{ID: 7, Key: "s-ar", Title: a.Title, FirstSeen: a.FetchedAt, Updated: a.FetchedAt, Lead: a, Articles: []model.Article{a}}
}

func TestItemsCarryLanguageAndDirection(t *testing.T) {
	stories := []model.Story{arabicStory()}
	atom := render(t, "atom", testOptions(), stories)
	if !bytes.Contains(atom, []byte(`<entry xml:lang="ar">`)) {
		t.Errorf("Atom entry lacks xml:lang:\n%s", atom)
	}
	if !bytes.Contains(atom, []byte(`dir=&#34;rtl&#34;`)) && !bytes.Contains(atom, []byte(`dir=&quot;rtl&quot;`)) {
		t.Errorf("Atom content is not marked right to left")
	}
	var jf struct {
		Items []struct {
			Language    string `json:"language"`
			ContentHTML string `json:"content_html"`
		} `json:"items"`
	}
	if err := json.Unmarshal(render(t, "json", testOptions(), stories), &jf); err != nil {
		t.Fatal(err)
	}
	if jf.Items[0].Language != "ar" || !strings.HasPrefix(jf.Items[0].ContentHTML, `<div lang="ar" dir="rtl">`) {
		t.Errorf("JSON item: %+v", jf.Items[0])
	}
	srv, r, ts := newTestServer(t, testOptions())
	r.Set("syria-diplomacy", stories)
	srv.Invalidate()
	_, page := do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	if !bytes.Contains(page, []byte(`<h3 lang="ar" dir="rtl">`)) || !bytes.Contains(page, []byte(`<p class="summary" lang="ar" dir="rtl">`)) {
		t.Errorf("page item lacks lang and dir")
	}
	// An English item: lang en, direction left to the browser.
	r.Set("syria-diplomacy", publishtest.SyriaStories())
	srv.Invalidate()
	if _, page = do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil); !bytes.Contains(page, []byte(`<h3 lang="en" dir="auto">`)) {
		t.Errorf("English item lacks lang/dir")
	}
}

func TestOutletNameFallsBackToFeedTitle(t *testing.T) {
	srv, r, ts := newTestServer(t, testOptions())
	r.Set("syria-diplomacy", []model.Story{arabicStory()})
	r.SetSources([]model.FetchState{{SourceID: "cdn-src", FeedTitle: "Al Example – عربي"}})
	srv.Invalidate()
	_, feed := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil)
	if !bytes.Contains(feed, []byte("Al Example – عربي</source>")) || bytes.Contains(feed, []byte(">dm44143bsn99b.cloudfront.net<")) {
		t.Errorf("outlet not named by the feed's title:\n%s", feed)
	}
	// Without a stored title, the host stands in.
	r.SetSources(nil)
	srv.Invalidate()
	if _, feed = do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil); !bytes.Contains(feed, []byte("dm44143bsn99b.cloudfront.net</source>")) {
		t.Errorf("outlet not named by host")
	}
}

func TestContentSummaryByDefault(t *testing.T) {
	topic := syriaTopic
	topic.Content = ""
	b, err := publish.Render("json", topic, publishtest.SyriaStories(), testOptions(), publishtest.SampleLabels())
	if err != nil {
		t.Fatal(err)
	}
	var jf struct {
		Items []struct {
			ID          string `json:"id"`
			ContentHTML string `json:"content_html"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &jf); err != nil {
		t.Fatal(err)
	}
	for _, it := range jf.Items {
		if strings.Contains(it.ContentHTML, "<img") || strings.Contains(it.ContentHTML, "<em>") {
			t.Errorf("%s: summary mode republishes the article's HTML: %s", it.ID, it.ContentHTML)
		}
		if !strings.Contains(it.ContentHTML, "Read the full article at ") {
			t.Errorf("%s: no link to the outlet: %s", it.ID, it.ContentHTML)
		}
	}
	topic.Content = publish.ContentFull
	if b, _ = publish.Render("atom", topic, publishtest.SyriaStories(), testOptions(), publishtest.SampleLabels()); !bytes.Contains(b, []byte("&lt;img")) {
		t.Errorf("content: full drops the article's HTML")
	}
}

func TestUnlinkedStoryOnHomeIsNotADeadLink(t *testing.T) {
	s := arabicStory()
	s.Lead.URL, s.Articles[0].URL = "javascript:alert(1)", "javascript:alert(1)"
	_, r, ts := newTestServer(t, testOptions())
	r.Set("syria-diplomacy", []model.Story{s})
	r.Set("humanitarian", nil)
	_, page := do(t, "GET", ts.URL+"/", nil)
	if bytes.Contains(page, []byte(`/feeds/#`)) || !bytes.Contains(page, []byte(s.Title+"</h3>")) {
		t.Errorf("home page links an unlinked story to a dead anchor")
	}
}
