package textfold

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// exactAsBefore is Exact as it was written before the byte path for ASCII
// and the appending form: content hashes are stored, so the new form must
// give the same bytes for every text.
func exactAsBefore(s string) string {
	if !IsASCII(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	inWord := false
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	for _, r := range s {
		switch {
		case InNoSpaceScript(r):
			sep()
			b.WriteRune(r)
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if !inWord {
				sep()
			}
			b.WriteRune(unicode.ToLower(r))
			inWord = true
		default:
			inWord = false
		}
	}
	return b.String()
}

func contentHashAsBefore(title, text string) string {
	t, x := exactAsBefore(title), exactAsBefore(text)
	if t == "" && x == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(t + "\n" + x))
	return hex.EncodeToString(sum[:])
}

// TestExactAsBefore compares Exact and ContentHash with their earlier form
// on written cases and, when ../shared/corpus is there, on every line of
// the saved news feeds (many languages and scripts).
func TestExactAsBefore(t *testing.T) {
	cases := []string{"", " ", "a", "A1 b2", "  lead  and trail  ", "x\x00y\x7fz", "tab\tnew\nline", "punct!!!only???",
		"Ünïcode Straße", "Ａｌ　Ｊａｚｅｅｒａ", "叙利亚总统阿萨德", "Kim Jong-un 金正恩 visits", "دمشق، سوريا", "e\u0301 combining",
		"ASCII then é", "\xff\xfe invalid", strings.Repeat("long text ", 1000)}
	paths, _ := filepath.Glob("../../../shared/corpus/news/*.xml")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, strings.Split(string(b), "\n")...)
	}
	for i, c := range cases {
		if got, want := Exact(c), exactAsBefore(c); got != want {
			t.Fatalf("Exact(%q) = %q, was %q", c, got, want)
		}
		next := cases[(i+1)%len(cases)]
		if got, want := ContentHash(c, next), contentHashAsBefore(c, next); got != want {
			t.Fatalf("ContentHash(%q, %q) = %q, was %q", c, next, got, want)
		}
	}
	t.Logf("%d texts compared (%d corpus files)", len(cases), len(paths))
}

// FuzzExactAsBefore: any bytes give the same exact form and hash as before.
func FuzzExactAsBefore(f *testing.F) {
	for _, s := range []string{"Hello, World!", "叙利亚 x", "Ａｌ", "é", "\xff"} {
		f.Add(s, "text")
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		if Exact(title) != exactAsBefore(title) || ContentHash(title, text) != contentHashAsBefore(title, text) {
			t.Fatalf("differs for %q, %q", title, text)
		}
	})
}
