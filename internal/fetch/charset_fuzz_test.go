package fetch

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzToUTF8 checks the conversion's promises on arbitrary bytes: the result
// is valid UTF-8 without a BOM, an XML declaration in it names UTF-8, and
// valid UTF-8 input without a BOM or a non-UTF-8 declaration comes back
// unchanged.
func FuzzToUTF8(f *testing.F) {
	for _, s := range []string{
		sampleRSS, "", "\xEF\xBB\xBF<rss/>", "\xFF\xFE<\x00?\x00x\x00", "\xFE\xFF\x00<", "<\x00?\x00",
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf\xe9</title></rss>`,
		`<?xml version="1.0" encoding="windows-1251"?>` + "\xcf\xf0\xe8\xe2\xe5\xf2",
		`<?xml encoding="`, "<?xml?>", "\xFF\xFE\x00", `{"title":"x"}`,
	} {
		f.Add([]byte(s), "text/xml")
	}
	f.Add([]byte("caf\xe9"), "text/xml; charset=koi8-r")
	f.Fuzz(func(t *testing.T, in []byte, ct string) {
		out, name, err := toUTF8(bytes.Clone(in), ct)
		if err != nil {
			return // decoders may refuse; the promise is about successful output
		}
		if !utf8.Valid(out) {
			t.Fatalf("output not UTF-8 (from %s): %q", name, out)
		}
		if bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) {
			t.Fatalf("BOM left in output: %q", out)
		}
		if enc := xmlDeclEncoding(out); enc != "" && !bytes.EqualFold([]byte(enc), []byte("utf-8")) {
			t.Fatalf("declaration still says %q", enc)
		}
		if utf8.Valid(in) && !bytes.HasPrefix(in, []byte{0xEF, 0xBB, 0xBF}) && xmlDeclEncoding(in) == "" {
			if e, _, _ := sniffUnicode(in); e == nil && !bytes.Equal(in, out) {
				t.Fatalf("valid UTF-8 changed: %q → %q", in, out)
			}
		}
	})
}
