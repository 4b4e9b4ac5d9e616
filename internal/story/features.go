package story

import (
	"hash/fnv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/textfold"
)

// A feature is one hashed signal of an article: a folded word stem, a
// number, or a taxonomy id. The high bits say which, so that the three kinds
// never collide and entities and numbers can be told apart from words when
// two write-ups in different languages are compared.
type feature uint64

const (
	kindShift            = 62
	kindWord     feature = 0 << kindShift
	kindNumber   feature = 1 << kindShift
	kindEntity   feature = 2 << kindShift
	kindName     feature = 3 << kindShift
	kindMask     feature = 3 << kindShift
	featureBits          = 1<<kindShift - 1
	stemRunes            = 7      // words are cut to this many runes: a cheap stemmer for inflected languages
	minWordRunes         = 3      // shorter words (articles, prepositions) say nothing about the event
	leadWords            = 100000 // words of the text read after the title: the lead names the event
	titleWeight          = 2      // title words count this many times
)

func (f feature) kind() feature { return f & kindMask }

// langIndependent reports whether a feature means the same in every
// language: a taxonomy id or a number.
func (f feature) langIndependent() bool {
	k := f.kind()
	return k == kindNumber || k == kindEntity && !f.sounds()
}

// specific reports whether a feature names something in particular: a
// name, a taxonomy id or a number, as opposed to a common word.
func (f feature) specific() bool { return f.kind() != kindWord && !f.sounds() }

func hashString(kind feature, s string) feature {
	h := fnv.New64a()
	h.Write([]byte(s))
	return kind | feature(h.Sum64())&featureBits
}

// counts is a bag of features with their term frequencies.
type counts map[feature]float64

// extract reads the title and the lead of the text into a bag of word stems
// and numbers; CJK, Thai and similar scripts written without spaces give
// character bigrams instead of words.
func extract(title, text string, into counts) {
	addText(title, titleWeight, 0, into)
	addText(text, 1, leadWords, into)
}

// fold is the matching fold the tagger uses (case and diacritics), built
// once and only read afterwards.
var fold = sync.OnceValue(textfold.NewTable)

// addText adds the words of s, each weight times, stopping after max words
// (0: no limit).
func addText(s string, weight float64, max int, into counts) {
	ft := fold()
	var word strings.Builder
	words := 0
	var prevChar rune // the previous rune of a spaceless script, for bigrams
	// A capitalized word that does not start a sentence is a name: names
	// tell apart two events of one kind (two earthquakes, two arrests).
	capital, sentenceStart := false, true
	// grouped is set once the number being read had a thousands separator.
	grouped := false
	flush := func() {
		grouped = false
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		words++
		if f, ok := wordFeature(w); ok {
			into[f] += weight
			name := capital && !sentenceStart && f.kind() == kindWord
			if name {
				into[kindName|f&featureBits] += weight
			}
			// A name, or any word of a script without capitals, also
			// counts by its sound, which other scripts share.
			if r, _ := utf8.DecodeRuneInString(w); f.kind() == kindWord && (name || caseless(r)) {
				if sk, ok := skeleton(w); ok {
					into[soundFeature(sk)] += weight
				}
			}
		}
		sentenceStart = false
	}
	for i, r := range s {
		if max > 0 && words >= max {
			return
		}
		switch {
		case r >= utf8.RuneSelf && textfold.InNoSpaceBlock(r) && unicode.IsLetter(r):
			flush()
			if prevChar != 0 {
				into[hashString(kindWord, string([]rune{prevChar, r}))] += weight
				words++
			}
			prevChar = r
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			if word.Len() == 0 {
				capital = unicode.IsUpper(r)
			}
			if r < utf8.RuneSelf {
				word.WriteRune(unicode.ToLower(r))
			} else if d, ok := asciiDigit(r); ok {
				if word.Len() > 0 && !isDigitsSoFar(word.String()) {
					flush() // "و١٢": the conjunction written onto the number
				}
				word.WriteByte(d) // "٣٨" (Arabic), "۳۸" (Persian), "३८" are 38
			} else if r == 'ं' || r == 'ং' {
				word.WriteRune(r) // the anusvara is an n, which the fold drops as a mark
			} else if folded, ok := ft.Rune(r); ok {
				word.WriteString(folded) // "Erdoğan" and "Erdogan" are one word
			} else {
				word.WriteRune(r)
			}
		case word.Len() > 0 && numberSeparator(r) && isDigitsSoFar(word.String()):
			// "1,200", "1.200" and "1 200" are one number, as are "7.8",
			// "7,8" and the Arabic "٧٫٨" (numberPart).
			if part, ok := numberPart(s, i+utf8.RuneLen(r), r, word.String(), grouped); ok {
				if part == '.' {
					word.WriteByte('.')
				}
				grouped = grouped || part == 0
				break
			}
			fallthrough // the number ends here
		default:
			flush()
			if r == '.' || r == '!' || r == '?' || r == '\n' || r == ':' || r == '"' || r == '“' {
				sentenceStart = true
			}
		}
		prevChar = 0
	}
	flush()
}

