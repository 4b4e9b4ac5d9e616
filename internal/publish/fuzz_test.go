package publish_test

import (
	"testing"

	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// FuzzRenderInert feeds arbitrary text into every field of an item: each
// format must stay well-formed, parse back with one item, and carry no
// active markup. Seeds are the XSS table.
func FuzzRenderInert(f *testing.F) {
	for _, p := range xssMarkup {
		f.Add(p, "")
	}
	for _, u := range xssURLs {
		f.Add(`<a href="`+u+`">x</a>`, u)
	}
	f.Add("plain & simple", "https://example.org/a?b=1&c=2")
	f.Fuzz(func(t *testing.T, payload, link string) {
		stories := hostileStories(payload, link)
		for _, format := range []string{"rss", "atom", "json"} {
			b, err := publish.Render(format, syriaTopic, stories, testOptions(), publishtest.SampleLabels())
			if err != nil {
				t.Fatal(err)
			}
			feed := parseChecked(t, format, b)
			if len(feed.Items) != 1 {
				t.Fatalf("%s: %d items", format, len(feed.Items))
			}
			it := feed.Items[0]
			checkPlain(t, format+" title", it.Title)
			checkInertHTML(t, format+" content", it.Content, false)
			checkURLAttr(t, format+" link", it.Link, false)
		}
	})
}
