// Command gencldr writes config/taxonomy/names-cldr.yaml: the names of every
// country and territory of the taxonomy in the languages of international
// news (the 24 official EU languages, Russian, Ukrainian, Belarusian, Serbian
// in both scripts, Bosnian, Macedonian, Albanian, Turkish, Azerbaijani,
// Kazakh, Georgian, Armenian, Arabic, Persian, Urdu, Hebrew, Hindi, Bengali,
// Chinese in both scripts, Japanese, Korean, Indonesian, Malay, Vietnamese,
// Thai, Swahili, Amharic, Hausa, Portuguese of Brazil and Portugal) from CLDR
// as golang.org/x/text/language/display ships it. The file is a "names" list
// that the configuration merges into the entries of countries.yaml; it is
// generated once and committed, so nothing depends on CLDR at run time.
// Names an entry already has, names CLDR gives two entries, names that
// another entry of the taxonomy already uses, and short names in scripts
// written without spaces (matched inside words) are left out; newsroom short
// forms and adjectives are written by hand in the other files.
//
// Usage:
//
//	go run ./tools/gencldr [-dir config/taxonomy] [-check]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/intlwire/aggregator/internal/config"
)

// langs maps the taxonomy's names: key to the CLDR locale it is read from.
var langs = [][2]string{
	{"bg", "bg"}, {"hr", "hr"}, {"cs", "cs"}, {"da", "da"}, {"nl", "nl"}, {"et", "et"},
	{"fi", "fi"}, {"fr", "fr"}, {"de", "de"}, {"el", "el"}, {"hu", "hu"}, {"ga", "ga"},
	{"it", "it"}, {"lv", "lv"}, {"lt", "lt"}, {"mt", "mt"}, {"pl", "pl"}, {"pt", "pt"},
	{"pt-PT", "pt-PT"}, {"ro", "ro"}, {"sk", "sk"}, {"sl", "sl"}, {"es", "es"}, {"sv", "sv"},
	{"ru", "ru"}, {"uk", "uk"}, {"be", "be"}, {"sr", "sr"}, {"sr-Latn", "sr-Latn"},
	{"bs", "bs"}, {"mk", "mk"}, {"sq", "sq"}, {"tr", "tr"}, {"az", "az"}, {"kk", "kk"},
	{"ka", "ka"}, {"hy", "hy"}, {"ar", "ar"}, {"fa", "fa"}, {"ur", "ur"}, {"he", "he"},
	{"hi", "hi"}, {"bn", "bn"}, {"zh", "zh"}, {"zh-Hant", "zh-Hant"}, {"ja", "ja"},
	{"ko", "ko"}, {"id", "id"}, {"ms", "ms"}, {"vi", "vi"}, {"th", "th"}, {"sw", "sw"},
	{"am", "am"}, {"ha", "ha"},
	// Beyond the list: the other languages CLDR names the world in
	// that have a daily press writing about it, so that news in a language
	// no one has tuned for still finds its countries by their plain names
	// (inflection.yaml gives the forms where the language inflects them).
	{"ca", "ca"}, {"eu", "eu"}, {"gl", "gl"}, {"is", "is"}, {"nb", "no"}, {"nn", "nn"},
	{"af", "af"}, {"cy", "cy"}, {"lb", "lb"}, {"tl", "fil"},
	{"ta", "ta"}, {"te", "te"}, {"ml", "ml"}, {"kn", "kn"}, {"mr", "mr"}, {"gu", "gu"},
	{"pa", "pa"}, {"ne", "ne"}, {"si", "si"}, {"or", "or"},
	{"km", "km"}, {"my", "my"}, {"lo", "lo"}, {"mn", "mn"}, {"ky", "ky"}, {"tg", "tg"},
	{"tk", "tk"}, {"uz", "uz"}, {"ug", "ug"}, {"tt", "tt"}, {"ps", "ps"}, {"sd", "sd"},
	{"ckb", "ckb"}, {"so", "so"},
}

