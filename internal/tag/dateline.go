package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// The dateline says where the news was written: at the start of the body
// ("DAMASCUS (Reuters) -") or opening the title ("Wien: …").

// datelineEnd returns the end of the newswire dateline at the start of the
// body ("DAMASCUS (Reuters) -", "MOSCOW, Oct 5 (AP) —", "Kyiv, Ukraine —",
// "LAGOS, Nigeria, March 2 -"), or -1 when the body has none: a short run of
// capitalized words (the first one in capitals, or all of them capitalized)
// ended by an agency in parentheses or a dash.
func datelineEnd(full string, bodyStart int) int {
	body := full[bodyStart:min(len(full), bodyStart+90)]
	if k := otherDateline(body); k > 0 {
		return bodyStart + k
	}
	k, _ := wireMarks.first(body, 60)
	if k < 0 {
		return -1
	}
	// The words, read without building a list of them (this runs for
	// every text).
	n, capsFirst := 0, false
	for w := range strings.FieldsFuncSeq(body[:k], func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '\n' }) {
		if n == 0 {
			capsFirst = inCapitals(w) && len(w) >= 3
		}
		n++
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return -1
		}
	}
	if n == 0 || n > 6 || !capsFirst && n > 3 {
		return -1
	}
	return bodyStart + k
}

// markSet is a list of the marks that may end a dateline, indexed by the
// byte they start with.
type markSet struct {
	marks []string
	// byStart[c] are the indexes of the marks that start with byte c, in
	// the list's order: at each byte of a text, first tries only those.
	byStart [256][]uint8
	// start[c]: some mark starts with byte c (most bytes start none).
	start [256]bool
}

func newMarkSet(marks ...string) *markSet {
	ms := &markSet{marks: marks}
	for m, mark := range marks {
		ms.byStart[mark[0]] = append(ms.byStart[mark[0]], uint8(m))
		ms.start[mark[0]] = true
	}
	return ms
}

// wireMarks end the English wire's dateline: "DAMASCUS (Reuters) -",
// "Kyiv, Ukraine —".
var wireMarks = newMarkSet("(", "—", "–", " - ", " -- ")

// first returns the least strings.Index(s, mark) > 0 over the marks, when
// it is at most limit, and the index of that mark (the first listed, of
// those that first occur there); -1, -1 otherwise. One pass over s, up to
// limit, instead of a search for each mark over all of s (this runs for
// every text). A mark that first occurs at 0 does not count, even where it
// occurs again, as strings.Index's 0 did not.
func (ms *markSet) first(s string, limit int) (int, int) {
	var atZero uint32
	for i := 0; i < len(s) && i <= limit; i++ {
		if !ms.start[s[i]] {
			continue
		}
		for _, m := range ms.byStart[s[i]] {
			// The second byte first: most spaces start no " - ".
			mark := ms.marks[m]
			if len(mark) > 1 && (i+1 == len(s) || s[i+1] != mark[1]) || !strings.HasPrefix(s[i:], mark) {
				continue
			}
			if i == 0 {
				atZero |= 1 << m
			} else if atZero&(1<<m) == 0 {
				return i, int(m)
			}
		}
	}
	return -1, -1
}

// inCapitals reports whether s is written in capitals: upper-casing leaves
// it as it is and lower-casing does not (strings.ToUpper(s) == s &&
// strings.ToLower(s) != s, without building either).
func inCapitals(s string) bool {
	return caseKeeps(s, unicode.ToUpper) && !caseKeeps(s, unicode.ToLower)
}

// caseKeeps reports whether mapping every rune of s with f (unicode.ToUpper
// or unicode.ToLower, as strings.ToUpper and strings.ToLower do) leaves s as
// it is. Those functions replace bytes that are not UTF-8, so such a byte
// is a change.
func caseKeeps(s string, f func(rune) rune) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if f(r) != r {
			return false
		}
	}
	return true
}

// fieldCount is len(strings.Fields(s)), without building the list.
func fieldCount(s string) int {
	n := 0
	for range strings.FieldsSeq(s) {
		n++
	}
	return n
}

// titleDateline returns the index of the match that opens the title as a
// dateline, or -1: a town or place followed by a colon ("Wien:
// Atomgespräche…"), or any name of a country followed by a colon when the
// body's dateline names that country again ("Вена: стороны возобновили… /
// ВЕНА, 29 ноября."). The town is where the news was written.
func (t *Tagger) titleDateline(an *analysis, titleLen, dateline int) int {
	if len(an.matches) == 0 {
		return -1
	}
	m := an.matches[0]
	if m.start != 0 || m.topic || m.end >= titleLen || an.full[m.end] != ':' {
		return -1
	}
	for _, ai := range m.aliases {
		a := &t.aliases[ai]
		if a.src == srcDemonym {
			continue
		}
		if a.src == srcCity || t.entries[a.entry].Kind == model.KindPlace || t.datelineNames(an, titleLen, dateline, a.entry) {
			return 0
		}
	}
	return -1
}

// datelineNames reports whether the body's dateline (titleLen+1 up to
// dateline) names entry e.
func (t *Tagger) datelineNames(an *analysis, titleLen, dateline int, e int32) bool {
	for _, m := range an.matches {
		if m.start >= dateline {
			break
		}
		if m.start <= titleLen {
			continue
		}
		for _, ai := range m.aliases {
			if t.aliases[ai].entry == e {
				return true
			}
		}
	}
	return false
}
