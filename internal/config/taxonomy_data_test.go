package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// geoSovereign is every sovereign state the shipped taxonomy must hold: the 193
// UN members, the two observer states (VA, PS) and Taiwan, Kosovo and Western
// Sahara.
const geoSovereign = `AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG
BF BI CV KH CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ
FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW
KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ
NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI
SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US UY UZ VU VE VN YE
ZM ZW VA PS TW XK EH`

// geoLangs are the languages of the shipped sources; every country is named in each.
var geoLangs = []string{"ar", "zh", "fr", "de", "fa", "ru", "es", "tr", "uk"}

// loadGeo loads countries.yaml and regions.yaml alone through config.Load, so
// that their problems show whatever state the other taxonomy files are in.
func loadGeo(t *testing.T) []config.TaxonomyEntry {
	t.Helper()
	dir := t.TempDir()
	tax := filepath.Join(dir, "taxonomy")
	if err := os.Mkdir(tax, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"countries.yaml", "regions.yaml"} {
		data, err := os.ReadFile(filepath.Join(shippedTaxonomy, name))
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		writeFile(t, filepath.Join(tax, name), string(data))
	}
	writeFile(t, filepath.Join(dir, "sources.yaml"), "sources:\n  - id: wire\n    url: https://example.org/feed.xml\n")
	writeFile(t, filepath.Join(dir, "topics.yaml"),
		"topics:\n  - slug: levant\n    title: Levant\n    match: region:levant or country:SY or country:united-states\n")
	writeFile(t, filepath.Join(dir, "aggregator.yaml"),
		"database: data.db\nsources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy/\n")
	cfg, err := config.Load(filepath.Join(dir, "aggregator.yaml"))
	if err != nil {
		var ps config.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				t.Errorf("%s", strings.Replace(p.String(), tax+string(filepath.Separator), "config/taxonomy/", 1))
			}
			t.FailNow()
		}
		t.Fatal(err)
	}
	entries, _ := cfg.Taxonomy()
	return entries
}

func TestShippedGeography(t *testing.T) {
	entries := loadGeo(t)
	byISO := map[string]config.TaxonomyEntry{}
	byID := map[string]config.TaxonomyEntry{}
	regions := 0
	for _, e := range entries {
		byID[e.ID] = e
		switch e.Kind {
		case "country":
			byISO[e.ISO] = e
			if len(e.Demonyms) == 0 {
				t.Errorf("country %s has no demonym", e.ID)
			}
			if len(e.Cities) == 0 {
				t.Errorf("country %s has no capital or city", e.ID)
			}
			for _, lang := range geoLangs {
				if len(e.Names[lang]) == 0 && !namedByRestrictedAlias(e, lang) {
					t.Errorf("country %s has no name in %s", e.ID, lang)
				}
			}
			if !geoReaches(byIDAll(entries), e.ID, "world") {
				t.Errorf("country %s does not roll up to world", e.ID)
			}
		case "region":
			regions++
		default:
			t.Errorf("%s is a %s; countries.yaml and regions.yaml hold only countries and regions", e.ID, e.Kind)
		}
	}
	sovereign := strings.Fields(geoSovereign)
	if len(sovereign) != 198 {
		t.Fatalf("the sovereign list has %d codes, want 198", len(sovereign))
	}
	for _, iso := range sovereign {
		if _, ok := byISO[iso]; !ok {
			t.Errorf("no country with iso %s", iso)
		}
	}
	if regions < 50 {
		t.Errorf("%d regions, want the M49 hierarchy and newsroom groupings (≥ 50)", regions)
	}
	// The roll-ups the product relies on.
	all := byIDAll(entries)
	for _, c := range [][2]string{{"syria", "levant"}, {"syria", "middle-east"}, {"syria", "western-asia"},
		{"hong-kong", "china"}, {"germany", "eu"}, {"estonia", "baltics"}, {"mali", "sahel"},
		{"ethiopia", "horn-of-africa"}, {"morocco", "maghreb"}, {"qatar", "gulf"}, {"georgia", "caucasus"},
		{"serbia", "balkans"}, {"kazakhstan", "central-asia"}, {"vietnam", "south-eastern-asia"},
		{"brazil", "latin-america"}, {"mexico", "latin-america"}, {"rwanda", "great-lakes"}, {"kenya", "east-africa"},
		{"iran", "middle-east"}, {"iraq", "middle-east"}, {"egypt", "middle-east"}, {"yemen", "middle-east"},
		{"north-korea", "korean-peninsula"}, {"denmark", "nordic"}, {"puerto-rico", "latin-america"}} {
		if !geoReaches(all, c[0], c[1]) {
			t.Errorf("%s does not roll up to %s", c[0], c[1])
		}
	}
	if r := byID["south-eastern-asia"]; !hasForm(r, "Southeast Asia") {
		t.Errorf("south-eastern-asia lacks the alias Southeast Asia")
	}
	t.Logf("%d countries and territories, %d regions", len(byISO), regions)
}

// namedByRestrictedAlias reports whether the country's name in lang is
// carried by an alias with rules (e.g. Mali's "مالي" only near Bamako), which
// replaces the plain name; the ru/uk/tr/ar/fa spellings of Mali and Togo are such.
func namedByRestrictedAlias(e config.TaxonomyEntry, lang string) bool {
	for _, a := range e.Aliases {
		if a.CaseSensitive || len(a.Near) > 0 || len(a.NotNear) > 0 {
			for _, r := range a.Text {
				if strings.Contains(scriptOf(r), lang) {
					return true
				}
			}
		}
	}
	return false
}

