package main

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// languages are the languages whose names the taxonomy carries, in the order
// they are written into each entry's names mapping.
var languages = []string{"ar", "zh", "fr", "de", "fa", "ru", "es", "tr", "uk", "ja", "ko"}

// commonWords are CLDR names that are also everyday words of their language
// in scripts matched without word boundaries (Korean 수단 "means", 저지
// "blocking"; Japanese マリ in マリン, チリ "dust"), or that name two places
// (ジョージア, 조지아: the country and the US state). They are left to the
// editor, who may add them as aliases with near/not_near rules.
var commonWords = map[string]bool{
	"수단": true, "가나": true, "말리": true, "오만": true, "저지": true, "건지": true, "조지아": true, "인도": true,
	"マリ": true, "チリ": true, "ジョージア": true, "ジャージー": true,
}

// m49 maps region ids of regions.yaml to their UN M49 codes, for which CLDR
// has names.
var m49 = map[string]string{
	"world": "001", "africa": "002", "northern-africa": "015", "sub-saharan-africa": "202",
	"eastern-africa": "014", "middle-africa": "017", "southern-africa": "018", "western-africa": "011",
	"americas": "019", "latin-america-and-the-caribbean": "419", "caribbean": "029",
	"central-america": "013", "south-america": "005", "northern-america": "021",
	"asia": "142", "central-asia": "143", "eastern-asia": "030", "south-eastern-asia": "035",
	"southern-asia": "034", "western-asia": "145", "europe": "150", "eastern-europe": "151",
	"northern-europe": "154", "southern-europe": "039", "western-europe": "155",
	"oceania": "009", "australia-and-new-zealand": "053", "melanesia": "054",
	"micronesia": "057", "polynesia": "061", "eu": "EU", "eurozone": "EZ",
}

// handNamed lists codes whose CLDR names are descriptive phrases that no
// newspaper writes ("R.A.S. chinoise de Hong Kong"); their names are curated
// by hand instead.
var handNamed = map[string]bool{"HK": true, "MO": true, "PS": true, "VG": true, "VI": true, "419": true, "019": true, "001": true, "EU": true, "EZ": true}

// cldrNames returns the cleaned CLDR names of a region code in one language:
// "Myanmar (Birmanie)" gives both names, "Конго - Киншаса" becomes
// "Конго-Киншаса". It returns nothing for codes CLDR does not know.
func cldrNames(code, lang string) []string {
	if handNamed[code] {
		return nil
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return nil
	}
	n := display.Regions(language.MustParse(lang))
	if n == nil {
		return nil
	}
	var out []string
	for _, name := range cleanName(n.Name(r)) {
		if !commonWords[name] {
			out = append(out, name)
		}
	}
	return out
}

// cleanName splits a CLDR display name into the forms a text would use. A
// parenthesis of one or two letters qualifies the name ("刚果（布）") and is
// kept, as plain parentheses; a longer one is an alternative name.
func cleanName(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, d := range []string{" - ", " – ", " — "} {
		s = strings.ReplaceAll(s, d, "-")
	}
	s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	// Russian CLDR abbreviates "islands" and "island"; texts spell them out.
	words := strings.Fields(s)
	for i, w := range words {
		switch w {
		case "о-ва":
			words[i] = "острова"
		case "о-в":
			words[i] = "остров"
		}
	}
	s = strings.Join(words, " ")
	i, j := strings.Index(s, "("), strings.LastIndex(s, ")")
	if i <= 0 || j < i {
		return []string{s}
	}
	inner := strings.TrimSpace(s[i+1 : j])
	outer := strings.TrimSpace(s[:i] + s[j+1:])
	if utf8.RuneCountInString(inner) < 3 {
		return []string{strings.TrimSpace(s[:i]) + "(" + inner + ")" + s[j+1:]}
	}
	return []string{outer, inner}
}
