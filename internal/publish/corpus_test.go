package publish_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
)

// corpusStories turns the items of the real saved feeds in
// ../shared/corpus/news into stories (one per item, the raw item HTML as
// content), skipping the test when the corpus is absent.
func corpusStories(t *testing.T) []model.Story {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "news")
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(files) == 0 {
		t.Skipf("no corpus at %s", dir)
	}
	var out []model.Story
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			continue // a hostile or broken saved feed is ingest's business
		}
		src := filepath.Base(file)
		for i, it := range f.Items {
			at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(len(out)) * time.Minute)
			if it.PublishedParsed != nil {
				at = *it.PublishedParsed
			}
			content := it.Content
			if content == "" {
				content = it.Description
			}
			a := model.Article{
				SourceID: src, GUID: it.GUID, URL: it.Link, Title: it.Title, Summary: it.Description,
				ContentHTML: content, Published: at, Updated: at,
			}
			if it.Image != nil {
				a.ImageURL = it.Image.URL
			}
			for _, e := range it.Enclosures {
				a.Enclosures = append(a.Enclosures, model.Enclosure{URL: e.URL, Type: e.Type})
			}
			out = append(out, model.Story{
				ID: int64(len(out) + 1), Key: fmt.Sprintf("%s-%d", src, i), Title: it.Title,
				FirstSeen: at, Updated: at, Lead: a, Articles: []model.Article{a},
				Tags: model.TagSet{Countries: []string{"SY"}, Topics: []string{"diplomacy"}},
			})
		}
	}
	if len(out) == 0 {
		t.Skip("corpus has no parseable items")
	}
	return out
}

// TestRealCorpusRendersValidAndInert renders every item of the saved real
// feeds in every format: the output must be well-formed, parse back with the
// same number of items, and carry no active markup.
func TestRealCorpusRendersValidAndInert(t *testing.T) {
	stories := corpusStories(t)
	topic := syriaTopic
	topic.Limit = len(stories)
	for _, format := range []string{"rss", "atom", "json"} {
		b, err := publish.Render(format, topic, stories, testOptions(), nil)
		if err != nil {
			t.Fatal(err)
		}
		f := parseChecked(t, format, b)
		if len(f.Items) != len(stories) {
			t.Errorf("%s: %d items, want %d", format, len(f.Items), len(stories))
		}
		for _, it := range f.Items {
			checkPlain(t, format+" title", it.Title)
			checkInertHTML(t, format+" content of "+it.GUID, it.Content, false)
			if it.Link != "" {
				checkURLAttr(t, format+" link", it.Link, false)
			}
		}
	}
}
