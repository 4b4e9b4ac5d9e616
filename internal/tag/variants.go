package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/intlwire/aggregator/internal/textfold"
)

// The spellings an alias is matched in: dashes, digits, letter case and
// short diacritics (used when the automaton is built, build.go).

// variants returns the normalized spellings that match one alias: as written
// (dashes read as spaces), with dashes dropped ("S-400" also matches "S400"),
// and with letters and digits split ("S400" also matches "S-400").
func (t *Tagger) variants(text, n string) []string {
	out := []string{n}
	addV := func(v string) {
		v = strings.TrimSpace(v)
		for _, o := range out {
			if o == v {
				return
			}
		}
		if v != "" {
			out = append(out, v)
		}
	}
	if strings.ContainsAny(text, "-‐‑‒–") {
		joined := strings.Map(func(r rune) rune {
			if textfold.IsDash(r) {
				return -1
			}
			return r
		}, text)
		addV(t.ft.normalizeString(joined))
	}
	var b strings.Builder
	split := false
	for i := 0; i < len(n); i++ {
		c := n[i]
		if i > 0 {
			p := n[i-1]
			if (isDigit(c) && isASCIILetter(p)) || (isASCIILetter(c) && isDigit(p)) {
				b.WriteByte(' ')
				split = true
			}
		}
		b.WriteByte(c)
	}
	if split {
		addV(b.String())
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// caseKey is the form compared for case-sensitive aliases: the text with
// apostrophes straightened and dashes and white space removed, case kept.
func caseKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case textfold.IsApostrophe(r):
			return '\''
		case textfold.IsDash(r), textfold.IsSpace(r), r == 0x00AD:
			return -1
		}
		return r
	}, s)
}

// hasUpper reports whether s has an upper-case letter.
func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			return true
		}
	}
	return false
}

// shortDiacritic returns the lower-case form of a short alias that carries
// diacritics (its folded form n differs from its plain lower case), which
// must then match exactly; "" for every other alias.
func shortDiacritic(text, n string) string {
	if utf8.RuneCountInString(n) > 4 {
		return "" // checked first: most names are longer, and NFC is dear
	}
	low := strings.ToLower(norm.NFC.String(caseKey(text)))
	if low == strings.ReplaceAll(n, " ", "") {
		return ""
	}
	return low
}
