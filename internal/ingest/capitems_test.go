package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func manyItemsFeed(root string, n int) string {
	var b strings.Builder
	switch root {
	case "rss":
		b.WriteString(`<?xml version="1.0"?><!-- generated --><rss version="2.0"><channel><title>t</title>`)
	case "rdf":
		b.WriteString(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>t</title></channel>`)
	case "atom":
		b.WriteString(`<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x "y">]><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>`)
	}
	for i := 0; i < n; i++ {
		if root == "atom" {
			fmt.Fprintf(&b, `<entry><id>e%d</id><title>Item %d</title><updated>2026-11-10T08:00:00Z</updated></entry>`, i, i)
		} else {
			fmt.Fprintf(&b, `<item rdf:about="i%d"><title>Item %d</title><guid>g%d</guid><link>https://x.example.org/%d</link></item>`, i, i, i, i)
		}
	}
	switch root {
	case "rss":
		b.WriteString(`</channel></rss>`)
	case "rdf":
		b.WriteString(`</rdf:RDF>`)
	case "atom":
		b.WriteString(`</feed>`)
	}
	return b.String()
}

// TestParseCapsItemsBeforeParsing checks that a feed with far more items than
// are kept yields exactly the first maxItems, counts the rest as skipped, and
// does so for RSS 2.0, RSS 1.0 and Atom.
func TestParseCapsItemsBeforeParsing(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, root := range []string{"rss", "rdf", "atom"} {
		body := manyItemsFeed(root, 50)
		if cut, rest := capItems([]byte(body), 10); cut == nil || rest != 40 {
			t.Errorf("%s: capItems cut %v, rest %d", root, cut != nil, rest)
		}
		f, err := Parse([]byte(body), "https://x.example.org/feed", 10, now)
		if err != nil {
			t.Fatalf("%s: %v", root, err)
		}
		if len(f.Articles) != 10 || f.Skipped != 40 || f.Articles[0].Title != "Item 0" || f.Articles[9].Title != "Item 9" {
			t.Errorf("%s: %d articles, %d skipped, first %q", root, len(f.Articles), f.Skipped, f.Articles[0].Title)
		}
		if f.Title != "t" {
			t.Errorf("%s: feed title %q", root, f.Title)
		}
	}
}

// TestParseCapFallsBack: an end tag inside CDATA puts the textual cut in the
// wrong place; the whole body is parsed instead and the result is the same.
func TestParseCapFallsBack(t *testing.T) {
	body := `<rss version="2.0"><channel><title>t</title>` +
		`<item><title>A</title><guid>a</guid><description><![CDATA[x</item>y]]></description></item>` +
		`<item><title>B</title><guid>b</guid></item><item><title>C</title><guid>c</guid></item></channel></rss>`
	f, err := Parse([]byte(body), "https://x.example.org/feed", 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Articles) != 1 || f.Articles[0].Title != "A" || f.Skipped != 2 {
		t.Errorf("%d articles, %d skipped: %+v", len(f.Articles), f.Skipped, f.Articles)
	}
	if cut, _ := capItems([]byte(body), 5); cut != nil {
		t.Errorf("a feed within the limit must not be cut")
	}
	if cut, _ := capItems([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"}]}`), 1); cut != nil {
		t.Errorf("a JSON Feed within the limit must not be cut")
	}
}

// TestParseRejectsJSONThatIsNotAFeed: an API error message is not an empty feed.
func TestParseRejectsJSONThatIsNotAFeed(t *testing.T) {
	_, err := Parse([]byte(`{"error":"rate limited","retry":30}`), "https://x.example.org/feed", 10, time.Now())
	if !errors.Is(err, ErrNotAFeed) {
		t.Errorf("err = %v, want ErrNotAFeed", err)
	}
	f, err := Parse([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"j","items":[]}`), "https://x.example.org/feed", 10, time.Now())
	if err != nil || f.Title != "j" {
		t.Errorf("an empty JSON Feed is a feed: %v", err)
	}
}

// TestParseCapsJSONItems: a JSON Feed's items array is cut too, whatever
// comes before and after it.
func TestParseCapsJSONItems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"j","extra":{"items":[1,2,3]},"items":[`)
	for i := 0; i < 50; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"id":"i%d","title":"Item %d","tags":["a","b"]}`, i, i)
	}
	b.WriteString(`],"home_page_url":"https://x.example.org/"}`)
	cut, rest := capItems([]byte(b.String()), 10)
	if cut == nil || rest != 40 {
		t.Fatalf("cut %v, rest %d", cut != nil, rest)
	}
	f, err := Parse([]byte(b.String()), "https://x.example.org/feed", 10, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Articles) != 10 || f.Skipped != 40 || f.Articles[9].Title != "Item 9" || f.Link != "https://x.example.org/" {
		t.Errorf("%d articles, %d skipped, link %q", len(f.Articles), f.Skipped, f.Link)
	}
	for _, bad := range []string{`{"items":{"a":1}}`, `{"items":[1,2,3`, `[1,2]`, `{"title":"no items"}`} {
		if cut, _ := capItems([]byte(bad), 1); cut != nil {
			t.Errorf("capItems(%s) cut it", bad)
		}
	}
}

func TestRootElement(t *testing.T) {
	for in, want := range map[string]string{
		"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<rss version=\"2.0\">":       "rss",
		"<!-- c --><?xml-stylesheet href=\"x\"?><rdf:RDF xmlns:rdf=\"x\">": "rdf:RDF",
		"<!DOCTYPE feed [<!ENTITY a \"<b>\">]><feed>":                      "feed",
		"<!DOCTYPE rss PUBLIC \"-//x//y\" \"z\"><rss/>":                    "rss",
		"not xml": "",
		"<rss":    "",
	} {
		if got := rootElement([]byte(in)); got != want {
			t.Errorf("rootElement(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCapItems: capItems never panics, cuts only with a positive limit and
// items to drop, and Parse stays sound whichever way the cut goes.
func FuzzCapItems(f *testing.F) {
	f.Add([]byte(manyItemsFeed("rss", 5)), 2)
	f.Add([]byte(manyItemsFeed("rdf", 5)), 3)
	f.Add([]byte(manyItemsFeed("atom", 5)), 1)
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"},{"id":"2"},{"id":"3"}]}`), 1)
	f.Add([]byte(`<rss><channel><item><![CDATA[</item>]]></item><item/></channel></rss>`), 1)
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte, n int) {
		n %= 20
		cut, rest := capItems(body, n)
		if cut == nil && rest != 0 || cut != nil && (n <= 0 || rest <= 0) {
			t.Fatalf("capItems(_, %d) = cut %v, rest %d", n, cut != nil, rest)
		}
		if f, err := Parse(body, "https://x.example.org/feed", n, now); err == nil && n > 0 && len(f.Articles) > n {
			t.Fatalf("%d articles kept with max %d", len(f.Articles), n)
		}
	})
}
