package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/intlwire/aggregator/internal/config"
	"golang.org/x/text/unicode/norm"
)

// shippedTaxonomy is the repository's taxonomy directory, relative to this package.
const shippedTaxonomy = "../../config/taxonomy"

// ownFiles are the taxonomy files checked here, each with the only kind it may hold.
var ownFiles = map[string]string{"places.yaml": "place", "actors.yaml": "actor", "topics.yaml": "topic"}

// geoFiles are written separately; when they are missing the test stands in
// for the ids they will define so that everything else is still validated.
var geoFiles = []string{"countries.yaml", "regions.yaml"}

// requiredTopics are the topic ids that topic rules and the product rely on.
var requiredTopics = []string{"diplomacy", "conflict", "terrorism", "sanctions", "elections",
	"humanitarian", "migration", "arms", "energy", "trade", "human-rights", "climate",
	"nuclear", "economy", "health"}

// topicLangs are the languages of the shipped sources every topic lexicon covers.
var topicLangs = []string{"ar", "zh", "fr", "de", "fa", "ru", "es", "tr", "uk"}

// loadShipped copies the places/actors/topics files (and the country and region
// files when present) into a temporary configuration and loads it with
// config.Load. It returns the loaded config and the ids it had to stand in for.
func loadShipped(t *testing.T) (*config.Config, []string) {
	t.Helper()
	dir := t.TempDir()
	taxDir := filepath.Join(dir, "taxonomy")
	if err := os.Mkdir(taxDir, 0o755); err != nil {
		t.Fatal(err)
	}
	missingGeo := false
	for _, name := range append(sortedKeys(ownFiles), geoFiles...) {
		b, err := os.ReadFile(filepath.Join(shippedTaxonomy, name))
		if errors.Is(err, os.ErrNotExist) && ownFiles[name] == "" {
			missingGeo = true
			continue
		}
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(taxDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "sources.yaml"), "sources:\n  - id: wire\n    url: https://example.org/feed.xml\n")
	writeFile(t, filepath.Join(dir, "topics.yaml"), `topics:
  - slug: syria-diplomacy
    title: Syria diplomacy
    match: 'place:idlib OR (actor:ypg AND topic:diplomacy) OR actor:vladimir-putin OR topic:arms'
`)
	main := filepath.Join(dir, "aggregator.yaml")
	writeFile(t, main, "database: data.db\n")
	var stubs []string
	if missingGeo {
		// Stand in for the geography files: every id referenced but not defined
		// in the files under test becomes a region so references resolve.
		cfg, err := config.Load(main)
		if err == nil {
			return cfg, nil
		}
		var ps config.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("load: %v", err)
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if id, ok := unknownRef(p.Msg); ok && !seen[id] {
				seen[id] = true
				stubs = append(stubs, id)
			}
		}
		sort.Strings(stubs)
		var b strings.Builder
		b.WriteString("entries:\n")
		for _, id := range stubs {
			b.WriteString("  - {id: " + id + ", kind: region, name: " + id + "}\n")
		}
		writeFile(t, filepath.Join(taxDir, "zz-stub.yaml"), b.String())
	}
	cfg, err := config.Load(main)
	if err != nil {
		t.Fatalf("the taxonomy does not load (%d stand-in ids):\n%v", len(stubs), err)
	}
	return cfg, stubs
}

