package ingest

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Syria</p><p>talks</p>":                       "Syria talks",
		"Erdo&#287;an &amp; Putin":                       "Erdoğan & Putin",
		"a<script>alert(1)</script>b<style>x{}</style>c": "abc",
		"  many \n\t spaces\u0000 ":                      "many spaces",
		"Tom &amp;amp; Jerry":                            "Tom &amp; Jerry",
		"<![CDATA[x]]>y":                                 "y",
	} {
		if got := PlainText(in, 0); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := PlainText(strings.Repeat("é", 100), 11); got != strings.Repeat("é", 5) {
		t.Errorf("limit cuts inside a rune: %q", got)
	}
}

func TestParseNormalizes(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk &amp; Co</title><link>https://news.example.org/</link><ttl>30</ttl>
<item><title>Talks &lt;b&gt;resume&lt;/b&gt;</title><link>/world/talks?utm_source=rss</link><description>&lt;p&gt;Envoys met in &lt;a href="/x"&gt;Astana&lt;/a&gt;.&lt;/p&gt;</description><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>No guid, far future</title><link>javascript:alert(1)</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
<item><title>Talks resume</title><link>/world/talks?utm_source=rss</link></item>
<item></item>
</channel></rss>`
	f, err := Parse([]byte(feed), "https://feeds.example.org/world.xml", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Desk & Co" || f.TTL != 30*time.Minute {
		t.Errorf("feed: %q ttl %v", f.Title, f.TTL)
	}
	if len(f.Articles) != 2 || f.Skipped != 2 {
		t.Fatalf("got %d articles, %d skipped; want 2 and 2 (a repeated link and an empty item)", len(f.Articles), f.Skipped)
	}
	a := f.Articles[0]
	if a.Title != "Talks resume" || a.Text != "Envoys met in Astana." || a.URL != "https://news.example.org/world/talks?utm_source=rss" {
		t.Errorf("article: %+v", a)
	}
	if a.CanonicalURL != "https://news.example.org/world/talks" || a.GUID != a.URL || a.ContentHash == "" {
		t.Errorf("keys: canonical %q guid %q", a.CanonicalURL, a.GUID)
	}
	b := f.Articles[1]
	if b.URL != "" || !b.Published.Equal(now) || !strings.HasPrefix(b.GUID, "hash:") {
		t.Errorf("hostile item: url %q published %v guid %q", b.URL, b.Published, b.GUID)
	}
}

func TestParseRejectsNonFeeds(t *testing.T) {
	for _, body := range []string{"", "<!doctype html><html><body>hi</body></html>", "just text"} {
		if _, err := Parse([]byte(body), "https://x.org/", 0, time.Now()); !errors.Is(err, ErrNotAFeed) {
			t.Errorf("Parse(%q) = %v, want ErrNotAFeed", body, err)
		}
	}
}
