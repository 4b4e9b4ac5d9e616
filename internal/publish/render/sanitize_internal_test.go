package render

import "testing"

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
		if got := SafeURL(in); got != want {
			t.Errorf("SafeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncateText(t *testing.T) {
	if got := TruncateText("short", 10); got != "short" {
		t.Errorf("got %q", got)
	}
	got := TruncateText("one two three four five six", 14)
	if got != "one two three…" {
		t.Errorf("got %q", got)
	}
	if got := TruncateText("ääääääääää", 4); got != "ääää…" {
		t.Errorf("runes: got %q", got)
	}
}

func TestCollapseSpace(t *testing.T) {
	cases := map[string]string{
		"": "", "a": "a", "a b": "a b", " a": "a", "a ": "a", "a  b": "a b", "a\tb": "a b", "a\nb\n": "a b",
		"é b": "é b", "a\u00a0 b": "a b", "a\u2003b": "a b", "  ": "",
	}
	for in, want := range cases {
		if got := CollapseSpace(in); got != want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", in, got, want)
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
