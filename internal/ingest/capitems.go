package ingest

import (
	"bytes"
	"encoding/json"
	"strings"
)

// capItems cuts an XML feed with more than maxItems items right after the
// maxItems-th item and closes the document, so that gofeed never builds the
// items that would be dropped anyway: a feed of 100,000 items costs the parse
// of maxItems, not hundreds of megabytes. It returns nil when the body needs
// no cut or its shape is not recognised (RSS 2.0/0.9x, RSS 1.0 RDF and Atom
// with unprefixed item elements, JSON Feed); rest is the number of items cut
// off.
//
// The cut is textual, so a caller must fall back to the whole body when the
// cut one fails to parse (an "</item>" inside a comment or CDATA section can
// put the cut in the wrong place; the fallback then costs what it always did).
func capItems(body []byte, maxItems int) (cut []byte, rest int) {
	if maxItems <= 0 {
		return nil, 0
	}
	if t := bytes.TrimLeft(body, " \t\r\n\xef\xbb\xbf"); len(t) > 0 && t[0] == '{' {
		return capJSONItems(body, maxItems)
	}
	root := rootElement(body)
	item := itemElement(root)
	if item == "" {
		return nil, 0
	}
	closing := "</" + root + ">"
	if localName(root) == "rss" {
		closing = "</channel>" + closing
	}
	tag := []byte("</" + item + ">")
	pos := 0
	for range maxItems {
		i := bytes.Index(body[pos:], tag)
		if i < 0 {
			return nil, 0
		}
		pos += i + len(tag)
	}
	rest = bytes.Count(body[pos:], tag)
	if rest == 0 {
		return nil, 0
	}
	out := make([]byte, 0, pos+len(closing))
	out = append(out, body[:pos]...)
	return append(out, closing...), rest
}

// itemElement names the element that holds one item in a feed whose
// document element is root: "item" in RSS 0.9x/2.0 and RSS 1.0, "entry" in
// Atom, "" for any other document.
func itemElement(root string) string {
	switch localName(root) {
	case "rss", "RDF":
		return "item"
	case "feed":
		return "entry"
	}
	return ""
}

// rootElement returns the qualified name of the document element, skipping
// the XML declaration, processing instructions, comments and a DOCTYPE, or ""
// when there is none within the first 64 KiB.
func rootElement(b []byte) string {
	b = b[:min(len(b), 64<<10)]
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case len(b) == 0 || b[0] != '<':
			return ""
		case bytes.HasPrefix(b, []byte("<?")):
			b = after(b, "?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			b = after(b, "-->")
		case bytes.HasPrefix(b, []byte("<!")):
			gt, br := bytes.IndexByte(b, '>'), bytes.IndexByte(b, '[')
			if br >= 0 && (gt < 0 || br < gt) {
				b = after(b, "]") // the internal subset
			}
			b = after(b, ">")
		default:
			n := 1
			for n < len(b) && strings.IndexByte(" \t\r\n/>", b[n]) < 0 {
				n++
			}
			if n == len(b) {
				return ""
			}
			return string(b[1:n])
		}
	}
}

// after returns b after the first sep, or nothing when sep is absent.
func after(b []byte, sep string) []byte {
	if i := bytes.Index(b, []byte(sep)); i >= 0 {
		return b[i+len(sep):]
	}
	return nil
}

// localName drops an XML namespace prefix ("rdf:RDF" → "RDF").
func localName(q string) string {
	if i := strings.IndexByte(q, ':'); i >= 0 {
		return q[i+1:]
	}
	return q
}

// capJSONItems cuts a JSON Feed's top-level "items" array after maxItems
// elements. The elements beyond are scanned, not kept.
func capJSONItems(body []byte, maxItems int) (cut []byte, rest int) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, 0
	}
	var skip skipValue
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, 0
		}
		if key != "items" {
			if dec.Decode(&skip) != nil {
				return nil, 0
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return nil, 0
		}
		for i := 0; i < maxItems && dec.More(); i++ {
			if dec.Decode(&skip) != nil {
				return nil, 0
			}
		}
		keep := dec.InputOffset()
		for dec.More() {
			if dec.Decode(&skip) != nil {
				return nil, 0
			}
			rest++
		}
		if rest == 0 {
			return nil, 0
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
			return nil, 0
		}
		end := dec.InputOffset()
		out := make([]byte, 0, int(keep)+1+len(body)-int(end))
		out = append(out, body[:keep]...)
		out = append(out, ']')
		return append(out, body[end:]...), rest
	}
	return nil, 0
}

// skipValue is a JSON value decoded to nothing: the decoder checks it is well
// formed without building it.
type skipValue struct{}

// UnmarshalJSON implements json.Unmarshaler by ignoring the value.
func (*skipValue) UnmarshalJSON([]byte) error { return nil }
