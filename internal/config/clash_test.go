package config_test

import (
	"strings"
	"testing"
)

func TestAliasClashes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		taxonomy string
		want     []string
	}{
		{
			name: "same alias on two countries, folded case and diacritics",
			taxonomy: `entries:
  - id: congo-a
    kind: country
    name: Congo A
    iso: CD
    aliases: [Congo, DRC]
  - id: congo-b
    kind: country
    name: Congo B
    iso: CG
    aliases:
      - Côngo
      - {text: drc}
`,
			want: []string{
				`taxonomy/extra.yaml:12:9: country "congo-b": alias "Côngo" also names country "congo-a" (DIRtaxonomy/extra.yaml:2); add near/not_near hints to both, make one case_sensitive, or remove one`,
				`taxonomy/extra.yaml:13:9: country "congo-b": alias "drc" also names country "congo-a" (DIRtaxonomy/extra.yaml:2); add near/not_near hints to both, make one case_sensitive, or remove one`,
			},
		},
		{
			name: "name, city and names in other languages clash too",
			taxonomy: `entries:
  - id: georgia
    kind: country
    name: Georgia
    iso: GE
    cities: [Tbilisi]
    names:
      ru: [Грузия]
  - id: georgia-2
    kind: country
    name: Georgia (again)
    iso: XG
    aliases: [georgia]
    cities: [TBILISI]
    names:
      uk: [Грузія]
      bg: [грузия]
`,
			want: []string{
				`taxonomy/extra.yaml:13:15: country "georgia-2": alias "georgia" also names country "georgia" (DIRtaxonomy/extra.yaml:2); add near/not_near hints to both, make one case_sensitive, or remove one`,
				`taxonomy/extra.yaml:14:14: country "georgia-2": city "TBILISI" also names country "georgia" (DIRtaxonomy/extra.yaml:2); add near/not_near hints to both, make one case_sensitive, or remove one`,
				`taxonomy/extra.yaml:17:12: country "georgia-2": names "грузия" also names country "georgia" (DIRtaxonomy/extra.yaml:2); add near/not_near hints to both, make one case_sensitive, or remove one`,
			},
		},
		{
			name: "no clash: hinted on both sides, case-sensitive, other kinds, regions, topics, same entry",
			taxonomy: `entries:
  - id: jordan
    kind: country
    name: Jordan
    iso: JO
    aliases:
      - {text: Jordan, near: [Amman, king]}
      - Jordan
  - id: jordan-river-state
    kind: country
    name: Jordan River State
    iso: XJ
    aliases:
      - {text: jordan, not_near: [Amman]}
  - id: us-a
    kind: country
    name: United States
    iso: US
    aliases: [{text: US, case_sensitive: true}]
  - id: us-b
    kind: country
    name: Us Land
    iso: XU
    aliases: [us]
  - id: damascus
    kind: place
    name: Syria
    country: syria
  - id: east-africa
    kind: region
    name: East Africa
  - id: eastern-africa
    kind: region
    name: Eastern Africa
    aliases: [East Africa]
  - id: talks-again
    kind: topic
    name: Talks again
    aliases: [talks, ceasefire]
`,
		},
		{
			name: "two identical case-sensitive aliases clash",
			taxonomy: `entries:
  - id: chad
    kind: country
    name: Republic of Chad
    iso: TD
    aliases: [{text: Chad, case_sensitive: true}]
  - id: chad-2
    kind: country
    name: Chad Two
    iso: XC
    aliases: [{text: Chad, case_sensitive: true}, {text: chad, case_sensitive: true}]
`,
			want: []string{
				`taxonomy/extra.yaml:11:15: country "chad-2": alias "Chad" also names country "chad" (DIRtaxonomy/extra.yaml:2); add near/not_near hints to both, make one case_sensitive, or remove one`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			main := writeConfig(t, with(map[string]string{"taxonomy/extra.yaml": tc.taxonomy}))
			dir := strings.TrimSuffix(main, "aggregator.yaml")
			got := problems(t, main)
			want := make([]string, len(tc.want))
			for i, w := range tc.want {
				want[i] = strings.ReplaceAll(w, "DIR", dir)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestSyntaxAndTypeErrorPositions(t *testing.T) {
	long := "entries:\n"
	for i := 0; i < 60; i++ {
		long += "  - id: e" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "\n    kind: topic\n    name: E\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "mis-indented key deep in a long file",
			files: map[string]string{"taxonomy/topics.yaml": long + "  - id: broken\n    kind: topic\n   name: Broken\n"},
			want: []string{
				"taxonomy/topics.yaml:184:4: YAML syntax: did not find expected '-' indicator",
				// The broken file's entries are missing, so the rule's topic is unknown.
				`topics.yaml:4:29: topic "syria-diplomacy": rule names unknown topic "diplomacy"`,
			},
		},
		{
			name:  "tab indentation",
			files: map[string]string{"sources.yaml": "sources:\n  - id: a\n    url: https://example.org/a.xml\n\tname: A\n"},
			want:  []string{"sources.yaml:4:1: YAML syntax: found a tab character that violates indentation"},
		},
		{
			name:  "unterminated flow sequence",
			files: map[string]string{"sources.yaml": "sources:\n  - id: a\n    url: https://example.org/a.xml\n    tags: [x, y\n  - id: b\n"},
			// The sequence opened on line 4 is never closed.
			want: []string{"sources.yaml:4:5: YAML syntax: did not find expected ',' or ']'"},
		},
		{
			name: "wrong types keep decoding the other keys",
			files: map[string]string{"aggregator.yaml": `fetch:
  concurrency: many
  max_body: lots
  timeout: -5s
  schedule: "@every 1m"
publish:
  limit: [1, 2]
`},
			want: []string{
				"aggregator.yaml:2:16: `concurrency` must be a whole number, got \"many\"",
				`aggregator.yaml:3:13: bad size "lots" (use e.g. 10MiB, 512KiB)`,
				`aggregator.yaml:4:12: duration "-5s" must not be negative`,
				"aggregator.yaml:7:10: `limit` must be a whole number, got a list",
			},
		},
		{
			name:  "a list entry that is not a mapping",
			files: map[string]string{"sources.yaml": "sources:\n  - https://example.org/a.xml\n"},
			want:  []string{"sources.yaml:2:5: each source entry must be a mapping of keys"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, writeConfig(t, with(tc.files)))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
