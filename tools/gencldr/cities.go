package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/intlwire/aggregator/internal/config"
)

// Cities: the press of every language names a country by its capital and
// big cities ("Moskwa", "Tukholma", "Вільня"), inflected like any name
// ("w Zagrebu", "Tallinnas", "Rīgas"), and datelines name a city ("HELSINGI.",
// "ЛОНДОН."). CLDR translates the exemplar city of every time zone into every
// locale; most capitals and the big cities of the news are time zones. Each
// zone whose city the taxonomy already knows (a place entry of that name, or
// a city a country lists) gives that entry the city's names in the languages
// of the news. The JSON comes from CLDR's cldr-dates-full package
// (main/<locale>/timeZoneNames.json); the output, names-cities.yaml, is
// committed, so nothing reads CLDR at run time.

// zoneRenames are zone ids CLDR keeps under an old spelling, with the name
// the news (and the taxonomy) uses.
var zoneRenames = map[string]string{
	"Calcutta": "Kolkata", "Saigon": "Ho Chi Minh City", "Kiev": "Kyiv", "Rangoon": "Yangon",
	"Katmandu": "Kathmandu", "Ulaanbaatar": "Ulan Bator",
}

// cityZones reads every zone's exemplar city of one locale: zone id (the
// last part, "New_York") → city name.
func cityZones(cldrDir, locale string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(cldrDir, locale, "timeZoneNames.json"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Main map[string]struct {
			Dates struct {
				TimeZoneNames struct {
					Zone map[string]json.RawMessage `json:"zone"`
				} `json:"timeZoneNames"`
			} `json:"dates"`
		} `json:"main"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", locale, err)
	}
	out := map[string]string{}
	var walk func(id string, raw json.RawMessage)
	walk = func(id string, raw json.RawMessage) {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		if c, ok := m["exemplarCity"]; ok {
			var s string
			if json.Unmarshal(c, &s) == nil {
				out[id] = s
			}
			return
		}
		for k, v := range m {
			if k != "_type" {
				walk(k, v)
			}
		}
	}
	for _, loc := range doc.Main {
		for area, raw := range loc.Dates.TimeZoneNames.Zone {
			walk(area, raw)
		}
	}
	return out, nil
}

// cityTargets maps a city's folded English name to the entry that takes its
// names: a place entry of that name that belongs to a country, else the
// country that lists it among its cities or aliases. It also returns the cities that
// take only the names that differ from the English one: those listed with
// not_near hints, which guard an English ambiguity ("Athens, Georgia") that
// "Атина" or "Ateny" lack. Cities listed with near or case_sensitive are
// mostly other words (Sofia, Split) and are left out, as are the cities that
// stand for an institution (metonymCities) and names of two entries.
func cityTargets(all []entry) (targets map[string]string, englishAmbiguous map[string]bool) {
	out := map[string]string{}
	bad := map[string]bool{}
	ambiguous := map[string]bool{}
	set := func(k, id string) {
		if prev, ok := out[k]; ok && prev != id {
			bad[k] = true
		}
		out[k] = id
	}
	for _, e := range all {
		if e.Kind != "country" {
			continue
		}
		// A capital may be listed as an alias of its country ("Paris": the
		// Élysée speaking) rather than among its cities.
		for _, n := range append(append([]yaml.Node{}, e.Cities...), e.Aliases...) {
			k := fold(aliasText(&n))
			if n.Kind != yaml.ScalarNode {
				if !onlyNotNear(&n) || metonymCities[k] {
					bad[k] = true
					continue
				}
				ambiguous[k] = true
			}
			set(k, e.ID)
		}
	}
	for _, e := range all {
		if e.Kind == "place" && e.Country != "" {
			k := fold(e.Name)
			if prev, ok := out[k]; ok && prev != e.Country && prev != e.ID {
				bad[k] = true
			}
			out[k] = e.ID // the place rolls up to its country
		}
	}
	for k := range bad {
		delete(out, k)
	}
	return out, ambiguous
}

// metonymCities stand for an institution in every language ("Brussels" for
// the EU): their names never tag the country by themselves.
var metonymCities = map[string]bool{"brussels": true}

// onlyNotNear reports whether an alias node restricts its name by not_near
// hints alone.
func onlyNotNear(n *yaml.Node) bool {
	ok := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "text":
		case "not_near":
			ok = true
		default:
			return false
		}
	}
	return ok
}

// generateCities returns names-cities.yaml from the taxonomy in dir and the
// CLDR time-zone names in cldrDir.
func generateCities(dir, cldrDir string) ([]byte, error) {
	all, err := readEntries(dir, "names-cities.yaml")
	if err != nil {
		return nil, err
	}
	used := usedNames(all)
	targets, englishAmbiguous := cityTargets(all)
	names := map[string]map[string][]string{} // entry → lang → names
	count := map[string]int{}                 // folded name → entries, in any language
	for _, l := range langs {
		if noCityLangs[l[0]] {
			continue
		}
		zones, err := cityZones(cldrDir, l[1])
		if err != nil {
			return nil, err
		}
		for zone, city := range zones {
			en := strings.ReplaceAll(zone, "_", " ")
			if r, ok := zoneRenames[zone]; ok {
				en = r
			}
			id, ok := targets[fold(en)]
			if !ok || commonWords[city] || cityCommonWords[city] || englishAmbiguous[fold(en)] && fold(city) == fold(en) {
				continue
			}
			if noSpaces(city) && utf8.RuneCountInString(city) < 3 || config.CheckAlias(city) != "" {
				continue // loading refuses it (a one-letter name: "ലോം", a letter and its signs)
			}
			if names[id] == nil {
				names[id] = map[string][]string{}
			}
			if !contains(names[id][l[0]], city) {
				if !containsFold(names[id], city) {
					count[fold(city)]++
				}
				names[id][l[0]] = append(names[id][l[0]], city)
			}
		}
	}
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	b.WriteString("# Generated by `go run ./tools/gencldr -cities DIR` from CLDR's time-zone cities\n")
	b.WriteString("# (cldr-dates-full). Do not edit: add names by hand in names-news.yaml.\n")
	b.WriteString("names:\n")
	for _, id := range ids {
		var lines []string
		for _, l := range langs {
			var keep []string
			for _, city := range names[id][l[0]] {
				k := fold(city)
				if count[k] > 1 || others(used[k], id) {
					continue
				}
				keep = append(keep, quote(city))
			}
			sort.Strings(keep)
			lines = appendNamesLine(lines, l[0], keep)
		}
		writeEntry(&b, id, lines)
	}
	return b.Bytes(), nil
}

// cityCommonWords are CLDR city names that are everyday words in the
// language that writes them.
var cityCommonWords = map[string]bool{
	"Nice": true, "Male": true, "Victoria": true, "Hamilton": true, "Kingston": true,
	"دوشنبه": true, // Dushanbe is "Monday" in Persian and Urdu
	// Rome: the Roma people, the Pacific Rim, a Rom; Seoul: French "seul"
	// (alone), English "Soul"; Vienna: the Danube in Polish and Czech
	// (Dunaj); Italian "naso" (nose), Spanish "madera" (wood), given names
	// (Adem, Aman, Athena, Sidney), English "pert" and "tunes".
	"Roma": true, "Rim": true, "Rom": true, "Ruma": true, "Seul": true, "Soul": true, "Dunaj": true,
	"Naso": true, "Madera": true, "Adem": true, "Aman": true, "Athena": true, "Sidney": true,
	"Pert": true, "Tunes": true, "Talim": true,
	// In the languages beyond issue 15's list: Dili is how Odia, Urdu and
	// Sindhi write Delhi; Samara is "battle" in Kannada and Malayalam;
	// Russian "ром" (rum), "перс" (a Persian), "баги" (bugs); Italian
	// "vena" (vein); English "Bert", "loom"; the given names Adán, Ammon,
	// Amán and Riyad (رياض); Persian "سیول" (floods); Spanish "gasa".
	"ଦିଲ୍ଲୀ": true, "دلي": true, "டிலி": true, "ദിലി": true, "ದಿಲಿ": true, "દિલિ": true, "ਡਿਲੀ": true, "ඩිලි": true,
	"ಸಮರ": true, "സമാറ": true, "සමරා": true, "సమార": true, "સમારા": true, "ਸਮਾਰਾ": true, "சமாரா": true,
	"Ром": true, "Перс": true, "Баги": true, "Vena": true, "Bert": true, "Loom": true,
	"Adan": true, "Ammon": true, "Amán": true, "رياض": true, "سیول": true, "Gasa": true,
}

// noCityLangs are languages written without spaces whose city names the
// tagger would match inside words (Khmer "ប្រាក", Prague, begins "ប្រាក់",
// money): their short names could not be reviewed, so none is generated.
var noCityLangs = map[string]bool{"km": true, "lo": true, "my": true}

// containsFold reports whether any language's list already holds name, folded.
func containsFold(byLang map[string][]string, name string) bool {
	k := fold(name)
	for _, ns := range byLang {
		for _, n := range ns {
			if fold(n) == k {
				return true
			}
		}
	}
	return false
}