// commonWords are CLDR names that are everyday words in their language, or
// that name something else more often than the country; the editor may add
// them by hand with near/not_near rules.
var commonWords = map[string]bool{
	"수단": true, "가나": true, "말리": true, "오만": true, "저지": true, "건지": true, "조지아": true, "인도": true,
	"マリ": true, "チリ": true, "ジョージア": true, "ジャージー": true, "Réunion": true, "La Réunion": true,
	"Chad": true, "Jersey": true, "Guernsey": true, "Man": true, "Georgia": true, "Jordan": true, "Niger": true,
	"Turkey": true, "Mali": true, "Oman": true, "Togo": true, "Peru": true, "Chile": true, "Cuba": true,
	"Malta": true, "Island": true, "Marokko": true, "Kongo": true, "Congo": true, "Dominica": true,
	"Guinea": true, "Samoa": true, "Panama": true, "Nauru": true, "Monaco": true, "Macau": true,
	"Namibia": true, "Bali": true, "Svalbard": true, "India": true, "Sudan": true,
	// Short names that are other words, names or acronyms where the news is
	// written: CAD (the Canadian dollar), FAS, Tai Po, Sead (a given name),
	// Tanga (a Tanzanian city), the Gini coefficient, Siri, Turkish "benim"
	// ("my"), Prince Turki, Qana (a Lebanese village).
	"Cad": true, "Fas": true, "Tai": true, "Sead": true, "Tanga": true, "Gini": true, "Siri": true,
	"Benim": true, "Turki": true, "Qana": true,
	// Réunion is "meeting" in the Romance languages: Italian "riunione",
	// Portuguese "reunião", Spanish "reunión", Romanian "reuniune".
	"Riunione": true, "Reunião": true, "Reunión": true, "Reuniune": true,
	// Names in the languages beyond the list that are words, or
	// other names, where the news is written: Afrikaans "Pole" (Poland),
	// Icelandic "Mön" (French "mon") and "Síle" (an Irish given name),
	// "Malí" (Croatian "mali", small), Frisian/Malagasy "Sina" (the Chinese
	// portal), Somali "Gaana" (Hindi "song"); Niue written as "New" in the
	// Indic scripts; Mali as "gardener" (Gujarati, Punjabi); Tamil "பெரு"
	// (great) and "கானா" (a song genre); Devanagari "कतार" (a queue);
	// Lao "ລາວ" (he, she) and "ຝຣັ່ງ" (a Westerner); Urdu and Persian
	// "میسر" (available), "پیرو" (follower), "چلي" (went), "پلو" (pilaf),
	// "گانا" (song), Arabic "مالى" (financial) and "يمن", "في جي" (in ...);
	// Mongolian "Дани" (Russian "tribute"); and Jersey, which is a shirt.
	"Pole": true, "Mön": true, "Síle": true, "Malí": true, "Sina": true, "Gaana": true,
	"நியூ": true, "నియూ": true, "ನಿಯು": true, "નીયુ": true, "ਨਿਯੂ": true, "නියූ": true, "ନିଉ": true,
	"માલી": true, "ਮਾਲੀ": true, "மாலி": true, "ಮಾಲಿ": true, "మాలి": true, "മാലി": true, "මාලි": true, "ମାଲି": true,
	"பெரு": true, "கானா": true, "कतार": true, "ລາວ": true, "ຝຣັ່ງ": true,
	"میسر": true, "پيرو": true, "چلي": true, "پلو": true, "گانا": true, "مالى": true, "يمن": true, "في جي": true, "تلل": true,
	"Дани": true, "Jersi": true, "જર્સી": true, "ਜਰਸੀ": true, "ජර්සි": true, "ଜର୍ସି": true, "جرسي": true,
}

// handNamed are codes whose CLDR names are descriptive phrases no newspaper
// writes, curated by hand.
var handNamed = map[string]bool{"HK": true, "MO": true, "PS": true, "VG": true, "VI": true, "UM": true, "EA": true, "IC": true, "XK": false}

