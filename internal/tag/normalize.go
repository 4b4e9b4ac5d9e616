package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/textfold"
)

// foldTable is the tagger's folding: textfold's rune table (case,
// compatibility forms, diacritics, apostrophes and dashes), applied by
// normalize, which also keeps the byte offsets the evidence spans need and
// the sentence breaks salience needs.
type foldTable struct{ *textfold.Table }

func newFoldTable() *foldTable { return &foldTable{textfold.NewTable()} }

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
			if asciiFold[c] != 0 {
				// A letter, a digit or punctuation that neither ends a
				// sentence nor separates words: most bytes, copied in runs.
				i = nt.foldASCII(s, i)
				space = false
				continue
			}
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-':
				if c == '\n' || c == ' ' && spaceEndsClause(s, i) {
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
		if j := nt.copyHan(s, i); j > i {
			// Han characters, most of a Chinese text: none folds, none
			// ends a sentence.
			i = j
			space = false
			continue
		}
		r, size := decodeRune(s, i)
		f, changed := ft.Rune(r)
		if !changed {
			nt.b = append(nt.b, s[i:i+size]...)
			for k := 0; k < size; k++ {
				nt.orig = append(nt.orig, int32(i))
			}
			space = false
			if sentenceMark(r) {
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
		if sentenceMark(r) {
			nt.addBreakAt(len(nt.b))
		}
		i += size
	}
	nt.orig = append(nt.orig, int32(len(s)))
}

// foldASCII appends the run of bytes of s from i that asciiFold maps (at
// least one), folded, and returns where the run ends. The slices are kept
// in locals for the run: appending through nt loads and stores their
// headers at every byte.
func (nt *normText) foldASCII(s string, i int) int {
	b, orig := nt.b, nt.orig
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || asciiFold[c] == 0 {
			break
		}
		b = append(b, asciiFold[c])
		orig = append(orig, int32(i))
	}
	nt.b, nt.orig = b, orig
	return i
}

// asciiFold maps the ASCII bytes that normalize copies as they are, or
// lower-cased, to what it writes; 0 for the bytes it treats apart (white
// space, dashes, the backquote, the marks that may end a sentence, NUL).
var asciiFold = func() [utf8.RuneSelf]byte {
	var t [utf8.RuneSelf]byte
	for c := byte(1); c < utf8.RuneSelf; c++ {
		switch {
		case c >= 'A' && c <= 'Z':
			t[c] = c + 32
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-', c == '`', c == '.' || c == '!' || c == '?':
		default:
			t[c] = c
		}
	}
	return t
}()

// sentenceMark reports whether r ends a sentence in a script with its own
// full stop: Chinese and Japanese 。！？, the Arabic question mark, the
// Devanagari and Bengali danda, the Urdu full stop ۔, the Armenian ։, the
// Ethiopic ። and the Burmese ။. Without them a text in Armenian or Amharic is
// one long lead sentence, and every country in it weighs as the lead's.
func sentenceMark(r rune) bool {
	switch r {
	case '。', '！', '？', '؟', '।', '॥', '۔', '։', '።', '။':
		return true
	}
	return false
}

// spaceEndsClause reports whether the space at s[i] stands between two Thai
// or Lao letters: those scripts write no full stop and no space between
// words, and a space ends a clause or a sentence. Byte tests only (Thai is
// U+0E00–U+0E7F, E0 B8/B9 xx in UTF-8; Lao U+0E80–U+0EFF, E0 BA/BB xx): this
// runs for every space of every text.
func spaceEndsClause(s string, i int) bool {
	if i < 3 || i+3 >= len(s) || s[i-3] != 0xE0 || s[i+1] != 0xE0 {
		return false
	}
	return s[i-2] >= 0xB8 && s[i-2] <= 0xBB && s[i+2] >= 0xB8 && s[i+2] <= 0xBB
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

// isWordRune reports runes that make up words for whole-word matching:
// letters, digits and marks of scripts that separate words with spaces.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return (r|0x20) >= 'a' && (r|0x20) <= 'z' || r >= '0' && r <= '9'
	}
	if textfold.InNoSpaceBlock(r) {
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
