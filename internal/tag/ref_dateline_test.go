package tag

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The dateline rules as they were before they stopped building word lists
// and upper- and lower-cased copies: the reference the rules must agree
// with.

func refDatelineEnd(full string, bodyStart int) int {
	body := full[bodyStart:min(len(full), bodyStart+90)]
	if k := refOtherDateline(body); k > 0 {
		return bodyStart + k
	}
	k := -1
	for _, mark := range []string{"(", "—", "–", " - ", " -- "} {
		if i := strings.Index(body, mark); i > 0 && (k < 0 || i < k) {
			k = i
		}
	}
	if k < 0 || k > 60 {
		return -1
	}
	words := strings.FieldsFunc(body[:k], func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '\n' })
	if len(words) == 0 || len(words) > 6 {
		return -1
	}
	allCaps := func(w string) bool { return strings.ToUpper(w) == w && strings.ToLower(w) != w }
	capsFirst := allCaps(words[0]) && len(words[0]) >= 3
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return -1
		}
	}
	if !capsFirst && len(words) > 3 {
		return -1
	}
	return bodyStart + k
}

// refHanAgencyLine is the reference of hanAgencyLine: only Han
// characters, digits and the marks of a date, with 電 or 电 among them.
func refHanAgencyLine(s string) bool {
	if !strings.ContainsAny(s, "電电") {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) && !strings.ContainsRune("0123456789/．、", r) {
			return false
		}
	}
	return true
}

func refOtherDateline(body string) int {
	body = strings.TrimLeft(body, " \t")
	for _, open := range []string{"【", "(", "（", "["} {
		if !strings.HasPrefix(body, open) {
			continue
		}
		for _, closing := range []string{"】", ")", "）", "]"} {
			if j := strings.Index(body, closing); j > 0 && j < 48 && strings.ContainsAny(body[:j], "=＝") || j > 0 && j < 24 && open == "【" || j > len(open) && j < 72 && refHanAgencyLine(body[len(open):j]) {
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
	if c := strings.Index(body, ", "); c >= 3 && c < 30 && len(strings.Fields(body[:c])) <= 3 &&
		strings.ToUpper(body[:c]) == body[:c] && strings.ToLower(body[:c]) != body[:c] {
		rest := body[c+2:]
		if j := strings.Index(rest, ". "); j > 0 && j < 24 && rest[0] >= '0' && rest[0] <= '9' {
			return c + 2 + j + 1
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
	k, stop := -1, false
	for _, mark := range []string{" - ", " – ", " — ", "(", "（", "：", ": ", ". ", "। "} {
		if i := strings.Index(body, mark); i > 0 && (k < 0 || i < k) {
			k, stop = i, mark == ". " || mark == "। "
		}
	}
	if k < 0 || k > 50 {
		return -1
	}
	words := strings.Fields(body[:k])
	// A full stop ends a sentence as well: only a name of one or two words
	// before it reads as a dateline ("თბილისი. ", "נאי דלהי. ").
	if len(words) == 0 || len(words) > 3 || stop && len(words) > 2 {
		return -1
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		// Georgian news is written in Mkhedruli, which Unicode files as
		// lower case although the script has no capitals in use.
		if !unicode.IsLetter(r) || (unicode.IsUpper(r) || unicode.IsLower(r)) && !unicode.Is(unicode.Georgian, r) {
			return -1 // Latin, Cyrillic, Greek: the English-wire rule decides
		}
	}
	return k
}

// TestDatelineAsTheReference finds the dateline from every offset of the
// corpus's items and of the written cases, as they are, in capitals and with
// stray bytes put in: the same end everywhere, and a dateline somewhere.
func TestDatelineAsTheReference(t *testing.T) {
	texts := corpusTexts(t)
	for _, name := range []string{"tag_cases.jsonl", "tag_cases_lang.jsonl", "tag_cases_lang3.jsonl", "tag_cases_lang4.jsonl", "tag_cases_lang5.jsonl", "tag_cases_period.jsonl"} {
		texts = append(texts, caseTexts(t, "../../eval/"+name)...)
	}
	// Bodies that open with a mark that comes again (a mark's first
	// place, 0, does not count, and neither do its later ones).
	texts = append(texts, "T\n(AP) — LONDON (Reuters) - The", "T\n— MOSCOW — text", "T\n - ANKARA - text",
		"T\n(Ankara) بيروت - نص", "T\n. თბილისი. ტექსტი", "T\n: Wien: Text", "T\n（北京） 北京（共同）")
	rng := rand.New(rand.NewPCG(9, 10))
	stray := []string{"\x80", "\xc3", "\xe4\xb8", "\xff", ", ", ". ", " - ", "(", "=", "电"}
	found := 0
	for _, full := range texts {
		b := []byte(full)
		for range 1 + len(b)/60 {
			at := rng.IntN(len(b) + 1)
			b = slices.Insert(b, at, []byte(stray[rng.IntN(len(stray))])...)
		}
		for _, s := range []string{full, strings.ToUpper(full), string(b)} {
			for start := 0; start <= len(s); start++ {
				got, want := datelineEnd(s, start), refDatelineEnd(s, start)
				if got != want {
					t.Fatalf("dateline from %d of %q: %d, reference %d", start, s[start:min(len(s), start+90)], got, want)
				}
				if got > 0 {
					found++
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no dateline anywhere: the comparison compared nothing")
	}
}

// TestCaseKeeps compares caseKeeps with upper- and lower-casing the string,
// on random strings of letters of several scripts, in both cases, digits,
// U+FFFD and bytes that are not UTF-8.
func TestCaseKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"a", "B", "é", "É", "ж", "Ж", "ǅ", "ß", "ﬁ", "电", "1", " ", "\uFFFD", "\xff", "\xc3", "ς", "Σ", "İ", "ı", "K"}
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(6) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		if got, want := caseKeeps(s, unicode.ToUpper), strings.ToUpper(s) == s; got != want {
			t.Fatalf("caseKeeps(%q, ToUpper) = %v, want %v", s, got, want)
		}
		if got, want := caseKeeps(s, unicode.ToLower), strings.ToLower(s) == s; got != want {
			t.Fatalf("caseKeeps(%q, ToLower) = %v, want %v", s, got, want)
		}
		if got, want := fieldCount(s), len(strings.Fields(s)); got != want {
			t.Fatalf("fieldCount(%q) = %d, want %d", s, got, want)
		}
	}
}