// wordFeature turns one folded word into its feature: numbers of two digits
// or more as numbers, words as their stem; short words are dropped.
func wordFeature(w string) (feature, bool) {
	if isDigitsSoFar(w) {
		if len(strings.TrimLeft(w, "0")) < 2 {
			return 0, false
		}
		return hashString(kindNumber, strings.TrimRight(strings.TrimRight(w, "0"), ".")+"|"+w), true
	}
	n := utf8.RuneCountInString(w)
	if n < minWordRunes {
		return 0, false
	}
	if n > stemRunes {
		w = string([]rune(w)[:stemRunes])
	}
	return hashString(kindWord, w), true
}

func isDigitsSoFar(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if (w[i] < '0' || w[i] > '9') && w[i] != '.' {
			return false
		}
	}
	return true
}

// numberSeparator reports whether r may stand between the digits of one
// number: a comma or a point (either may group thousands or mark decimals,
// as languages differ), the Arabic ones, or the spaces that group
// thousands in French, Russian or Polish ("90 000").
func numberSeparator(r rune) bool {
	switch r {
	case ',', '.', '٬', '٫', ' ', '\u00a0', '\u202f':
		return true
	}
	return false
}

// numberPart says what the separator r, read after the digits of word,
// makes of the number that goes on at s[i:]: a decimal point ('.'), a
// thousands separator (0), or its end (ok false). Languages write one
// quantity in their own way: the magnitude "7.8" is "7,8" in Spanish,
// French or German, the toll "2,500" is "2.500" in Spanish and "2 500" in
// French; read alike, they are one signal across languages. A comma or
// point followed by three digits groups thousands (a decimal of three
// places is rare in news), by other counts it marks the decimals; a space
// groups thousands only after a group of at most three digits and before
// one of exactly three ("in 1985 300 died" stays two numbers). grouped says
// the number had a thousands separator already.
func numberPart(s string, i int, r rune, word string, grouped bool) (part byte, ok bool) {
	n := digitsAt(s, i)
	decimal := strings.IndexByte(word, '.') >= 0
	switch {
	case n == 0 || decimal:
		return 0, false
	case r == '٬':
		return 0, true
	case r == '٫':
		return '.', true
	case r == ',' || r == '.':
		if n == 3 {
			return 0, true
		}
		return '.', true
	case n == 3 && (grouped || len(word) <= 3):
		return 0, true // a space
	}
	return 0, false
}

// digitsAt counts the decimal digits, of any script, that s has from byte
// i on, up to four: enough to tell a group of three.
func digitsAt(s string, i int) int {
	n := 0
	for _, r := range s[i:] {
		if r >= '0' && r <= '9' {
			n++
		} else if _, ok := asciiDigit(r); ok {
			n++
		} else {
			break
		}
		if n > 3 {
			break
		}
	}
	return n
}

// asciiDigit returns the ASCII digit of a decimal digit of another script
// (Arabic-Indic, Persian, Devanagari, Bengali, …): numbers are a signal
// shared across languages only when they are written alike. Every script's
// ten digits are contiguous code points starting at zero, so a digit's
// value is its distance from the first digit of its run, modulo ten (runs
// of several styles follow each other, as the mathematical digits do).
func asciiDigit(r rune) (byte, bool) {
	if r < utf8.RuneSelf || !unicode.IsDigit(r) {
		return 0, false
	}
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return byte('0' + (r-start)%10), true
}

// entityFeature is the feature of a taxonomy id (a country's ISO code, a
// place, an actor): the same whatever language named it.
func entityFeature(id string) feature { return hashString(kindEntity, id) &^ soundBit }
