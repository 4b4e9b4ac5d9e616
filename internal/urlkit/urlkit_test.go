package urlkit

import (
	"net/url"
	"testing"
)

func TestParseHTTP(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://example.org/feed.xml": true,
		"HTTP://Example.org/":          true,
		"http://[::1]:8080/rss":        true,
		"ftp://example.org/feed":       false,
		"javascript:alert(1)":          false,
		"mailto:desk@example.org":      false,
		"//example.org/feed":           false,
		"/feed.xml":                    false,
		"https://":                     false,
		"https://exa mple.org/":        false,
		"":                             false,
	} {
		if _, ok := ParseHTTP(raw); ok != want {
			t.Errorf("ParseHTTP(%q) ok = %v, want %v", raw, ok, want)
		}
	}
}

func TestAbsolute(t *testing.T) {
	const base = "https://example.org/world/feed.xml"
	tests := []struct{ raw, base, want string }{
		{"https://example.org/a", base, "https://example.org/a"},
		{"  /news/1  ", base, "https://example.org/news/1"},
		{"story.html", base, "https://example.org/world/story.html"},
		{"//cdn.example.net/i.jpg", base, "https://cdn.example.net/i.jpg"},
		{"/news/1", "", ""},
		{"javascript:alert(1)", base, ""},
		{"data:text/html,x", base, ""},
		{"", base, ""},
		{"/x", "%zz", ""},
	}
	for _, tc := range tests {
		if got := Absolute(tc.raw, tc.base); got != tc.want {
			t.Errorf("Absolute(%q, %q) = %q, want %q", tc.raw, tc.base, got, tc.want)
		}
	}
}

func TestFeedKey(t *testing.T) {
	key := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return FeedKey(u)
	}
	same := [][2]string{
		{"https://Example.ORG/feed/", "http://example.org/feed"},
		{"https://example.org:443/feed", "https://example.org/feed#top"},
		{"http://example.org:80/feed?x=1", "https://example.org/feed?x=1"},
	}
	for _, p := range same {
		if key(p[0]) != key(p[1]) {
			t.Errorf("FeedKey(%q) = %q, FeedKey(%q) = %q: want equal", p[0], key(p[0]), p[1], key(p[1]))
		}
	}
	different := [][2]string{
		{"https://example.org/feed", "https://example.org/Feed"},
		{"https://example.org/feed?x=1", "https://example.org/feed?x=2"},
		{"https://example.org:8443/feed", "https://example.org/feed"},
	}
	for _, p := range different {
		if key(p[0]) == key(p[1]) {
			t.Errorf("FeedKey(%q) = FeedKey(%q) = %q: want different", p[0], p[1], key(p[0]))
		}
	}
}

// TestHostKey checks that the unit of politeness ignores the letter case of
// the host, the path and the query, makes the scheme's default port explicit
// and keeps other ports apart.
func TestHostKey(t *testing.T) {
	cases := map[string]string{
		"http://Example.COM/feed":           "example.com:80",
		"https://example.com/a?b=c":         "example.com:443",
		"http://example.com:8080/x":         "example.com:8080",
		"https://[2001:db8::1]/rss":         "[2001:db8::1]:443",
		"http://127.0.0.1:5000/feeds/1.xml": "127.0.0.1:5000",
	}
	for raw, want := range cases {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := HostKey(u); got != want {
			t.Errorf("HostKey(%s) = %q, want %q", raw, got, want)
		}
	}
}
