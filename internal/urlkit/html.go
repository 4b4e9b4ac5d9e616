package urlkit

import (
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
)

// urlAttrs are the HTML attributes whose value is a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true, "poster": true}

// ResolveHTML makes every relative URL in an HTML fragment's URL attributes
// (href, src, cite, poster) absolute against base, and drops the attributes
// it cannot resolve (no absolute base, an unparsable value), so that nothing
// downstream resolves them against anything else — in particular not against
// the aggregator's own address, where a reader would look for them. Tags are
// re-serialized only where an attribute changed; everything else is copied
// as it came. Ingest applies it to every item's HTML (base: the item's link,
// else its feed's); the renderer applies it to older rows. The output is
// sanitized afterwards, so a malformed input can do no harm here.
func ResolveHTML(fragment, base string) string {
	if !hasRelativeURL(fragment) {
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
				case err != nil, !ref.IsAbs() && bu == nil:
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

// hasRelativeURL is a fast, conservative pre-check for ResolveHTML: it
// reports false only when every URL attribute value in fragment starts with
// an absolute http(s) or mailto URL, so the parse can be skipped. Anything
// odd (unquoted values, entities, other schemes) answers true.
func hasRelativeURL(fragment string) bool {
	if !strings.Contains(fragment, "<") {
		return false
	}
	lower := strings.ToLower(fragment)
	for attr := range urlAttrs {
		rest := lower
		for {
			i := strings.Index(rest, attr+"=")
			if i < 0 {
				break
			}
			rest = rest[i+len(attr)+1:]
			v := strings.TrimLeft(rest, "\"'")
			if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "mailto:") {
				return true
			}
		}
	}
	return false
}
