package urlkit

import "testing"

func TestResolveHTML(t *testing.T) {
	base := "https://news.example.com/world/story.html"
	cases := map[string]string{
		`<a href="/x">x</a>`:                     `<a href="https://news.example.com/x">x</a>`,
		`<img src="pic.jpg">`:                    `<img src="https://news.example.com/world/pic.jpg">`,
		`<a href="https://o.example/">o</a>`:     `<a href="https://o.example/">o</a>`,
		`<p>no links</p>`:                        `<p>no links</p>`,
		`<blockquote cite="../q">q</blockquote>`: `<blockquote cite="https://news.example.com/q">q</blockquote>`,
	}
	for in, want := range cases {
		if got := ResolveHTML(in, base); got != want {
			t.Errorf("ResolveHTML(%q) = %q, want %q", in, got, want)
		}
	}
	// Without an absolute base, relative URLs go: nothing may resolve them
	// against the aggregator's own address.
	if got := ResolveHTML(`<a href="/x" title="t">x</a><img src="y.png">`, ""); got != `<a title="t">x</a><img>` {
		t.Errorf("without a base the relative URLs must go: %q", got)
	}
}