func main() {
	dir := flag.String("dir", "config/taxonomy", "taxonomy directory")
	check := flag.Bool("check", false, "report whether the file would change, write nothing")
	cities := flag.String("cities", "", "write names-cities.yaml from this CLDR directory (cldr-dates-full's main/) instead")
	flag.Parse()
	out, err := generate(*dir)
	path := filepath.Join(*dir, "names-cldr.yaml")
	if *cities != "" {
		out, err = generateCities(*dir, *cities)
		path = filepath.Join(*dir, "names-cities.yaml")
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gencldr: %v\n", err)
		os.Exit(2)
	}
	old, _ := os.ReadFile(path)
	if bytes.Equal(old, out) {
		return
	}
	if *check {
		fmt.Printf("%s: would change\n", path)
		os.Exit(1)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "gencldr: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("%s written\n", path)
}

type entry struct {
	ID       string              `yaml:"id"`
	Kind     string              `yaml:"kind"`
	ISO      string              `yaml:"iso"`
	Name     string              `yaml:"name"`
	Country  string              `yaml:"country"`
	Aliases  []yaml.Node         `yaml:"aliases"`
	Demonyms []yaml.Node         `yaml:"demonyms"`
	Cities   []yaml.Node         `yaml:"cities"`
	Names    map[string][]string `yaml:"names"`
}

// generate reads the taxonomy's entries and returns the names file.
func generate(dir string) ([]byte, error) {
	all, err := readEntries(dir, "names-cldr.yaml", "names-cities.yaml")
	if err != nil {
		return nil, err
	}
	used := usedNames(all)
	// CLDR's names per language, and how many entries each would name.
	type gen struct {
		id    string
		names map[string][]string
	}
	var gens []gen
	count := map[string]int{} // lang + folded name → entries
	for _, e := range all {
		if e.Kind != "country" || e.ISO == "" || handNamed[e.ISO] {
			continue
		}
		r, err := language.ParseRegion(e.ISO)
		if err != nil {
			continue
		}
		g := gen{id: e.ID, names: map[string][]string{}}
		for _, l := range langs {
			n := display.Regions(language.MustParse(l[1]))
			if n == nil {
				continue
			}
			for _, name := range append(cleanName(n.Name(r), l[0]), languageAdjectives(e.ISO, l)...) {
				if name == "" || commonWords[name] || name == e.ISO {
					continue
				}
				if noSpaces(name) && utf8.RuneCountInString(name) < 3 && !countryWord(name) || config.CheckAlias(name) != "" {
					continue // matched inside words, or refused by loading
				}
				if containsFold(map[string][]string{l[0]: g.names[l[0]]}, name) {
					continue // the country name and its adjective alike ("Eesti", "eesti")
				}
				g.names[l[0]] = append(g.names[l[0]], name)
				count[l[0]+"\x00"+fold(name)]++
			}
		}
		gens = append(gens, g)
	}
	var b bytes.Buffer
	b.WriteString("# Generated by `go run ./tools/gencldr` from CLDR (golang.org/x/text/language/display).\n")
	b.WriteString("# Do not edit: add names by hand in countries.yaml, which wins over this file.\n")
	b.WriteString("names:\n")
	for _, g := range gens {
		var lines []string
		for _, l := range langs {
			var keep []string
			for _, name := range g.names[l[0]] {
				k := fold(name)
				if count[l[0]+"\x00"+k] > 1 {
					continue // CLDR gives two entries this name
				}
				if others(used[k], g.id) {
					continue // another entry uses it
				}
				if !contains(keep, name) {
					keep = append(keep, name)
				}
			}
			q := make([]string, len(keep))
			for i, k := range keep {
				q[i] = quote(k)
			}
			lines = appendNamesLine(lines, l[0], q)
		}
		writeEntry(&b, g.id, lines)
	}
	return b.Bytes(), nil
}

// appendNamesLine appends the YAML line of one language's names (quoted
// already) to lines, unless there are none.
func appendNamesLine(lines []string, lang string, quoted []string) []string {
	if len(quoted) == 0 {
		return lines
	}
	return append(lines, fmt.Sprintf("      %s: [%s]\n", quoteKey(lang), strings.Join(quoted, ", ")))
}

// writeEntry writes the names entry of id with its language lines, unless
// it has none.
func writeEntry(b *bytes.Buffer, id string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "  - id: %s\n    names:\n", id)
	for _, ln := range lines {
		b.WriteString(ln)
	}
}

