package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCleanName checks how CLDR display names become the names texts use:
// the alternative in parentheses split off, a short qualifier kept, dashes
// closed up, the Irish and Maltese article dropped.
func TestCleanName(t *testing.T) {
	for _, c := range []struct {
		in, lang string
		want     []string
	}{
		{"Myanmar (Birmanie)", "fr", []string{"Myanmar", "Birmanie"}},
		{"刚果（布）", "zh", []string{"刚果(布)"}},
		{"Конго - Киншаса", "ru", []string{"Конго-Киншаса"}},
		{"an Ailgéir", "ga", []string{"Ailgéir"}},
		{"l-Alġerija", "mt", []string{"Alġerija"}},
		// The article before a sun letter: kept, "in-Niġer" folds to the
		// English "in Niger".
		{"in-Niġer", "mt", []string{"Niġer"}},
		{"iż-Żambja", "mt", []string{"Żambja"}},
		{"il-Ġermanja", "mt", []string{"Ġermanja"}},
		{"Francja", "pl", []string{"Francja"}},
	} {
		if got := cleanName(c.in, c.lang); !slices.Equal(got, c.want) {
			t.Errorf("cleanName(%q, %s) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}

// TestGeneratedFileIsCurrent checks that the committed names-cldr.yaml is
// what the generator writes from the taxonomy today (run `go run
// ./tools/gencldr` after adding a country or a name).
func TestGeneratedFileIsCurrent(t *testing.T) {
	dir := "../../config/taxonomy"
	committed, err := os.ReadFile(filepath.Join(dir, "names-cldr.yaml"))
	if err != nil {
		t.Skipf("no generated file: %v", err)
	}
	out, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, committed) {
		t.Errorf("config/taxonomy/names-cldr.yaml is stale: run go run ./tools/gencldr")
	}
}

// TestGenerateCities checks that the time-zone cities of CLDR go to the entry
// that knows the city (a country's cities, or a place of that name), and that
// ambiguous cities (listed with a restriction, or naming two entries, or an
// everyday word) are left out.
func TestGenerateCities(t *testing.T) {
	dir, cldr := t.TempDir(), t.TempDir()
	tax := `entries:
  - {id: russia, kind: country, iso: RU, name: Russia, cities: [Moscow, Novosibirsk]}
  - {id: croatia, kind: country, iso: HR, name: Croatia, cities: [Zagreb, {text: Split, case_sensitive: true}]}
  - {id: novosibirsk, kind: place, name: Novosibirsk, country: russia}
  - {id: tajikistan, kind: country, iso: TJ, name: Tajikistan, cities: [Dushanbe]}
  - {id: jordan, kind: country, iso: JO, name: Jordan, cities: [Amman]}
  - {id: oman, kind: country, iso: OM, name: Oman, names: {kk: [Аман]}}
`
	if err := os.WriteFile(filepath.Join(dir, "countries.yaml"), []byte(tax), 0o644); err != nil {
		t.Fatal(err)
	}
	zones := map[string]string{
		"pl": `{"Europe":{"Moscow":{"exemplarCity":"Moskwa"},"Zagreb":{"exemplarCity":"Zagrzeb"},"Split":{"exemplarCity":"Split"}},"Asia":{"Novosibirsk":{"exemplarCity":"Nowosybirsk"},"Amman":{"exemplarCity":"Amman"}}}`,
		"fa": `{"Asia":{"Dushanbe":{"exemplarCity":"دوشنبه"}}}`,
		"bg": `{"Asia":{"Amman":{"exemplarCity":"Аман"}}}`,
	}
	for _, l := range langs {
		z, ok := zones[l[1]]
		if !ok {
			z = "{}"
		}
		doc := `{"main":{"` + l[1] + `":{"dates":{"timeZoneNames":{"zone":` + z + `}}}}}`
		if err := os.MkdirAll(filepath.Join(cldr, l[1]), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cldr, l[1], "timeZoneNames.json"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := generateCities(dir, cldr)
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{"  - id: russia\n    names:\n      pl: [Moskwa]\n", "  - id: croatia\n    names:\n      pl: [Zagrzeb]\n",
		"  - id: novosibirsk\n    names:\n      pl: [Nowosybirsk]\n", "  - id: jordan\n    names:\n      pl: [Amman]\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"Split", "دوشنبه", "Аман"} {
		if strings.Contains(got, bad) {
			t.Errorf("output names %q (ambiguous):\n%s", bad, got)
		}
	}
}

// TestLanguageAdjectives checks that a country's language name becomes its
// adjective only where the language names it so, and not when it is short
// or a false friend elsewhere.
func TestLanguageAdjectives(t *testing.T) {
	for _, c := range []struct {
		iso  string
		lang [2]string
		want []string
	}{
		{"DE", [2]string{"pl", "pl"}, []string{"niemiecki"}},
		{"DE", [2]string{"fa", "fa"}, []string{"آلمانی"}},
		{"PL", [2]string{"de", "de"}, []string{"polnisch"}},  // German: the adjective in lower case
		{"DE", [2]string{"el", "el"}, []string{"γερμανικά"}}, // Greek likewise
		{"DE", [2]string{"cs", "cs"}, nil},                   // "němčina" is a noun
		{"US", [2]string{"pl", "pl"}, nil},                   // English is no one country's
		{"RO", [2]string{"hu", "hu"}, nil},                   // "román": a novel elsewhere
		{"FI", [2]string{"az", "az"}, nil},                   // "fin": too short
	} {
		if got := languageAdjectives(c.iso, c.lang); !slices.Equal(got, c.want) {
			t.Errorf("languageAdjectives(%s, %s) = %q, want %q", c.iso, c.lang[0], got, c.want)
		}
	}
}
