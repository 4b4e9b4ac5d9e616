package ingest

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// hugeItemFeed is an RSS feed whose first item's description is n bytes of
// escaped HTML paragraphs, followed by a small item.
func hugeItemFeed(n int) []byte {
	var b strings.Builder
	b.Grow(n + 1024)
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><link>https://huge.example.org/</link>`)
	b.WriteString(`<item><title>Huge Syrian talks</title><guid>h1</guid><link>https://huge.example.org/h1</link><description>`)
	b.WriteString(`&lt;p&gt;&lt;img src="/pics/first.jpg"&gt;Lead paragraph.&lt;/p&gt;`)
	for b.Len() < n {
		b.WriteString("&lt;p&gt;Syrian officials held talks in Damascus on a ceasefire, and the envoys met again.&lt;/p&gt;\n")
	}
	b.WriteString(`</description></item><item><title>Small</title><guid>h2</guid><link>https://huge.example.org/h2</link><description>Talks.</description></item></channel></rss>`)
	return []byte(b.String())
}

// A 10 MB item costs a bounded multiple of its size: the description is not
// parsed into an HTML tree looking for an image (gofeed's fallback built the
// whole document, ~125 MB for 10 MB); the first image is still found, in the
// part of the HTML that is kept.
func TestHugeItemMemory(t *testing.T) {
	body := hugeItemFeed(10 << 20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f, err := Parse(body, "https://huge.example.org/feed", 0, time.Now())
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Articles) != 2 {
		t.Fatalf("%d articles, want 2", len(f.Articles))
	}
	if got := f.Articles[0].ImageURL; got != "https://huge.example.org/pics/first.jpg" {
		t.Errorf("image %q, want the first <img> of the description, resolved", got)
	}
	alloc := float64(after.TotalAlloc-before.TotalAlloc) / (1 << 20)
	t.Logf("parsing a 10 MiB item allocated %.0f MiB", alloc)
	if alloc > 80 {
		t.Errorf("parsing a 10 MiB item allocated %.0f MiB, want under 80", alloc)
	}
}

// BenchmarkParseHugeItem parses a feed with one 10 MB item.
func BenchmarkParseHugeItem(b *testing.B) {
	body := hugeItemFeed(10 << 20)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body, "https://huge.example.org/feed", 0, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}
