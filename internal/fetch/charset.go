package fetch

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// fallbackCharset decodes bytes that are not UTF-8 and carry no usable label.
// windows-1252 is a superset of ISO-8859-1 for printable text and the most
// common real encoding behind a missing or wrong label.
const fallbackCharset = "windows-1252"

// toUTF8 returns body as UTF-8 text, and the name of the encoding it was
// decoded from. The decision, in order:
//
//  1. A byte order mark (UTF-8, UTF-16LE/BE) or the XML spec's UTF-16
//     autodetection pattern ("<?" as 16-bit units) is certain: it wins.
//  2. Bytes that are already valid UTF-8 stay as they are, whatever the
//     labels say: legacy single-byte text with letters beyond ASCII is
//     practically never valid UTF-8, so a "charset=iso-8859-1" on valid UTF-8
//     is a mislabel (often a web server default), not the truth.
//  3. Otherwise the XML declaration's encoding, then the Content-Type charset,
//     whichever names a known non-UTF-8 encoding (the declaration is written
//     by the feed generator, the header often by a server-wide default).
//  4. Otherwise a guess from the bytes (guessLegacy): windows-1252, or for
//     text written in Cyrillic, windows-1251 or KOI8-R.
//
// The XML declaration is then rewritten to say UTF-8, so that a parser that
// honours it (gofeed does) does not decode the text a second time.
func toUTF8(body []byte, contentType string) ([]byte, string, error) {
	if enc, name, skip := sniffUnicode(body); enc != nil {
		out, err := enc.NewDecoder().Bytes(body[skip:])
		if err != nil {
			return nil, name, fmt.Errorf("fetch: decoding %s: %w", name, err)
		}
		return tidy(out), name, nil
	} else if skip > 0 {
		// A UTF-8 BOM is as certain as the others: stray invalid bytes
		// become U+FFFD rather than turning the whole text into mojibake.
		return tidy(bytes.ToValidUTF8(body[skip:], []byte("\uFFFD"))), "utf-8", nil
	}
	if utf8.Valid(body) {
		return tidy(body), "utf-8", nil
	}
	for _, label := range []string{xmlDeclEncoding(body), contentTypeCharset(contentType)} {
		if label == "" {
			continue
		}
		enc, name := charset.Lookup(label)
		if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
			continue
		}
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return nil, name, fmt.Errorf("fetch: decoding %s: %w", name, err)
		}
		return tidy(out), name, nil
	}
	enc, name := charset.Lookup(guessLegacy(body))
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, name, fmt.Errorf("fetch: decoding %s: %w", name, err)
	}
	return tidy(out), name, nil
}

// guessLegacy names the likeliest single-byte encoding of unlabelled text
// that is not UTF-8. Latin-script text has its non-ASCII letters scattered
// among ASCII ones (é, ü, ñ); Cyrillic text in a single-byte encoding is
// made of whole words of bytes >= 0x80. When most high bytes sit in runs of
// three or more, the text is taken as Cyrillic, and the case distribution
// picks the code page: running text is mostly lower case, which is
// 0xE0-0xFF in windows-1251 but 0xC0-0xDF in KOI8-R.
func guessLegacy(b []byte) string {
	var high, inRuns, lower1251, lowerKOI int
	run := 0
	flush := func() {
		if run >= 3 {
			inRuns += run
		}
		run = 0
	}
	for _, c := range b {
		if c < 0x80 {
			flush()
			continue
		}
		high++
		run++
		switch {
		case c >= 0xE0:
			lower1251++
		case c >= 0xC0:
			lowerKOI++
		}
	}
	flush()
	if high == 0 || inRuns*2 < high {
		return fallbackCharset
	}
	if lowerKOI > lower1251 {
		return "koi8-r"
	}
	return "windows-1251"
}

// sniffUnicode detects a byte order mark or, without one, UTF-16 text that
// starts with "<?" (XML 1.0 Appendix F). It returns the decoder to use (nil
// for UTF-8 or unknown) and how many leading bytes to skip.
func sniffUnicode(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return nil, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	case bytes.HasPrefix(b, []byte{0, '<', 0, '?'}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 0
	case bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 0
	}
	return nil, "", 0
}

// contentTypeCharset returns the charset parameter of a Content-Type header.
func contentTypeCharset(ct string) string {
	if ct == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(ct); err == nil {
		return params["charset"]
	}
	// Malformed header: look for the parameter by hand.
	// (ASCII case folding by hand: strings.ToLower may change the length
	// of a header with invalid UTF-8 in it, and with it the index.)
	const key = "charset="
	i := 0
	for ; i+len(key) <= len(ct); i++ {
		if strings.EqualFold(ct[i:i+len(key)], key) {
			break
		}
	}
	if i+len(key) > len(ct) {
		return ""
	}
	v := ct[i+len(key):]
	if j := strings.IndexAny(v, "; "); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

// xmlDecl locates the XML declaration at the start of b (after optional
// whitespace) and the value of its encoding pseudo-attribute. start/end bound
// the declaration, vs/ve the value (vs == ve == -1 when there is none). ok is
// false when b does not start with a declaration.
func xmlDecl(b []byte) (start, end, vs, ve int, ok bool) {
	start = 0
	for start < len(b) && (b[start] == ' ' || b[start] == '\t' || b[start] == '\r' || b[start] == '\n') {
		start++
	}
	if !bytes.HasPrefix(b[start:], []byte("<?xml")) {
		return 0, 0, -1, -1, false
	}
	head := b[start:min(len(b), start+1024)]
	e := bytes.Index(head, []byte("?>"))
	if e < 0 {
		return 0, 0, -1, -1, false
	}
	end = start + e + 2
	decl := b[start:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return start, end, -1, -1, true
	}
	rest := decl[i+len("encoding"):]
	j := 0
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '=' || rest[j] == '\t') {
		j++
	}
	if j >= len(rest) || (rest[j] != '"' && rest[j] != '\'') {
		return start, end, -1, -1, true
	}
	q := rest[j]
	k := bytes.IndexByte(rest[j+1:], q)
	if k < 0 {
		return start, end, -1, -1, true
	}
	vs = start + i + len("encoding") + j + 1
	return start, end, vs, vs + k, true
}

// xmlDeclEncoding returns the encoding named in b's XML declaration, or "".
func xmlDeclEncoding(b []byte) string {
	_, _, vs, ve, ok := xmlDecl(b)
	if !ok || vs < 0 {
		return ""
	}
	return string(b[vs:ve])
}

// tidy finishes a UTF-8 body: stray byte order marks (doubled by careless
// concatenation) are cut off and the XML declaration is made to say UTF-8.
func tidy(b []byte) []byte {
	for bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		b = b[3:]
	}
	return fixXMLDecl(b)
}

// fixXMLDecl makes the XML declaration of a UTF-8 document say UTF-8. It
// returns b itself when nothing needs changing.
func fixXMLDecl(b []byte) []byte {
	_, _, vs, ve, ok := xmlDecl(b)
	if !ok || vs < 0 || strings.EqualFold(string(b[vs:ve]), "utf-8") {
		return b
	}
	out := make([]byte, 0, len(b)-(ve-vs)+5)
	out = append(out, b[:vs]...)
	out = append(out, "UTF-8"...)
	out = append(out, b[ve:]...)
	return out
}
