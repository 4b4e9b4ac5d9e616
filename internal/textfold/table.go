package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Table is the matching fold, rune by rune: it maps every rune of the
// scripts where case and diacritics matter (Latin, Greek, Cyrillic, Arabic,
// Hebrew, punctuation, full-width forms) to its folded form: NFKC/NFKD
// compatibility mapping, full case folding, and diacritics removed ("Ğ" →
// "g", "’" → "'", "–" → " "). Runes outside the table are lower-cased one by
// one. It folds one rune at a time (rather than a whole string) so that the
// tagger can keep, for every folded byte, the offset of the original rune it
// came from: the evidence it reports points into the original text. A Table
// is computed once (NewTable) and only read afterwards, so it is safe to use
// from many goroutines.
type Table struct {
	low  []string // runes 0x80 .. 0x80+len(low)
	full []string // U+FB00 .. U+FFEF: presentation and full-width forms
	has  []bool   // whether low/full hold an entry (an entry may be "")
	hasF []bool
}

const (
	lowStart  = 0x80
	lowEnd    = 0x2100 // Latin, Greek, Cyrillic, Hebrew, Arabic, punctuation
	fullStart = 0xFB00
	fullEnd   = 0xFFF0
)

// NewTable computes the fold of every rune in the table's ranges.
func NewTable() *Table {
	ft := &Table{
		low:  make([]string, lowEnd-lowStart),
		has:  make([]bool, lowEnd-lowStart),
		full: make([]string, fullEnd-fullStart),
		hasF: make([]bool, fullEnd-fullStart),
	}
	folder := cases.Fold()
	for r := rune(lowStart); r < lowEnd; r++ {
		if s, ok := foldOne(folder, r); ok {
			ft.low[r-lowStart], ft.has[r-lowStart] = s, true
		}
	}
	for r := rune(fullStart); r < fullEnd; r++ {
		if s, ok := foldOne(folder, r); ok {
			ft.full[r-fullStart], ft.hasF[r-fullStart] = s, true
		}
	}
	return ft
}

// foldOne folds a single rune; ok is false when the rune maps to itself.
func foldOne(folder cases.Caser, r rune) (string, bool) {
	switch {
	case IsApostrophe(r):
		return "'", true
	case IsDash(r), IsSpace(r):
		return " ", true
	case r == 0x00AD || (r >= 0x200B && r <= 0x200D) || r == 0x2060 || r == 0xFEFF || r == 0x0640:
		return "", true // soft hyphen, zero-width characters, Arabic tatweel
	case r == 0x201C || r == 0x201D || r == 0x201E || r == 0x00AB || r == 0x00BB:
		return `"`, true
	}
	if !utf8.ValidRune(r) || unicode.Is(unicode.Cs, r) {
		return "", false
	}
	s := string(r)
	s = norm.NFKC.String(s)
	s = folder.String(s)
	d := norm.NFKD.String(s)
	var b strings.Builder
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) {
			continue // diacritics and Arabic/Hebrew vowel points
		}
		b.WriteRune(c)
	}
	out := norm.NFC.String(b.String())
	if out == string(r) {
		return "", false
	}
	return out, true
}

// IsApostrophe reports the runes used as apostrophes (straight, typographic,
// modifier letters, acute accent, full-width), which the fold makes "'".
func IsApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 0x2018, 0x2019, 0x201B, 0x2032, 0x02BC, 0x02BB, 0x00B4, 0xFF07:
		return true
	}
	return false
}

// IsDash reports hyphens, dashes and minus signs, which the fold makes a space.
func IsDash(r rune) bool {
	return r == '-' || (r >= 0x2010 && r <= 0x2015) || r == 0x2212 || r == 0xFE63 || r == 0xFF0D || r == 0x058A
}

// IsSpace reports white space, the ideographic space included.
func IsSpace(r rune) bool {
	return unicode.IsSpace(r) || r == 0x3000
}

// Rune returns the folded form of a non-ASCII rune, and whether it differs.
func (ft *Table) Rune(r rune) (string, bool) {
	switch {
	case r >= lowStart && r < lowEnd:
		if ft.has[r-lowStart] {
			return ft.low[r-lowStart], true
		}
		return "", false
	case r >= fullStart && r < fullEnd:
		if ft.hasF[r-fullStart] {
			return ft.full[r-fullStart], true
		}
		return "", false
	case r == 0x3000 || r == 0x202F || r == 0x205F:
		return " ", true
	case InNoSpaceBlock(r):
		return "", false
	}
	if l := unicode.ToLower(r); l != r {
		return string(l), true
	}
	return "", false
}

// InNoSpaceBlock reports runes in the Unicode blocks of scripts written
// without spaces between words (Han, kana, Hangul syllables, Thai, Lao,
// Khmer, Myanmar): the tagger matches names in them without word boundaries.
// It tests code-point ranges, which is fast on the tagger's hot path, and
// counts the blocks' punctuation and unassigned points too; that is harmless
// for word boundaries, since punctuation is no word rune either way. Compare
// InNoSpaceScript, which the exact form uses.
func InNoSpaceBlock(r rune) bool {
	switch {
	case r < 0x0E00:
		return false
	case r >= 0x0E00 && r <= 0x0EFF, // Thai, Lao
		r >= 0x1000 && r <= 0x109F,   // Myanmar
		r >= 0x1780 && r <= 0x17FF,   // Khmer
		r >= 0x2E80 && r <= 0x9FFF,   // CJK radicals, kana, Han, CJK punctuation
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0x1100 && r <= 0x11FF,   // Hangul jamo
		r >= 0xF900 && r <= 0xFAFF,   // CJK compatibility ideographs
		r >= 0x20000 && r <= 0x3FFFF: // Han extensions
		return true
	}
	return false
}
