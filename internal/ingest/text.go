package ingest

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/textfold"
	xhtml "golang.org/x/net/html"
)

// blockTags end a run of text: their boundaries become spaces so that
// "<p>Syria</p><p>talks</p>" reads "Syria talks", not "Syriatalks".
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true, "table": true,
	"blockquote": true, "section": true, "article": true, "figure": true, "figcaption": true, "hr": true,
	"header": true, "footer": true, "pre": true, "dd": true, "dt": true,
}

// skipTags hold no readable text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "iframe": true, "object": true, "svg": true, "template": true}

// PlainText turns an HTML fragment (or plain text with entities) into clean text:
// tags removed, entities decoded once, whitespace collapsed, control characters
// dropped, at most limit bytes (cut at a rune boundary; 0 means no limit).
func PlainText(s string, limit int) string {
	if !strings.ContainsAny(s, "<&") {
		return cleanSpace(s, limit)
	}
	if !strings.Contains(s, "<") {
		return cleanSpace(html.UnescapeString(s), limit)
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return cleanSpace(b.String(), limit)
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] {
				if z.Token().Type == xhtml.StartTagToken {
					skip++
				}
			} else if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] && skip > 0 {
				skip--
			} else if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
		if limit > 0 && b.Len() > 4*limit {
			return cleanSpace(b.String(), limit)
		}
	}
}

// cleanSpace collapses runs of white space, drops control characters and
// invalid UTF-8 and bidi controls (isBidiControl), and cuts to limit bytes.
func cleanSpace(s string, limit int) string {
	var b strings.Builder
	b.Grow(min(len(s), max(limit, 64)))
	if textfold.IsASCII(s) {
		return cleanASCIISpace(&b, s, limit)
	}
	space := false
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue
			}
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) || r == '\uFEFF' || isBidiControl(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if limit > 0 && b.Len()+utf8.RuneLen(r) > limit {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cleanASCIISpace is cleanSpace of ASCII text, into b: the same rules
// (unicode.IsSpace and unicode.IsControl of an ASCII byte) without decoding
// runes.
func cleanASCIISpace(b *strings.Builder, s string, limit int) string {
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || '\t' <= c && c <= '\r' {
			space = b.Len() > 0
			continue
		}
		if c < ' ' || c == 0x7f {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if limit > 0 && b.Len()+1 > limit {
			break
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Excerpt cuts plain text to about n bytes at a word boundary, with an ellipsis.
func Excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
