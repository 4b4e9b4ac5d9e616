package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestSplitItemsLeavesKnownItemsUnparsed checks, on RSS 2.0, RSS 1.0 (whose
// channel has an <items> element that is not an item) and Atom, that the
// items whose hashes are known are left out of the parse and counted, and
// that the others carry their hash and parse as before.
func TestSplitItemsLeavesKnownItemsUnparsed(t *testing.T) {
	now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	for _, root := range []string{"rss", "rdf", "atom"} {
		t.Run(root, func(t *testing.T) {
			body := manyItemsFeed(root, 5)
			if root == "rdf" {
				body = strings.Replace(body, `<title>t</title></channel>`, `<title>t</title><items><rdf:Seq/></items></channel>`, 1)
			}
			items := SplitItems([]byte(body), 0)
			if items == nil || len(items.Hashes) != 5 {
				t.Fatalf("split: %+v", items)
			}
			whole, err := Parse([]byte(body), "https://x.example.org/feed", 0, now)
			if err != nil {
				t.Fatal(err)
			}
			known := map[string]bool{items.Hashes[0]: true, items.Hashes[3]: true}
			feed, err := items.Parse(known, "https://x.example.org/feed", now)
			if err != nil {
				t.Fatal(err)
			}
			if feed.Known != 2 || len(feed.Articles) != 3 || feed.Title != whole.Title {
				t.Fatalf("known %d, %d articles, title %q; want 2, 3, %q", feed.Known, len(feed.Articles), feed.Title, whole.Title)
			}
			for i, want := range []int{1, 2, 4} {
				got := feed.Articles[i]
				if got.GUID != whole.Articles[want].GUID || got.Title != whole.Articles[want].Title || got.ContentHash != whole.Articles[want].ContentHash {
					t.Errorf("article %d = %q %q, want %q", i, got.GUID, got.Title, whole.Articles[want].Title)
				}
				if got.RawHash != items.Hashes[want] {
					t.Errorf("article %d raw hash %q, want %q", i, got.RawHash, items.Hashes[want])
				}
			}
		})
	}
}

// TestSplitItemsHashIsTheItemsBytes checks that a hash changes with its
// item's bytes only: a new item at the top leaves the others' hashes alone,
// and an edit of one item changes its hash alone.
func TestSplitItemsHashIsTheItemsBytes(t *testing.T) {
	body := manyItemsFeed("rss", 3)
	before := SplitItems([]byte(body), 0).Hashes
	added := strings.Replace(body, "<item ", `<item><title>Fresh</title><guid>new</guid></item><item `, 1)
	edited := strings.Replace(body, "<title>Item 1</title>", "<title>Item one</title>", 1)
	after := SplitItems([]byte(added), 0).Hashes
	if len(after) != 4 || after[1] != before[0] || after[2] != before[1] || after[3] != before[2] {
		t.Errorf("an added item moved the others' hashes: %v then %v", before, after)
	}
	ed := SplitItems([]byte(edited), 0).Hashes
	if ed[0] != before[0] || ed[1] == before[1] || ed[2] != before[2] {
		t.Errorf("an edit of item 1: %v then %v", before, ed)
	}
}

// TestSplitItemsRefusesWhatItCannotCutSafely checks the shapes the split
// leaves to the whole parse, and that maxItems counts what it leaves out.
func TestSplitItemsRefusesWhatItCannotCutSafely(t *testing.T) {
	head, tail := `<rss version="2.0"><channel><title>t</title>`, `</channel></rss>`
	for name, body := range map[string]string{
		"json feed":             `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1"}]}`,
		"closing tag in cdata":  head + `<item><description><![CDATA[a </item> b]]></description></item>` + tail,
		"unclosed comment":      head + `<item><title>a</title><!-- </item> --></item>` + tail,
		"text between items":    head + `<item><title>a</title></item><image><url>x</url></image><item><title>b</title></item>` + tail,
		"unclosed item":         head + `<item><title>a</title>` + tail,
		"item inside an item":   head + `<item><title>a</title><item><title>b</title></item></item>` + tail,
		"prefixed item element": `<rss version="2.0" xmlns:r="x"><channel><r:item><title>a</title></r:item></channel></rss>`,
		"no items":              head + tail,
		"not a feed":            `<html><body>error</body></html>`,
	} {
		if got := SplitItems([]byte(body), 0); got != nil {
			t.Errorf("%s: split into %d items, want none", name, len(got.Hashes))
		}
	}
	items := SplitItems([]byte(manyItemsFeed("atom", 7)), 4)
	if items == nil || len(items.Hashes) != 4 || items.Skipped != 3 {
		t.Fatalf("maxItems 4 of 7: %+v", items)
	}
	feed, err := items.Parse(nil, "https://x.example.org/", time.Now())
	if err != nil || len(feed.Articles) != 4 || feed.Skipped != 3 {
		t.Fatalf("parse: %v, %+v", err, feed)
	}
}

// TestSplitItemsFallsBackToTheWholeFeed checks that a cut that gofeed
// parses into another number of items than were kept gives the whole
// parse, without hashes, rather than items put together wrongly. No feed
// the split accepts is known to do this, so the wrong cut is built by hand:
// an item left in the head, as a closing tag the split could not see would.
func TestSplitItemsFallsBackToTheWholeFeed(t *testing.T) {
	head := `<rss version="2.0"><channel><title>t</title><item><title>a</title><guid>1</guid></item>`
	item := `<item><title>b</title><guid>2</guid></item>`
	tail := `</channel></rss>`
	items := &Items{body: []byte(head + item + tail), head: []byte(head), tail: []byte(tail),
		chunks: [][]byte{[]byte(item)}, Hashes: []string{"h2"}}
	feed, err := items.Parse(nil, "https://x.example.org/", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Articles) != 2 || feed.Articles[0].RawHash != "" || feed.Articles[1].RawHash != "" {
		t.Fatalf("got %d articles, want the whole feed's 2 without hashes: %+v", len(feed.Articles), feed.Articles)
	}
}

// TestSplitItemsParsesAsTheWholeFeedOnTheCorpus checks, on the saved feeds
// of ../shared/corpus/news (skipped when absent), that a feed cut into items
// and parsed with none known gives the articles the whole parse gives, and
// that with every item known it gives none and counts them all.
func TestSplitItemsParsesAsTheWholeFeedOnTheCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/news/*.xml")
	if len(files) == 0 {
		t.Skip("no corpus at ../shared/corpus/news")
	}
	now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	cut := 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := Parse(body, "https://feeds.example.org/", 0, now)
		if err != nil {
			t.Logf("%s: %v (not a feed: nothing to compare)", filepath.Base(f), err)
			continue
		}
		items := SplitItems(body, 0)
		if items == nil {
			t.Logf("%s: not cut (%d items parsed whole)", filepath.Base(f), len(whole.Articles))
			continue
		}
		cut++
		got, err := items.Parse(nil, "https://feeds.example.org/", now)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(got.Articles) != len(whole.Articles) || got.Title != whole.Title {
			t.Fatalf("%s: %d articles titled %q, the whole parse %d titled %q", f, len(got.Articles), got.Title, len(whole.Articles), whole.Title)
		}
		for i := range got.Articles {
			g, w := got.Articles[i], whole.Articles[i]
			if g.GUID != w.GUID || g.URL != w.URL || g.ContentHash != w.ContentHash || !g.Published.Equal(w.Published) || g.RawHash == "" {
				t.Errorf("%s item %d: %q %q %s, whole parse %q %q %s", f, i, g.GUID, g.URL, g.Published, w.GUID, w.URL, w.Published)
			}
			// The whole article, but for the hash only the cut has (the
			// dates gofeed is handed with a numeric zone: pubdate.go).
			if g.RawHash = ""; !reflect.DeepEqual(g, w) {
				t.Errorf("%s item %d:\n%+v\nwhole parse:\n%+v", f, i, g, w)
			}
		}
		known := map[string]bool{}
		for _, h := range items.Hashes {
			known[h] = true
		}
		none, err := items.Parse(known, "https://feeds.example.org/", now)
		if err != nil || len(none.Articles) != 0 || none.Known != len(items.Hashes) || none.Title != whole.Title {
			t.Errorf("%s with every item known: %v, %d articles, %d known of %d", f, err, len(none.Articles), none.Known, len(items.Hashes))
		}
	}
	t.Logf("%d of %d feeds cut into items", cut, len(files))
}

// FuzzSplitItems: the split never panics, and whatever it accepts parses,
// with no item known, into the articles (GUIDs and content) of the whole
// parse, or into what Parse gives when the cut falls back.
func FuzzSplitItems(f *testing.F) {
	f.Add([]byte(manyItemsFeed("rss", 3)))
	f.Add([]byte(manyItemsFeed("rdf", 3)))
	f.Add([]byte(manyItemsFeed("atom", 3)))
	f.Add([]byte(`<rss><channel><item><![CDATA[</item>]]></item><item/></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><title>a</title></item> <!-- x --> <item><title>b</title></item></channel></rss>`))
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		items := SplitItems(body, 0)
		if items == nil {
			return
		}
		whole, werr := Parse(body, "https://x.example.org/feed", 0, now)
		got, gerr := items.Parse(nil, "https://x.example.org/feed", now)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("whole parse error %v, cut parse error %v", werr, gerr)
		}
		if werr != nil {
			return
		}
		if len(got.Articles) != len(whole.Articles) {
			t.Fatalf("%d articles from the cut, %d from the whole", len(got.Articles), len(whole.Articles))
		}
		for i := range got.Articles {
			if got.Articles[i].GUID != whole.Articles[i].GUID || got.Articles[i].ContentHash != whole.Articles[i].ContentHash {
				t.Fatalf("article %d: %q, whole %q", i, got.Articles[i].GUID, whole.Articles[i].GUID)
			}
		}
	})
}