// scriptOf names the languages a letter's script points to, coarsely.
func scriptOf(r rune) string {
	switch {
	case r >= 0x0600 && r <= 0x06FF:
		return "ar fa"
	case r >= 0x0400 && r <= 0x04FF:
		return "ru uk"
	case r >= 0x4E00 && r <= 0x9FFF:
		return "zh"
	case r < 0x250:
		return "de es fr tr"
	}
	return ""
}

func hasForm(e config.TaxonomyEntry, text string) bool {
	for _, a := range e.Aliases {
		if a.Text == text {
			return true
		}
	}
	return false
}

func byIDAll(entries []config.TaxonomyEntry) map[string]config.TaxonomyEntry {
	m := make(map[string]config.TaxonomyEntry, len(entries))
	for _, e := range entries {
		m[e.ID] = e
	}
	return m
}

// geoReaches reports whether target is id or one of its ancestors through
// parents and members.
func geoReaches(all map[string]config.TaxonomyEntry, id, target string) bool {
	up := map[string][]string{}
	for _, e := range all {
		up[e.ID] = append(up[e.ID], e.Parents...)
		for _, m := range e.Members {
			up[m] = append(up[m], e.ID)
		}
	}
	seen := map[string]bool{}
	queue := []string{id}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == target {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		queue = append(queue, up[x]...)
	}
	return false
}

// TestShippedGeographyRules pins the disambiguation rules and inflected forms
// that newswire depends on, so that a regeneration or an edit cannot drop them.
func TestShippedGeographyRules(t *testing.T) {
	all := byIDAll(loadGeo(t))
	rule := func(id, text string) (config.Alias, bool) {
		for _, as := range [][]config.Alias{all[id].Aliases, all[id].Demonyms, all[id].Cities} {
			for _, a := range as {
				if a.Text == text {
					return a, true
				}
			}
		}
		return config.Alias{}, false
	}
	for _, c := range []struct {
		id, text      string
		caseSensitive bool
		notNear, near string // one word that must be listed, if any
	}{
		{"united-states", "US", true, "", ""},
		{"united-states", "America", false, "Bank of America", ""},
		{"united-states", "Washington", false, "Denzel", ""},
		{"united-states", "Georgia", false, "", "Atlanta"},
		{"israel", "Israel", false, "Adesanya", ""},
		{"united-states", "美", false, "美元", ""},
		{"turkey", "Turkey", true, "Thanksgiving", ""},
		{"georgia", "Georgia", false, "Atlanta", ""},
		{"jordan", "Jordan", true, "Michael", ""},
		{"chad", "Chad", true, "", ""},
		{"mali", "Mali", true, "", ""},
		{"guinea", "Guinea", false, "pig", ""},
		{"republic-of-the-congo", "Congolese", false, "", "Brazzaville"},
		{"democratic-republic-of-the-congo", "Congolese", false, "Brazzaville", ""},
		{"ukraine", "乌", false, "乌鲁木齐", ""},
		{"iceland", "Island", true, "", "Reykjavik"},
	} {
		a, ok := rule(c.id, c.text)
		switch {
		case !ok:
			t.Errorf("%s: no alias %q", c.id, c.text)
		case a.CaseSensitive != c.caseSensitive:
			t.Errorf("%s: %q case_sensitive = %v", c.id, c.text, a.CaseSensitive)
		case c.notNear != "" && !slices.Contains(a.NotNear, c.notNear):
			t.Errorf("%s: %q not_near lacks %q", c.id, c.text, c.notNear)
		case c.near != "" && !slices.Contains(a.Near, c.near):
			t.Errorf("%s: %q near lacks %q", c.id, c.text, c.near)
		}
	}
	for id, forms := range map[string][]string{
		"united-states":                    {"the United States", "U.S.", "USA", "United States of America"},
		"democratic-republic-of-the-congo": {"DRC", "DR Congo", "Congo", "Congo-Kinshasa"},
		"republic-of-the-congo":            {"Congo-Brazzaville", "Republic of Congo"},
		"myanmar":                          {"Burma"},
		"ivory-coast":                      {"Côte d'Ivoire"},
		"czechia":                          {"Czech Republic"},
		"turkey":                           {"Türkiye"},
	} {
		for _, f := range forms {
			if _, ok := rule(id, f); !ok {
				t.Errorf("%s: no alias %q", id, f)
			}
		}
	}
	for id, byLang := range map[string]map[string][]string{
		"ukraine":       {"uk": {"Україна", "України", "Україні", "Україну"}, "ru": {"Украины", "Украине"}, "zh": {"乌克兰"}},
		"russia":        {"ru": {"Россия", "России", "Россию"}, "uk": {"Росія", "Росії", "Росію", "російська"}, "zh": {"俄罗斯"}},
		"syria":         {"ru": {"Сирия", "Сирии", "Сирию"}, "ar": {"سوريا"}, "tr": {"Suriye"}},
		"china":         {"zh": {"中国", "中方"}, "ru": {"Китай", "Китаю", "Китае"}, "uk": {"Китаю", "Китаї"}},
		"united-states": {"ru": {"США"}, "zh": {"美国"}, "de": {"USA", "Vereinigte Staaten"}},
	} {
		for lang, forms := range byLang {
			for _, f := range forms {
				if !slices.Contains(all[id].Names[lang], f) {
					t.Errorf("%s: names.%s lacks %q", id, lang, f)
				}
			}
		}
	}
}
