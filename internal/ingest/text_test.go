package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cleanSpaceAsBefore is cleanSpace as it was before its byte path for
// ASCII text.
func cleanSpaceAsBefore(s string, limit int) string {
	var b strings.Builder
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

// TestCleanSpaceAsBefore: every ASCII byte, written cases and the lines of
// the saved news feeds (when ../shared/corpus is there) clean as before,
// with and without a limit.
func TestCleanSpaceAsBefore(t *testing.T) {
	var all []byte
	for c := range 128 {
		all = append(all, byte(c), 'x', byte(c), byte(c))
	}
	cases := []string{"", " ", "  a  b  ", "\ta\r\nb\v\fc\x00d\x1fe\x7f", string(all), "é  x", "a\u00a0b", "a\u2028b"}
	paths, _ := filepath.Glob("../../../shared/corpus/news/*.xml")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, strings.Split(string(b), "<")...)
	}
	for _, c := range cases {
		for _, limit := range []int{0, 1, 7, 600} {
			if got, want := cleanSpace(c, limit), cleanSpaceAsBefore(c, limit); got != want {
				t.Fatalf("cleanSpace(%q, %d) = %q, was %q", c, limit, got, want)
			}
		}
	}
}

func FuzzCleanSpaceAsBefore(f *testing.F) {
	f.Add(" a\tb ", 3)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = max(limit%1000, 0)
		if got, want := cleanSpace(s, limit), cleanSpaceAsBefore(s, limit); got != want {
			t.Fatalf("cleanSpace(%q, %d) = %q, was %q", s, limit, got, want)
		}
	})
}
