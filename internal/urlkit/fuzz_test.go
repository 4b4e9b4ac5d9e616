package urlkit

import (
	"net/url"
	"testing"
)

// FuzzCanonical: any link and base either give "" or an absolute http(s)
// URL, and canonicalizing that again changes nothing.
func FuzzCanonical(f *testing.F) {
	for _, s := range [][2]string{
		{"https://www.bbc.co.uk/news/world-middle-east-123?at_medium=RSS&at_campaign=KARANGA#x", ""},
		{"/news/1?utm_source=rss", "https://example.org/feed"},
		{"HTTP://Example.COM:80/a/../b/?b=2&a=1", ""},
		{"https://www-google-com.cdn.ampproject.org/c/s/www.example.com/amp/story", ""},
		{"javascript:alert(1)", "https://x.org/"},
		{"//[::1]:443/x", "https://x.org/"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, base string) {
		c := Canonical(raw, base)
		if c == "" {
			return
		}
		u, err := url.Parse(c)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("Canonical(%q, %q) = %q: not an absolute http(s) URL (%v)", raw, base, c, err)
		}
		if again := Canonical(c, ""); again != c {
			t.Fatalf("not idempotent: %q → %q → %q", raw, c, again)
		}
	})
}
