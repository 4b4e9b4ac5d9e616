package tag

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// namedElsewhere reports whether a country other than e is named outside the
// dateline with at least the venueOther weight: then a dateline country that
// is little more than its dateline is where the reporter stood, not what the
// story is about.
func (t *Tagger) namedElsewhere(an *analysis, e int32) bool {
	for _, o := range an.list {
		if o.e != e && t.entries[o.e].Kind == model.KindCountry && o.total-o.datelineW >= t.params.venueOther {
			return true
		}
	}
	return false
}

// venue returns the ISO code of the dateline's country: of the countries the
// dateline named (itself, a city or a place of it: "LONDON (Reuters) -",
// "Kyiv, Ukraine —"), the one it gave the most weight; "" when the text has
// no dateline or the dateline names no country the taxonomy knows. The venue
// is reported whether or not the country is also what the text is about.
func (t *Tagger) venue(an *analysis) string {
	best, bestW := int32(-1), 0.0
	for _, s := range an.list {
		if s.dateline == 0 || t.entries[s.e].Kind != model.KindCountry {
			continue
		}
		if best < 0 || s.datelineW > bestW {
			best, bestW = s.e, s.datelineW
		}
	}
	if best < 0 {
		return ""
	}
	return t.entries[best].ISO
}

// otherDateline returns the end of a dateline written in one of the styles
// of the press outside the English wire, or -1:
//
//   - a city in capitals ended by a full stop: "WIEN. ", "БРЮКСЕЛ. ",
//     "NEW YORK. " (German, Slavic and Nordic papers);
//   - an agency tag in brackets at the very start: "【ソウル＝共同】",
//     "(서울=연합뉴스)", "（北京＝時事）";
//   - the Chinese agency line "新华社北京3月5日电" (up to 电);
//   - a run of at most three words of a script without letter case (Arabic,
//     Hebrew, Georgian, Armenian, Devanagari, Bengali, Ethiopic, Thai)
//     ended by a dash or an agency in parentheses: "بيروت - ",
//     "تل أبيب (رويترز) -".
//
// The words found must still be names of the taxonomy to give a venue.
func otherDateline(body string) int {
	body = strings.TrimLeft(body, " \t")
	for _, open := range []string{"【", "(", "（", "["} {
		if !strings.HasPrefix(body, open) {
			continue
		}
		for _, closing := range []string{"】", ")", "）", "]"} {
			if j := strings.Index(body, closing); j > 0 && j < 48 && strings.ContainsAny(body[:j], "=＝") || j > 0 && j < 24 && open == "【" {
				return j + len(closing)
			}
		}
	}
	for _, agency := range []string{"新华社", "中新社", "新華社", "中央社"} {
		if strings.HasPrefix(body, agency) {
			if j := strings.Index(body, "电"); j > 0 && j < 60 {
				return j + len("电")
			}
			if j := strings.Index(body, "電"); j > 0 && j < 60 {
				return j + len("電")
			}
		}
	}
	// A city in capitals and a full stop.
	if j := strings.Index(body, ". "); j >= 3 && j < 30 {
		words := strings.Fields(body[:j])
		if len(words) <= 3 && strings.ToUpper(body[:j]) == body[:j] && strings.ToLower(body[:j]) != body[:j] {
			return j + 1
		}
	}
	// Words of a caseless script before a dash or an agency.
	k := -1
	for _, mark := range []string{" - ", " – ", " — ", "(", "（", "：", ": "} {
		if i := strings.Index(body, mark); i > 0 && (k < 0 || i < k) {
			k = i
		}
	}
	if k < 0 || k > 50 {
		return -1
	}
	words := strings.Fields(body[:k])
	if len(words) == 0 || len(words) > 3 {
		return -1
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || unicode.IsUpper(r) || unicode.IsLower(r) {
			return -1 // Latin, Cyrillic, Greek: the English-wire rule decides
		}
	}
	return k
}