// unknownRef extracts the id from an "names unknown entry" problem.
func unknownRef(msg string) (string, bool) {
	const marker = "names unknown entry \""
	i := strings.Index(msg, marker)
	if i < 0 {
		return "", false
	}
	rest := msg[i+len(marker):]
	j := strings.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return rest[:j], true
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fold approximates the matcher's normalization for duplicate detection
// (case, NFKC, apostrophes); hyphen and space variants are kept apart on
// purpose, so listing both is not a duplicate.
func fold(s string) string {
	s = norm.NFKC.String(strings.ToLower(strings.TrimSpace(s)))
	return strings.NewReplacer("’", "'", "‘", "'").Replace(s)
}

// words returns every name of an entry (name, aliases, demonyms, cities, names).
func words(e config.TaxonomyEntry) []string {
	out := []string{e.Name}
	for _, as := range [][]config.Alias{e.Aliases, e.Demonyms, e.Cities} {
		for _, a := range as {
			out = append(out, a.Text)
		}
	}
	for _, ns := range e.Names {
		out = append(out, ns...)
	}
	return out
}

// repeated returns the words an entry lists twice in one place: among its
// aliases, demonyms and cities, or in one language's names. The same
// spelling in two languages' names, or in an alias and a language's names,
// is not a repeat: the tagger gives it that language's endings as well.
func repeated(e config.TaxonomyEntry) []string {
	var out []string
	check := func(seen map[string]bool, ws ...string) {
		for _, w := range ws {
			f := fold(w)
			if seen[f] && f != fold(e.Name) {
				out = append(out, w)
			}
			seen[f] = true
		}
	}
	shared := map[string]bool{}
	for _, as := range [][]config.Alias{e.Aliases, e.Demonyms, e.Cities} {
		for _, a := range as {
			check(shared, a.Text)
		}
	}
	for _, ns := range e.Names {
		check(map[string]bool{}, ns...)
	}
	return out
}

func TestShippedTaxonomyPlacesActorsTopics(t *testing.T) {
	cfg, stubs := loadShipped(t)
	if len(stubs) > 0 {
		t.Logf("countries/regions files missing: stood in for %d ids: %s", len(stubs), strings.Join(stubs, " "))
	}
	kindOf := map[string]string{}
	for _, e := range taxonomyEntries(cfg) {
		kindOf[e.ID] = e.Kind
	}
	count := map[string]int{}
	owner := map[string]string{} // folded case-insensitive alias → entry id (own files)
	for _, e := range taxonomyEntries(cfg) {
		file := filepath.Base(e.Pos.File)
		want, own := ownFiles[file]
		if !own {
			continue
		}
		count[e.Kind]++
		if e.Kind != want {
			t.Errorf("%s:%d: %q is a %s; %s holds only %s entries", file, e.Pos.Line, e.ID, e.Kind, file, want)
		}
		for _, w := range words(e) {
			if strings.TrimSpace(w) == "" {
				t.Errorf("%s:%d: %q has an empty alias", file, e.Pos.Line, e.ID)
			}
		}
		for _, w := range repeated(e) {
			t.Errorf("%s:%d: %q lists %q twice", file, e.Pos.Line, e.ID, w)
		}
		for _, a := range e.Aliases {
			if a.CaseSensitive || len(a.Near) > 0 {
				continue // disambiguated by hints: may be shared on purpose
			}
			f := fold(a.Text)
			if o, dup := owner[f]; dup && o != e.ID {
				t.Errorf("%s:%d: alias %q of %q is also an alias of %q", file, a.Pos.Line, a.Text, e.ID, o)
			}
			owner[f] = e.ID
		}
		switch e.Kind {
		case "place":
			if e.Country != "" && kindOf[e.Country] == "country" && !reaches(taxonomyEntries(cfg), e.ID, e.Country) {
				t.Errorf("%s:%d: place %q does not roll up to its country %q", file, e.Pos.Line, e.ID, e.Country)
			}
			if e.Country == "" && len(e.Parents) == 0 {
				t.Errorf("%s:%d: place %q has neither a country nor parents", file, e.Pos.Line, e.ID)
			}
		case "actor":
			switch e.Type {
			case "person", "organization", "armed-group", "government":
			default:
				t.Errorf("%s:%d: actor %q: type must be person, organization, armed-group or government, got %q", file, e.Pos.Line, e.ID, e.Type)
			}
			// Editorial policy: heads of state and government imply the country
			// they lead (domestic wires write "the president said" without it);
			// no person implies any other entry.
			if e.Type == "person" && len(e.Implies) > 0 && (len(e.Implies) != 1 || e.Implies[0] != e.Country) {
				t.Errorf("%s:%d: person %q implies %v; a person may imply only the country they lead (%q)", file, e.Pos.Line, e.ID, e.Implies, e.Country)
			}
			if e.Type == "government" && len(e.Implies) == 0 {
				t.Errorf("%s:%d: government %q implies nothing; a state body implies its country", file, e.Pos.Line, e.ID)
			}
		case "topic":
			for _, l := range topicLangs {
				if len(e.Names[l]) == 0 {
					t.Errorf("%s:%d: topic %q has no %s keywords", file, e.Pos.Line, e.ID, l)
				}
			}
			if len(e.Aliases) < 15 {
				t.Errorf("%s:%d: topic %q has only %d English keywords", file, e.Pos.Line, e.ID, len(e.Aliases))
			}
		}
	}
	for _, id := range requiredTopics {
		if kindOf[id] != "topic" {
			t.Errorf("topic %q is missing", id)
		}
	}
	for kind, min := range map[string]int{"place": 150, "actor": 250, "topic": len(requiredTopics)} {
		if count[kind] < min {
			t.Errorf("%d %s entries, want at least %d", count[kind], kind, min)
		}
	}
	t.Logf("places %d, actors %d, topics %d", count["place"], count["actor"], count["topic"])
	checkEmbeddedCJK(t, taxonomyEntries(cfg))
}

// embeddedCJKAccepted lists plain CJK names of places and actors that may
// occur inside another entry's longer name because the shorter one is also
// right there (Kashmir inside "Indian-administered Kashmir").
var embeddedCJKAccepted = map[string]bool{
	"克什米尔": true, "库尔德斯坦": true, "耶路撒冷": true, "胡塞": true, "塔利班": true,
	"基地组织": true, "阿萨德": true, "波罗的海": true, "地中海": true, "赖清德": true,
	"蔡英文": true, "人民保护部队": true, "联合国": true, "伊斯兰国": true, "中共": true,
}

// checkEmbeddedCJK reports a plain (unhinted) Chinese, Japanese or Korean name
// of a place or actor that occurs inside a longer name of another entry at a
// position other than its start. Scripts without spaces are matched as
// substrings, so such a name fires inside the longer one: 萨德 (THAAD) inside
// 阿萨德 (Assad), 解放军 (PLA) inside 俾路支解放军. The fix is a not_near
// hint or a longer form.
func checkEmbeddedCJK(t *testing.T, entries []config.TaxonomyEntry) {
	t.Helper()
	type form struct{ text, id string }
	var plain, all []form
	for _, e := range entries {
		own := ownFiles[filepath.Base(e.Pos.File)] != ""
		for _, a := range e.Aliases {
			if isCJK(a.Text) {
				all = append(all, form{a.Text, e.ID})
				if own && e.Kind != "topic" && len(a.Near)+len(a.NotNear) == 0 {
					plain = append(plain, form{a.Text, e.ID})
				}
			}
		}
		for _, ns := range e.Names {
			for _, n := range ns {
				if isCJK(n) {
					all = append(all, form{n, e.ID})
					if own && e.Kind != "topic" {
						plain = append(plain, form{n, e.ID})
					}
				}
			}
		}
	}
	for _, p := range plain {
		if embeddedCJKAccepted[p.text] {
			continue
		}
		for _, f := range all {
			if f.id != p.id && strings.Index(f.text, p.text) > 0 {
				t.Errorf("CJK name %q of %q occurs inside %q of %q: add a not_near hint or drop it", p.text, p.id, f.text, f.id)
			}
		}
	}
}

// isCJK reports whether s contains a Han, kana or Hangul letter.
func isCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// reaches reports whether id rolls up to target through parents and members
// alone (the country field is not counted: parents must say it).
func reaches(entries []config.TaxonomyEntry, id, target string) bool {
	up := map[string][]string{}
	for _, e := range entries {
		up[e.ID] = append(up[e.ID], e.Parents...)
		for _, m := range e.Members {
			up[m] = append(up[m], e.ID)
		}
	}
	seen := map[string]bool{}
	stack := []string{id}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == target && n != id {
			return true
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, up[n]...)
	}
	return false
}

// taxonomyEntries is the configuration's taxonomy without its inflection.
func taxonomyEntries(cfg *config.Config) []config.TaxonomyEntry {
	entries, _ := cfg.Taxonomy()
	return entries
}