// cleanName splits a CLDR display name into the forms a text would use:
// "Myanmar (Birmanie)" gives both names, "Конго - Киншаса" becomes
// "Конго-Киншаса"; a parenthesis of one or two letters ("刚果（布）") is kept.
func cleanName(s, lang string) []string {
	s = strings.TrimSpace(s)
	// Irish and Maltese write the article with the name ("an Ailgéir",
	// "l-Alġerija"); the bare name is what the other cases keep.
	switch lang {
	case "ga":
		s = strings.TrimPrefix(strings.TrimPrefix(s, "an "), "na ")
	case "mt":
		s = maltaArticle(s)
	}
	for _, d := range []string{" - ", " – ", " — "} {
		s = strings.ReplaceAll(s, d, "-")
	}
	s = strings.NewReplacer("（", "(", "）", ")", "о-ва ", "острова ", "о-в ", "остров ").Replace(s)
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

// maltaArticle strips the Maltese article from a name: "l-" and "il-", and
// the forms it takes before the "sun letters" (iċ-, id-, in-, ir-, is-, it-,
// ix-, iż-, iz-). Kept, "in-Niġer" and "is-Sudan" fold to the English words
// "in Niger" and "is Sudan" and match them past the English names' guards.
func maltaArticle(s string) string {
	art, rest, ok := strings.Cut(s, "-")
	if !ok || rest == "" {
		return s
	}
	switch art {
	case "l", "il", "iċ", "id", "in", "ir", "is", "it", "ix", "iż", "iz":
		return rest
	}
	return s
}

// noSpaces reports a name in a script written without spaces (Han, kana,
// Thai, Lao, Khmer, Myanmar), which the tagger matches inside words.
func noSpaces(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) {
			return true
		}
	}
	return false
}

// fold is a name's comparison form: lower case, diacritics removed.
func fold(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(out, "-", " ")), " "))
}

// aliasText is the text of an alias node: a plain string or {text: ...}.
func aliasText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "text" {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// others reports whether ids holds an entry other than id.
func others(ids map[string]bool, id string) bool {
	for k := range ids {
		if k != id {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// quote writes a YAML flow scalar, quoted when YAML would misread it.
func quote(s string) string {
	if strings.ContainsAny(s, ",:[]{}#&*!|>'\"%@`") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") ||
		strings.EqualFold(s, "yes") || strings.EqualFold(s, "no") || strings.EqualFold(s, "on") || strings.EqualFold(s, "off") ||
		strings.EqualFold(s, "true") || strings.EqualFold(s, "false") || strings.EqualFold(s, "null") {
		return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
	}
	return s
}

func quoteKey(k string) string { return k }

// readEntries reads the entries of every taxonomy file but skip; the names of the hand-written supplements (names-news.yaml, ...) are
// added to the entries they name.
func readEntries(dir string, skip ...string) ([]entry, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(files)
	var all []entry
	var sups []entry
	for _, f := range files {
		if slices.Contains(skip, filepath.Base(f)) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Entries []entry `yaml:"entries"`
			Names   []entry `yaml:"names"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		all = append(all, doc.Entries...)
		sups = append(sups, doc.Names...)
	}
	byID := map[string]int{}
	for i, e := range all {
		byID[e.ID] = i
	}
	for _, s := range sups {
		i, ok := byID[s.ID]
		if !ok {
			continue
		}
		if all[i].Names == nil {
			all[i].Names = map[string][]string{}
		}
		for l, ns := range s.Names {
			all[i].Names[l] = append(all[i].Names[l], ns...)
		}
	}
	return all, nil
}

// usedNames maps every name the entries use, folded, to the entries using it.
func usedNames(all []entry) map[string]map[string]bool {
	used := map[string]map[string]bool{}
	use := func(id, s string) {
		k := fold(s)
		if used[k] == nil {
			used[k] = map[string]bool{}
		}
		used[k][id] = true
	}
	for _, e := range all {
		use(e.ID, e.Name)
		for _, list := range [][]yaml.Node{e.Aliases, e.Demonyms, e.Cities} {
			for _, n := range list {
				use(e.ID, aliasText(&n))
			}
		}
		for _, ns := range e.Names {
			for _, n := range ns {
				use(e.ID, n)
			}
		}
	}
	return used
}

// countryWord reports a two-character Chinese name that ends in 国 (國),
// "country": 中國, 美國, 德國 are names wherever they appear, where other short
// names matched inside words (the Chinese and Japanese scripts have no
// spaces) are often parts of other words.
func countryWord(name string) bool {
	return strings.HasSuffix(name, "国") || strings.HasSuffix(name, "國")
}
