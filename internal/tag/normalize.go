package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// foldTable maps every rune of the scripts where case and diacritics matter
// (Latin, Greek, Cyrillic, Arabic, Hebrew, punctuation, full-width forms) to
// its folded form: NFKC/NFKD compatibility mapping, full case folding, and
// diacritics removed ("Ğ" → "g", "’" → "'", "–" → " "). Runes outside the
// table are lower-cased one by one. It is computed once per Tagger and only
// read afterwards, so tagging is safe from many goroutines.
type foldTable struct {
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

// newFoldTable computes the fold of every rune in the table's ranges.
func newFoldTable() *foldTable {
	ft := &foldTable{
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
	case isApostrophe(r):
		return "'", true
	case isDash(r), isSpaceRune(r):
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

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 0x2018, 0x2019, 0x201B, 0x2032, 0x02BC, 0x02BB, 0x00B4, 0xFF07:
		return true
	}
	return false
}

func isDash(r rune) bool {
	return r == '-' || (r >= 0x2010 && r <= 0x2015) || r == 0x2212 || r == 0xFE63 || r == 0xFF0D || r == 0x058A
}

func isSpaceRune(r rune) bool {
	return unicode.IsSpace(r) || r == 0x3000
}

// fold returns the folded form of a non-ASCII rune, and whether it differs.
func (ft *foldTable) fold(r rune) (string, bool) {
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
	case isNoSpaceScript(r):
		return "", false
	}
	if l := unicode.ToLower(r); l != r {
		return string(l), true
	}
	return "", false
}

// normText is a text in matching form, with a map back to the original.
type normText struct {
	b []byte
	// orig[i] is the byte offset in the original text of the rune that
	// produced b[i]; orig[len(b)] is the original length.
	orig []int32
	// breaks are offsets in b where a sentence starts (always includes 0).
	breaks []int32
}

// normalize writes the matching form of s into nt, reusing its buffers:
// lower case, diacritics folded, apostrophes straightened, dashes and runs of
// white space turned into one space.
func (ft *foldTable) normalize(s string, nt *normText) {
	nt.b = nt.b[:0]
	nt.orig = nt.orig[:0]
	nt.breaks = append(nt.breaks[:0], 0)
	space := true // suppress leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'A' && c <= 'Z':
				nt.b = append(nt.b, c+32)
				nt.orig = append(nt.orig, int32(i))
				space = false
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-':
				if c == '\n' {
					nt.addBreakAt(len(nt.b))
				}
				if !space {
					nt.b = append(nt.b, ' ')
					nt.orig = append(nt.orig, int32(i))
					space = true
				}
			case c == '`':
				nt.b = append(nt.b, '\'')
				nt.orig = append(nt.orig, int32(i))
				space = false
			default:
				nt.b = append(nt.b, c)
				nt.orig = append(nt.orig, int32(i))
				space = false
				if (c == '.' || c == '!' || c == '?') && sentenceEnds(s, i) {
					nt.addBreakAt(len(nt.b))
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f, changed := ft.fold(r)
		if !changed {
			nt.b = append(nt.b, s[i:i+size]...)
			for k := 0; k < size; k++ {
				nt.orig = append(nt.orig, int32(i))
			}
			space = false
			if r == '。' || r == '！' || r == '？' || r == '؟' || r == '।' {
				nt.addBreakAt(len(nt.b))
			}
			i += size
			continue
		}
		if f == " " {
			if !space {
				nt.b = append(nt.b, ' ')
				nt.orig = append(nt.orig, int32(i))
				space = true
			}
		} else if f != "" {
			nt.b = append(nt.b, f...)
			for k := 0; k < len(f); k++ {
				nt.orig = append(nt.orig, int32(i))
			}
			space = false
		}
		i += size
	}
	nt.orig = append(nt.orig, int32(len(s)))
}

// addBreakAt records that a sentence starts at offset n of the normalized text.
func (nt *normText) addBreakAt(n int) {
	last := int(nt.breaks[len(nt.breaks)-1])
	if last == n {
		return
	}
	if n-last == 1 && nt.b[last] == ' ' && last > 0 {
		// An empty sentence (a blank line): move the break instead.
		nt.breaks[len(nt.breaks)-1] = int32(n)
		return
	}
	nt.breaks = append(nt.breaks, int32(n))
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "lt": true,
	"col": true, "sen": true, "rep": true, "gov": true, "jr": true, "sr": true, "prof": true,
	"no": true, "capt": true, "sgt": true, "maj": true, "adm": true, "mt": true, "ft": true,
	"jan": true, "feb": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "inc": true, "corp": true, "co": true, "ltd": true, "vs": true, "rev": true,
	"pres": true, "gens": true, "cmdr": true, "approx": true, "est": true,
}

// sentenceEnds reports whether the '.', '!' or '?' at s[i] ends a sentence:
// it is followed by white space (or a closing quote and white space) and then
// by something that can start a sentence, and a period does not close an
// initial ("U.S.", "J.") or a common abbreviation ("Gen.", "Oct.").
func sentenceEnds(s string, i int) bool {
	j := i + 1
	for j < len(s) {
		switch {
		case s[j] == '"' || s[j] == '\'' || s[j] == ')':
			j++
			continue
		case strings.HasPrefix(s[j:], "\u201d") || strings.HasPrefix(s[j:], "\u2019"):
			j += 3
			continue
		}
		break
	}
	if j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r' {
		return false
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r') {
		j++
	}
	if j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
		return false
	}
	if s[i] != '.' {
		return true
	}
	k := i
	for k > 0 && isASCIILetter(s[k-1]) {
		k--
	}
	word := s[k:i]
	if len(word) == 1 {
		return false // an initial: "U.S.", "George W. Bush"
	}
	return !abbreviations[strings.ToLower(word)]
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// isNoSpaceScript reports runes of scripts written without spaces between
// words (Han, kana, Hangul syllables, Thai, Lao, Khmer, Myanmar): names in them
// are matched without word boundaries.
func isNoSpaceScript(r rune) bool {
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

// isWordRune reports runes that make up words for whole-word matching:
// letters, digits and marks of scripts that separate words with spaces.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z' || r >= '0' && r <= '9'
	}
	if isNoSpaceScript(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// normalizeString is the matching form of a taxonomy word or phrase.
func (ft *foldTable) normalizeString(s string) string {
	var nt normText
	ft.normalize(s, &nt)
	return strings.TrimSpace(string(nt.b))
}

// isHangul reports whether r is a Hangul syllable or jamo.
func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7AF) || (r >= 0x1100 && r <= 0x11FF) || (r >= 0x3130 && r <= 0x318F)
}
