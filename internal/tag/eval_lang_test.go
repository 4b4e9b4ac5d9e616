package tag

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// langCase is one case of eval/tag_cases_lang.jsonl: blind news in one of
// the languages of the news, with the countries it is about and its venue
// (the dateline's country, "" without a dateline).
type langCase struct {
	ID        string   `json:"id"`
	Lang      string   `json:"lang"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Countries []string `json:"countries"`
	Venue     string   `json:"venue"`
}

// langScore is the score of one language: countries micro-averaged, and the
// venue right or wrong.
type langScore struct {
	countries       prf
	venueOK, venueN int
	cases           int
}

// TestEvalLanguages prints precision and recall of countries per language on
// the blind multilingual cases (eval/tag_cases_lang.jsonl and, from session
// 5, eval/tag_cases_lang2.jsonl), plus the Chinese
// and Ukrainian feeds of the corpus, and how often the venue is right. `make
// eval` runs it. Set EVAL_LANG_ERRORS=1 to list the cases it gets wrong,
// each country with the words that named it ("-PL()": a name the taxonomy
// lacks; "-PL(Polska)": found but not salient).
func TestEvalLanguages(t *testing.T) {
	tg := shippedTagger(t)
	cases := readLangCases(t, filepath.Join("..", "..", "eval", "tag_cases_lang.jsonl"))
	if len(cases) == 0 {
		t.Skip("no multilingual cases")
	}
	byLang := map[string]*langScore{}
	var total, blind langScore
	var errs []string
	score := func(lang string, gold []string, venue string, hasVenue bool, r Result, id string) {
		s := byLang[lang]
		if s == nil {
			s = &langScore{}
			byLang[lang] = s
		}
		for _, x := range []*langScore{s, &total} {
			x.cases++
			x.countries.add(gold, r.Countries, nil)
			if hasVenue {
				x.venueN++
				if r.Venue == venue {
					x.venueOK++
				}
			}
		}
		if os.Getenv("EVAL_LANG_ERRORS") != "" && !strings.HasPrefix(id, blind2Prefix) {
			var fp, fn []string
			for _, c := range r.Countries {
				if !contains(gold, c) {
					fp = append(fp, c+evidenceOf(tg, r, c))
				}
			}
			for _, c := range gold {
				if !contains(r.Countries, c) {
					fn = append(fn, c+evidenceOf(tg, r, c))
				}
			}
			if len(fp)+len(fn) > 0 || hasVenue && r.Venue != venue {
				errs = append(errs, fmt.Sprintf("  %-12s +%v -%v venue %q/%q", id, fp, fn, r.Venue, venue))
			}
		}
	}
	// The second blind set (session 5) is scored in the language rows and
	// in a row of its own.
	var blind2 langScore
	cases2 := readLangCases(t, filepath.Join("..", "..", "eval", "tag_cases_lang2.jsonl"))
	for i, c := range append(cases, cases2...) {
		r := tg.Tag(c.Title, c.Text)
		id := c.ID
		if i >= len(cases) {
			id = blind2Prefix + id // its errors are never listed: the set stays blind
		}
		score(c.Lang, c.Countries, c.Venue, true, r, id)
		set := &blind
		if i >= len(cases) {
			set = &blind2
		}
		set.cases++
		set.countries.add(c.Countries, r.Countries, nil)
		set.venueN++
		if r.Venue == c.Venue {
			set.venueOK++
		}
	}
	// The real Chinese and Ukrainian feeds (countries only, named labels).
	for _, it := range loadEval(t) {
		if it.set != "corpus" || !(strings.HasPrefix(it.Feed, "zh-") || strings.HasPrefix(it.Feed, "uk-")) {
			continue
		}
		var gold []string
		for _, c := range it.Countries {
			if !contains(it.Implicit, c) {
				gold = append(gold, c)
			}
		}
		lang := strings.SplitN(it.Feed, "-", 2)[0] + " (feeds)"
		score(lang, gold, "", false, tg.Tag(it.title, it.text), it.Feed+" "+it.Key)
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-10s %5s %6s %6s %6s %7s  %s\n", "lang", "cases", "P", "R", "F1", "venue", "")
	meets := 0
	for _, l := range langs {
		s := byLang[l]
		p, r, f := s.countries.scores()
		mark := ""
		if r >= 0.85 && p >= 0.90 {
			mark, meets = "target met", meets+1
		}
		fmt.Fprintf(&b, "%-10s %5d %6.3f %6.3f %6.3f %7s  %s\n", l, s.cases, p, r, f, venueRate(s), mark)
	}
	p, r, f := blind.countries.scores()
	fmt.Fprintf(&b, "%-10s %5d %6.3f %6.3f %6.3f %7s  (the first blind cases, tag_cases_lang.jsonl)\n", "BLIND", blind.cases, p, r, f, venueRate(&blind))
	if blind2.cases > 0 {
		p, r, f = blind2.countries.scores()
		fmt.Fprintf(&b, "%-10s %5d %6.3f %6.3f %6.3f %7s  (the second blind cases, tag_cases_lang2.jsonl)\n", "BLIND2", blind2.cases, p, r, f, venueRate(&blind2))
	}
	p, r, f = total.countries.scores()
	fmt.Fprintf(&b, "%-10s %5d %6.3f %6.3f %6.3f %7s  (%d of %d languages at R>=0.85 and P>=0.90)\n",
		"ALL", total.cases, p, r, f, venueRate(&total), meets, len(langs))
	t.Log(b.String())
	if own := ownLangCases(t, tg, &errs); own != "" {
		t.Log(own)
	}
	if len(errs) > 0 {
		t.Logf("errors (+false positive, -missed, venue got/want):\n%s", strings.Join(errs, "\n"))
	}
}

// blind2Prefix marks the ids of the second blind set, whose errors the
// error listing leaves out so that the set stays held out.
const blind2Prefix = "blind2:"

// ownLangCases scores eval/tag_cases_lang3.jsonl, the cases the tuning
// helper of session 6 wrote for the weakest languages before running the
// tagger on them, per language apart from the blind sets (they are not
// blind: their errors were read). It appends their errors to errs when
// EVAL_LANG_ERRORS is set, and returns the table.
func ownLangCases(t *testing.T, tg *Tagger, errs *[]string) string {
	cases := readLangCases(t, filepath.Join("..", "..", "eval", "tag_cases_lang3.jsonl"))
	if len(cases) == 0 {
		return ""
	}
	byLang := map[string]*langScore{}
	var total langScore
	for _, c := range cases {
		r := tg.Tag(c.Title, c.Text)
		s := byLang[c.Lang]
		if s == nil {
			s = &langScore{}
			byLang[c.Lang] = s
		}
		for _, x := range []*langScore{s, &total} {
			x.cases++
			x.countries.add(c.Countries, r.Countries, nil)
			x.venueN++
			if r.Venue == c.Venue {
				x.venueOK++
			}
		}
		if os.Getenv("EVAL_LANG_ERRORS") != "" {
			var fp, fn []string
			for _, x := range r.Countries {
				if !contains(c.Countries, x) {
					fp = append(fp, x+evidenceOf(tg, r, x))
				}
			}
			for _, x := range c.Countries {
				if !contains(r.Countries, x) {
					fn = append(fn, x+evidenceOf(tg, r, x))
				}
			}
			if len(fp)+len(fn) > 0 || r.Venue != c.Venue {
				*errs = append(*errs, fmt.Sprintf("  %-12s +%v -%v venue %q/%q", c.ID, fp, fn, r.Venue, c.Venue))
			}
		}
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var b strings.Builder
	fmt.Fprintf(&b, "\nown cases (tag_cases_lang3.jsonl, written for the weak languages; not blind)\n")
	for _, l := range append(langs, "OWN") {
		s := byLang[l]
		if l == "OWN" {
			s = &total
		}
		p, r, f := s.countries.scores()
		fmt.Fprintf(&b, "%-10s %5d %6.3f %6.3f %6.3f %7s\n", l, s.cases, p, r, f, venueRate(s))
	}
	return b.String()
}

// evidenceOf lists the words that named country iso in the text (itself, a
// city, a place or a person of it), so that the errors tell a name the
// taxonomy lacks ("-PL()": nothing named it) from a name found but not
// salient ("-PL(Polska)": named once, outside the lead).
func evidenceOf(tg *Tagger, r Result, iso string) string {
	var words []string
	for _, m := range r.Mentions {
		e, ok := tg.Lookup(m.Tag)
		for i := 0; ok && i < 4 && e.ISO == ""; i++ {
			if len(e.Parents) == 0 {
				ok = false
				break
			}
			e, ok = tg.Lookup(e.Parents[0])
		}
		if ok && e.ISO == iso && !contains(words, m.Text) {
			words = append(words, m.Text)
		}
	}
	return "(" + strings.Join(words, "|") + ")"
}

func venueRate(s *langScore) string {
	if s.venueN == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(s.venueOK)/float64(s.venueN))
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// readLangCases reads the multilingual cases; a missing file is no cases.
func readLangCases(t testing.TB, path string) []langCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []langCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c langCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, c)
	}
	return out
}
