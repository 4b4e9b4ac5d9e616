package publish

import (
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

func TestAcceptsGzip(t *testing.T) {
	cases := map[string]bool{
		"": false, "gzip": true, "GZIP": true, "br, gzip": true, "gzip;q=0": false, "gzip; q=0.5": true,
		"deflate, br": false, "*": true, "x-gzip": true, "identity": false, "gzipx": false, "br;q=1, gzip;q=0": false,
	}
	for in, want := range cases {
		if got := acceptsGzip(in); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	cases := map[string]string{
		"https://example.org/a?b=1": "https://example.org/a?b=1",
		"HTTP://Example.org/":       "http://Example.org/",
		"javascript:alert(1)":       "",
		"/relative":                 "",
		"//host/x":                  "",
		"https://u:p@example.org/":  "",
		"https://example.org/<x>":   "",
		"ftp://example.org/":        "",
		"  https://example.org/  ":  "https://example.org/",
		"https://":                  "",
	}
	for in, want := range cases {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAbsolutize(t *testing.T) {
	base := "https://news.example.com/world/story.html"
	cases := map[string]string{
		`<a href="/x">x</a>`:                     `<a href="https://news.example.com/x">x</a>`,
		`<img src="pic.jpg">`:                    `<img src="https://news.example.com/world/pic.jpg">`,
		`<a href="https://o.example/">o</a>`:     `<a href="https://o.example/">o</a>`,
		`<p>no links</p>`:                        `<p>no links</p>`,
		`<blockquote cite="../q">q</blockquote>`: `<blockquote cite="https://news.example.com/q">q</blockquote>`,
	}
	for in, want := range cases {
		if got := absolutize(in, base); got != want {
			t.Errorf("absolutize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncateText(t *testing.T) {
	if got := truncateText("short", 10); got != "short" {
		t.Errorf("got %q", got)
	}
	got := truncateText("one two three four five six", 14)
	if got != "one two three…" {
		t.Errorf("got %q", got)
	}
	if got := truncateText("ääääääääää", 4); got != "ääää…" {
		t.Errorf("runes: got %q", got)
	}
}

func TestCollapseSpace(t *testing.T) {
	cases := map[string]string{
		"": "", "a": "a", "a b": "a b", " a": "a", "a ": "a", "a  b": "a b", "a\tb": "a b", "a\nb\n": "a b",
		"é b": "é b", "a\u00a0 b": "a b", "a\u2003b": "a b", "  ": "",
	}
	for in, want := range cases {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSiteRoot(t *testing.T) {
	cases := map[string]string{
		"https://a.example/x/y?z": "https://a.example/", "http://b.example": "http://b.example/",
		"http://c.example?q=1": "http://c.example/", "ftp://x/": "", "": "",
	}
	for in, want := range cases {
		if got := siteRoot(in); got != want {
			t.Errorf("siteRoot(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestArticleWithoutLinkDropsRelativeURLs: issue 17 found a relative URL in
// an item without a usable link resolved against the aggregator's own base
// URL, so readers fetched it from the aggregator. It is dropped instead.
func TestArticleWithoutLinkDropsRelativeURLs(t *testing.T) {
	b := &builder{o: Options{BaseURL: "https://agg.example.org/"}, san: newSanitizer()}
	a := &model.Article{Title: "t", ContentHTML: `<p><a href="/world/1">more</a> <img src="pic.jpg"> <a href="https://o.example/x">o</a></p>`}
	e := b.articleEntry(&model.Story{Title: "t"}, a)
	if strings.Contains(e.ContentHTML, "agg.example.org") || strings.Contains(e.ContentHTML, "/world/1") {
		t.Fatalf("relative URL kept or resolved against the aggregator: %q", e.ContentHTML)
	}
	if !strings.Contains(e.ContentHTML, `href="https://o.example/x"`) {
		t.Fatalf("absolute link lost: %q", e.ContentHTML)
	}
}
