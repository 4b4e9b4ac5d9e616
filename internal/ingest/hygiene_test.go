package ingest

import (
	"strings"
	"testing"
	"time"
)

// TestParseStripsBidiControls: issue 17 found U+202E kept in titles, where
// it reverses what a reader sees. Every bidi embedding, override and isolate
// is gone from the title, text, summary and HTML; other text stays.
func TestParseStripsBidiControls(t *testing.T) {
	var controls []string
	for r := '\u202A'; r <= '\u202E'; r++ {
		controls = append(controls, string(r))
	}
	for r := '\u2066'; r <= '\u2069'; r++ {
		controls = append(controls, string(r))
	}
	all := strings.Join(controls, "")
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk` + all + `</title><link>https://news.example.org/</link>
<item><title>Invoice ` + "\u202E" + `fdp.exe talks</title><link>https://news.example.org/a</link>
<description>&lt;p&gt;Envoys ` + all + `met.&lt;/p&gt;</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;Full ` + all + `text، بالعربية.&lt;/p&gt;</content:encoded></item>
</channel></rss>`
	f, err := Parse([]byte(feed), "https://news.example.org/feed.xml", 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	a := f.Articles[0]
	for name, v := range map[string]string{"feed title": f.Title, "title": a.Title, "text": a.Text, "summary": a.Summary, "html": a.ContentHTML} {
		if strings.ContainsFunc(v, isBidiControl) {
			t.Errorf("%s keeps a bidi control: %q", name, v)
		}
	}
	if a.Title != "Invoice fdp.exe talks" || a.Text != "Full text، بالعربية." {
		t.Errorf("title %q text %q", a.Title, a.Text)
	}
}

// TestParseResolvesRelativeURLsAgainstTheFeed: issue 17 found that a
// relative URL in an item whose link was unsafe ended up resolved against the
// aggregator's own address. Ingest now resolves it against the item's link,
// or its feed's when the link is unusable, and drops what cannot be resolved.
func TestParseResolvesRelativeURLsAgainstTheFeed(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Unsafe link</title><link>javascript:alert(1)</link>
<description>&lt;p&gt;&lt;a href="/world/1"&gt;more&lt;/a&gt; &lt;img src="pic.jpg"&gt;&lt;/p&gt;</description></item>
<item><title>Own link</title><link>https://other.example.net/2026/story.html</link>
<description>&lt;p&gt;&lt;a href="related.html"&gt;related&lt;/a&gt;&lt;/p&gt;</description></item>
</channel></rss>`
	f, err := Parse([]byte(feed), "https://feeds.example.org/desk/rss.xml", 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Articles[0].ContentHTML; !strings.Contains(got, `href="https://feeds.example.org/world/1"`) ||
		!strings.Contains(got, `src="https://feeds.example.org/desk/pic.jpg"`) {
		t.Errorf("unsafe item's HTML: %q", got)
	}
	if got := f.Articles[1].ContentHTML; !strings.Contains(got, `href="https://other.example.net/2026/related.html"`) {
		t.Errorf("item's HTML: %q", got)
	}
}
