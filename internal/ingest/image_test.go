package ingest

import "testing"

// TestFirstImageAsTheTokenizer checks that the pre-check leaves no image
// out that the tokenizer finds, in any case and at the fragment's ends.
func TestFirstImageAsTheTokenizer(t *testing.T) {
	cases := map[string]string{
		`<p>text</p><img src="a.jpg">`:            "a.jpg",
		`<IMG SRC="b.jpg">`:                       "b.jpg",
		`<ImG alt="x" src='c.png'/>`:              "c.png",
		`<p>a < b</p><img src=d.gif>`:             "d.gif",
		`<p>no image</p>`:                         "",
		`<imgx src="e.jpg">`:                      "",
		`< img src="f.jpg">`:                      "",
		`<im`:                                     "",
		`<img`:                                    "",
		`text <`:                                  "",
		`<!-- <img src="g.jpg"> --><p>x</p>`:      "",
		`<p><picture><img src="h.jpg"></p>`:       "h.jpg",
		"<p>\u00e9t\u00e9</p><img src=\"i.jpg\">": "i.jpg",
	}
	for in, want := range cases {
		if got := firstImage(in); got != want || got != tokenizedImage(in) {
			t.Errorf("firstImage(%q) = %q, want %q (tokenizer %q)", in, got, want, tokenizedImage(in))
		}
	}
	for _, in := range []string{`<p>no image</p>`, `plain`, `<a href="x">y</a>`, `<i>m</i>g`} {
		if mayHoldImg(in) {
			t.Errorf("mayHoldImg(%q) = true, want false", in)
		}
	}
}
