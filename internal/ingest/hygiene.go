package ingest

import (
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// isBidiControl reports the explicit directional embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069). In a headline they reorder what a
// reader sees ("‮gnp.exe" shows as "exe.png"), and the renderer sets each
// item's direction from its language, so the text needs none of them.
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// stripBidi removes bidi control characters from s (see isBidiControl).
func stripBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// urlAttrs are the attributes of an item's HTML whose value is a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true, "poster": true}

// resolveHTML makes every relative URL in an item's HTML absolute against
// base (the item's own link, else its feed's), so nothing downstream can
// resolve it against anything else — in particular not against the
// aggregator's own address, where a reader would look for it. With no usable
// base the attribute is dropped. The fragment is sanitized when published.
func resolveHTML(fragment, base string) string {
	if !strings.Contains(fragment, "<") {
		return fragment
	}
	bu, err := url.Parse(base)
	if err != nil || !bu.IsAbs() {
		bu = nil
	}
	var b strings.Builder
	b.Grow(len(fragment) + 64)
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return b.String()
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		tok := z.Token()
		attrs := tok.Attr[:0]
		changed := false
		for _, a := range tok.Attr {
			if a.Namespace == "" && urlAttrs[a.Key] {
				ref, err := url.Parse(strings.TrimSpace(a.Val))
				switch {
				case err != nil:
					changed = true
					continue
				case !ref.IsAbs() && bu == nil:
					changed = true
					continue
				case !ref.IsAbs():
					a.Val = bu.ResolveReference(ref).String()
					changed = true
				}
			}
			attrs = append(attrs, a)
		}
		if !changed {
			b.WriteString(raw)
			continue
		}
		tok.Attr = attrs
		b.WriteString(tok.String())
	}
}
