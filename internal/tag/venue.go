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
//     "NEW YORK. " (German, Slavic and Nordic papers), or by a comma, a
//     date and a full stop: "МОСКВА, 12 апреля. " (TASS, Ukrinform, BTA);
//   - an agency tag in brackets at the very start: "【ソウル＝共同】",
//     "(서울=연합뉴스)", "（北京＝時事）", or a Chinese agency line in
//     brackets, as the Taiwanese and Hong Kong press set it: "【中央社台北2日電】",
//     "（路透首爾3日電）", "（中央社馬尼拉17日綜合外電報導）";
//   - a city and an agency joined by "=" before the first space:
//     "베이징=특파원 ", "서울=연합뉴스 " (Korean papers);
//   - the Chinese agency line "新华社北京3月5日电" (up to 电), or the city
//     alone: "北京电 ", "東京電 ";
//   - a run of at most three words of a script without letter case (Arabic,
//     Hebrew, Georgian, Devanagari, Bengali, Ethiopic, Thai) ended by a
//     dash, an agency in parentheses, a full stop or a danda: "بيروت - ",
//     "تل أبيب (رويترز) -", "თბილისი. ", "נאי דלהי. ", "ঢাকা। ".
//
// The words found must still be names of the taxonomy to give a venue.
func otherDateline(body string) int {
	body = strings.TrimLeft(body, " \t")
	for _, open := range []string{"【", "(", "（", "["} {
		if !strings.HasPrefix(body, open) {
			continue
		}
		for _, closing := range []string{"】", ")", "）", "]"} {
			if j := strings.Index(body, closing); bracketDateline(body, open, j) {
				return j + len(closing)
			}
		}
	}
	if sp := strings.IndexByte(body, ' '); sp > 0 && sp < 40 {
		if eq := strings.IndexAny(body[:sp], "=＝"); eq > 0 {
			if r, _ := utf8.DecodeRuneInString(body); unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
				return sp
			}
		}
	}
	if j := hanCityLine(body); j > 0 {
		return j
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
	// A city in capitals, a comma, a date and a full stop, as the agencies
	// of Russia, Ukraine and Bulgaria write it: "МОСКВА, 12 апреля.",
	// "КИЇВ, 11 листопада.", "СОФИЯ, 3 март.".
	if c := strings.Index(body, ", "); c >= 3 && c < 30 && fieldCount(body[:c]) <= 3 && inCapitals(body[:c]) {
		rest := body[c+2:]
		if j := strings.Index(rest, ". "); j > 0 && j < 24 && rest[0] >= '0' && rest[0] <= '9' {
			return c + 2 + j + 1
		}
	}
	// A city in capitals and a full stop.
	if j := strings.Index(body, ". "); j >= 3 && j < 30 {
		if fieldCount(body[:j]) <= 3 && inCapitals(body[:j]) {
			return j + 1
		}
	}
	// Words of a caseless script before a dash or an agency.
	k, m := caselessMarks.first(body, 50)
	if k < 0 {
		return -1
	}
	stop := caselessMarks.marks[m] == ". " || caselessMarks.marks[m] == "। "
	// A full stop ends a sentence as well: only a name of one or two words
	// before it reads as a dateline ("თბილისი. ", "נאי דלהי. ").
	if n := fieldCount(body[:k]); n == 0 || n > 3 || stop && n > 2 {
		return -1
	}
	for w := range strings.FieldsSeq(body[:k]) {
		r, _ := utf8.DecodeRuneInString(w)
		// Georgian news is written in Mkhedruli, which Unicode files as
		// lower case although the script has no capitals in use.
		if !unicode.IsLetter(r) || (unicode.IsUpper(r) || unicode.IsLower(r)) && !unicode.Is(unicode.Georgian, r) {
			return -1 // Latin, Cyrillic, Greek: the English-wire rule decides
		}
	}
	return k
}

// caselessMarks end a dateline in a script without letter case: "بيروت - ",
// "تل أبيب (رويترز) -", "თბილისი. ", "ঢাকা। ".
var caselessMarks = newMarkSet(" - ", " – ", " — ", "(", "（", "：", ": ", ". ", "। ")

// bracketDateline reports whether the bracket that opens body with open and
// closes at byte j (-1: not closed) holds an agency tag: a city and an agency
// joined by "=" ("(서울=연합뉴스)"), any short 【…】 tag ("【ソウル共同】"), or
// a Chinese agency line (hanAgencyLine).
func bracketDateline(body, open string, j int) bool {
	return j > 0 && j < 48 && strings.ContainsAny(body[:j], "=＝") ||
		j > 0 && j < 24 && open == "【" ||
		j > len(open) && j < 72 && hanAgencyLine(body[len(open):j])
}

// hanAgencyLine reports whether the inside of a bracket at the start of a
// body is a Chinese agency line: Han characters and digits with 電 (电), the
// wire's "cabled", among them ("中央社台北2日電", "路透首爾3日電"). Words in
// other scripts or spaces make it something else (a note, a byline).
func hanAgencyLine(s string) bool {
	wire := false
	for _, r := range s {
		switch {
		case r == '電' || r == '电':
			wire = true
		case unicode.Is(unicode.Han, r) || r >= '0' && r <= '9' || r == '/' || r == '．' || r == '、':
		default:
			return false
		}
	}
	return wire
}

// hanCityLine returns the end of a Chinese dateline that names the city
// alone before 电 (電), "北京电 ", "東京電 ": two to six Han characters, then
// the mark and a space; or -1.
func hanCityLine(body string) int {
	n := 0
	for i, r := range body {
		switch {
		case (r == '电' || r == '電') && n >= 2:
			end := i + utf8.RuneLen(r)
			if end < len(body) && (body[end] == ' ' || strings.HasPrefix(body[end:], "\u3000")) {
				return end
			}
			return -1
		case unicode.Is(unicode.Han, r) && n < 6:
			n++
		default:
			return -1
		}
	}
	return -1
}
