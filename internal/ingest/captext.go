package ingest

import (
	"bytes"
	"unicode/utf8"
)

// maxRawText bounds the bytes of one element's text that gofeed is given. Of
// an item's HTML only maxHTML bytes are kept (and of its text maxText), but
// gofeed and encoding/xml hold and copy the whole of every element's text
// several times over while decoding it: a 10 MB description cost over 100 MB.
// Escaped HTML ("&lt;p&gt;", "&#1575;") runs up to a few times longer than
// what it decodes to, so four times maxHTML keeps all that is used.
const maxRawText = 4 * maxHTML

// capText cuts every run of character data (text or a CDATA section) longer
// than limit bytes in an XML document to limit bytes, at a UTF-8 and entity
// boundary, keeping the markup around it. It returns nil when no run is that
// long (the common case: nothing is copied) or the body is not XML.
func capText(body []byte, limit int) []byte {
	if t := bytes.TrimLeft(body, " \t\r\n\xef\xbb\xbf"); len(t) == 0 || t[0] != '<' {
		return nil
	}
	var out []byte // nil until the first cut
	done := 0      // body[:done] is in out
	cut := func(from, to, keep int) {
		if out == nil {
			out = make([]byte, 0, len(body)/2)
		}
		out = append(out, body[done:from+keep]...)
		done = to
	}
	i := 0
	for i < len(body) {
		lt := bytes.IndexByte(body[i:], '<')
		if lt < 0 {
			break
		}
		lt += i
		if run := lt - i; run > limit {
			cut(i, lt, textCut(body[i:lt], limit))
		}
		rest := body[lt:]
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			start := lt + len("<![CDATA[")
			end := bytes.Index(body[start:], []byte("]]>"))
			if end < 0 {
				return finish(out, body, done)
			}
			if end > limit {
				cut(start, start+end, utf8Cut(body[start:start+end], limit))
			}
			i = start + end + len("]]>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 {
				return finish(out, body, done)
			}
			i = lt + end + len("-->")
		default:
			gt := bytes.IndexByte(rest, '>')
			if gt < 0 {
				return finish(out, body, done)
			}
			i = lt + gt + 1
		}
	}
	return finish(out, body, done)
}

// finish appends the uncut tail, or returns nil when nothing was cut.
func finish(out, body []byte, done int) []byte {
	if out == nil {
		return nil
	}
	return append(out, body[done:]...)
}

// textCut is how many bytes of escaped text to keep, at most limit: never in
// the middle of an entity or reference ("&amp;", "&#1575;") or of a rune.
func textCut(text []byte, limit int) int {
	n := utf8Cut(text, limit)
	if amp := bytes.LastIndexByte(text[:n], '&'); amp >= 0 && !bytes.Contains(text[amp:n], []byte(";")) {
		n = amp
	}
	return n
}

// utf8Cut is the longest prefix of b of at most limit bytes that ends at a
// rune boundary.
func utf8Cut(b []byte, limit int) int {
	n := min(limit, len(b))
	for n > 0 && n < len(b) && !utf8.RuneStart(b[n]) {
		n--
	}
	return n
}
