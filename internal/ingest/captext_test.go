package ingest

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestCapText(t *testing.T) {
	long := strings.Repeat("x", 20)
	cases := []struct{ name, in, want string }{
		{"short runs untouched", `<a><b>short</b></a>`, ""},
		{"not XML", `{"items": ["` + long + `"]}`, ""},
		{"text cut", `<a><b>` + long + `</b><c>ok</c></a>`, `<a><b>xxxxxxxxxx</b><c>ok</c></a>`},
		{"not inside an entity", `<a>xxxxxxx&amp;xx</a>`, `<a>xxxxxxx</a>`},
		{"after a whole entity", `<a>xxxxx&lt;xxxxxxxx</a>`, `<a>xxxxx&lt;x</a>`},
		{"not inside a rune", `<a>xxxxxxxxxé` + long + `</a>`, `<a>xxxxxxxxx</a>`},
		{"CDATA cut", `<a><![CDATA[<p>` + long + `</p>]]></a>`, `<a><![CDATA[<p>xxxxxxx]]></a>`},
		{"comment kept", `<a><!-- <b>` + long + ` --><c>x</c></a>`, ""},
		{"tag with a long attribute kept", `<a href="` + long + `">x</a>`, ""},
	}
	for _, c := range cases {
		got := capText([]byte(c.in), 10)
		if string(got) != c.want {
			t.Errorf("%s: capText(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
		if got != nil {
			if err := xml.Unmarshal(got, new(struct{})); err != nil {
				t.Errorf("%s: the cut document does not parse: %v", c.name, err)
			}
		}
	}
}

// A huge item in a CDATA section is cut too, and the items after it survive.
func TestHugeCDATAItem(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>T</title><item><title>Huge</title><guid>1</guid><description><![CDATA[<p>`)
	for b.Len() < 5<<20 {
		b.WriteString("Talks in Damascus went on. ")
	}
	b.WriteString(`</p>]]></description></item><item><title>Small</title><guid>2</guid><description>ok</description></item></channel></rss>`)
	f, err := Parse([]byte(b.String()), "https://example.org/feed", 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Articles) != 2 || f.Articles[1].Title != "Small" {
		t.Fatalf("articles %+v", f.Articles)
	}
	if n := len(f.Articles[0].Text); n != maxText {
		t.Errorf("huge item text %d bytes, want the limit %d", n, maxText)
	}
}
