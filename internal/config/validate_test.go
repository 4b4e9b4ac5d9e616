package config_test

import (
	"strings"
	"testing"
)

func TestBaseConfigLoads(t *testing.T) {
	if ps := problems(t, writeConfig(t, baseFiles())); len(ps) != 0 {
		t.Fatalf("the base test config has problems:\n%s", strings.Join(ps, "\n"))
	}
}

func TestValidateReportsPositions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "bad YAML syntax",
			files: map[string]string{"sources.yaml": `sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
   name: BBC
`},
			want: []string{`sources.yaml:4:4: YAML syntax: did not find expected '-' indicator`},
		},
		{
			name: "topic categories and content",
			files: map[string]string{"topics.yaml": `topics:
  - slug: syria-diplomacy
    title: Syria diplomacy
    match: region:syria AND topic:diplomacy
    categories: [country, person]
    content: everything
`},
			want: []string{
				`topics.yaml:5:17: topic "syria-diplomacy": categories: "person" is not a tag kind (one of region, country, place, actor, topic)`,
				`topics.yaml:6:14: topic "syria-diplomacy": content must be summary or full, got "everything"`,
			},
		},
		{
			name: "one duplicate key is one problem",
			files: map[string]string{"topics.yaml": `topics:
  - slug: syria-diplomacy
    title: Syria diplomacy
    title: Syria talks
    match: region:syria AND topic:diplomacy
`},
			want: []string{`topics.yaml:4:5: duplicate key "title" (first at line 3)`},
		},
		{
			name: "type errors in plain words",
			files: map[string]string{"sources.yaml": `sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
    tags: world
`},
			want: []string{"sources.yaml:4:11: `tags` must be a list like [a, b], got \"world\""},
		},
		{
			name: "missing url",
			files: map[string]string{"sources.yaml": `sources:
  - id: bbc-world
    name: BBC News – World
`},
			want: []string{`sources.yaml:2:5: source "bbc-world" has no url`},
		},
		{
			name: "duplicate id",
			files: map[string]string{"sources.yaml": `sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/rss.xml
`},
			want: []string{`sources.yaml:4:9: duplicate source id "bbc-world" (first at line 2)`},
		},
		{
			name: "bad url and same url twice",
			files: map[string]string{"sources.yaml": `sources:
  - id: one
    url: feeds.bbci.co.uk/news/world/rss.xml
  - id: two
    url: ftp://example.org/feed.xml
  - id: three
    url: https://example.org/feed.xml
  - id: four
    url: https://example.org/feed.xml
  - id: five
    url: http://EXAMPLE.org:80/feed.xml/#top
`},
			want: []string{
				`sources.yaml:3:10: source "one": url "feeds.bbci.co.uk/news/world/rss.xml" must be an absolute http(s) URL`,
				`sources.yaml:5:10: source "two": url "ftp://example.org/feed.xml" must be an absolute http(s) URL`,
				`sources.yaml:9:10: source "four" has the same url as source "three"`,
				`sources.yaml:11:10: source "five" has the same url as source "three"`,
			},
		},
		{
			name: "bad cron schedule",
			files: map[string]string{"sources.yaml": `sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
    schedule: "*/10 * * *"
  - id: dw
    url: https://rss.dw.com/rdf/rss-en-world
    schedule: "@every fortnight"
`, "aggregator.yaml": "fetch:\n  schedule: 61 * * * *\n"},
			want: []string{
				`aggregator.yaml:2:13: bad schedule "61 * * * *": end of range (61) above maximum (59): 61`,
				`sources.yaml:4:15: source "bbc-world": bad schedule "*/10 * * *": expected exactly 5 fields, found 4: [*/10 * * *]`,
				`sources.yaml:7:15: source "dw": bad schedule "@every fortnight": failed to parse duration @every fortnight: time: invalid duration "fortnight"`,
			},
		},
		{
			name: "unknown keys with did-you-mean",
			files: map[string]string{
				"sources.yaml": `sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
    shedule: "@every 5m"
    colour: red
`,
				"aggregator.yaml": "fetch:\n  concurency: 4\ndatabse: x.db\n",
			},
			want: []string{
				`aggregator.yaml:2:3: unknown key "concurency" (did you mean "concurrency"?)`,
				`aggregator.yaml:3:1: unknown key "databse" (did you mean "database"?)`,
				`sources.yaml:4:5: unknown key "shedule" (did you mean "schedule"?)`,
				`sources.yaml:5:5: unknown key "colour"`,
			},
		},
		{
			name: "unknown tag in a rule with did-you-mean",
			files: map[string]string{"topics.yaml": `topics:
  - slug: syria-diplomacy
    title: Syria diplomacy
    match: region:syrai AND topic:diplomcy
  - slug: kremlin
    title: Kremlin
    match: actor:putin OR source:bbc-wrold OR topic:syria
`},
			want: []string{
				`topics.yaml:4:12: topic "syria-diplomacy": rule names unknown region "syrai" (did you mean "syria"?)`,
				`topics.yaml:4:29: topic "syria-diplomacy": rule names unknown topic "diplomcy" (did you mean "diplomacy"?)`,
				`topics.yaml:7:12: topic "kremlin": rule names unknown actor "putin"`,
				`topics.yaml:7:27: topic "kremlin": rule names unknown source "bbc-wrold" (did you mean "bbc-world"?)`,
				`topics.yaml:7:47: topic "kremlin": rule: "syria" is a country, not a topic`,
			},
		},
		{
			name: "rule syntax errors point into quoted and folded values",
			files: map[string]string{"topics.yaml": `topics:
  - slug: plain
    title: Plain
    match: region:syria AND (topic:diplomacy
  - slug: double-quoted
    title: Double
    match: "keyword:\"peace talks\" AND regoin:syria"
  - slug: single-quoted
    title: Single
    match: 'region:syria AND AND topic:diplomacy'
  - slug: folded
    title: Folded
    match: >-
      region:syria AND
      topic:diplomacy OR outlets>=zero
  - slug: ends-early
    title: Ends early
    match: "region:syria AND "
  - slug: unicode
    title: Unicode
    match: keyword:"Erdoğan" AND regoin:turkey
  - slug: escaped-quote
    title: Escaped
    match: 'keyword:"it''s over" AND topic:diplomacy AND regoin:x'
`},
			want: []string{
				`topics.yaml:4:29: topic "plain": unclosed parenthesis`,
				`topics.yaml:7:41: topic "double-quoted": unknown rule kind "regoin" (want region, country, venue, place, actor, topic, source, lang, keyword or outlets>=N)`,
				`topics.yaml:10:30: topic "single-quoted": unexpected "AND"`,
				`topics.yaml:15:26: topic "folded": outlets>= needs a positive number, got "zero"`,
				`topics.yaml:18:29: topic "ends-early": rule ends too early`,
				`topics.yaml:21:34: topic "unicode": unknown rule kind "regoin" (want region, country, venue, place, actor, topic, source, lang, keyword or outlets>=N)`,
				`topics.yaml:24:58: topic "escaped-quote": unknown rule kind "regoin" (want region, country, venue, place, actor, topic, source, lang, keyword or outlets>=N)`,
			},
		},
		{
			name: "taxonomy cycle",
			files: map[string]string{"taxonomy/geo.yaml": `entries:
  - id: middle-east
    kind: region
    name: Middle East
    parents: [levant]
  - id: levant
    kind: region
    name: Levant
    parents: [syria]
  - id: syria
    kind: country
    name: Syria
    iso: SY
    parents: [middle-east]
  - id: russia
    kind: country
    name: Russia
    iso: RU
`},
			want: []string{`taxonomy/geo.yaml:2:5: taxonomy cycle: middle-east → levant → syria → middle-east`},
		},
		{
			name: "unknown parent, duplicate iso, bad kind, duplicate id",
			files: map[string]string{"taxonomy/geo.yaml": `entries:
  - id: middle-east
    kind: regoin
    name: Middle East
  - id: syria
    kind: country
    name: Syria
    iso: SY
    parents: [levant, middle-east]
  - id: idlib
    kind: place
    name: Idlib
    parents: [syira]
  - id: russia
    kind: country
    name: Russia
    iso: SY
  - id: idlib
    kind: place
    name: Idlib again
`},
			want: []string{
				`taxonomy/geo.yaml:3:11: entry "middle-east": kind must be region, country, place, actor, topic, phrase or context, got "regoin" (did you mean "region"?)`,
				`taxonomy/geo.yaml:9:15: entry "syria": parents names unknown entry "levant"`,
				`taxonomy/geo.yaml:13:15: entry "idlib": parents names unknown entry "syira" (did you mean "syria"?)`,
				`taxonomy/geo.yaml:17:10: country "russia" has the same iso code SY as "syria"`,
				`taxonomy/geo.yaml:18:9: duplicate taxonomy id "idlib" (first at ` + "DIR" + `taxonomy/geo.yaml:10)`,
			},
		},
		{
			name: "taxonomy details: alias keys, names languages, iso on a place, actor type",
			files: map[string]string{"taxonomy/extra.yaml": `entries:
  - id: georgia
    kind: country
    name: Georgia
    iso: GE
    aliases:
      - {text: Georgia, not_neer: [Atlanta]}
      - ""
    names:
      Russian: [Грузия]
  - id: gaza
    kind: place
    name: Gaza
    iso: PS
    parents: [syria]
    country: middle-east
  - id: hamas
    kind: actor
    type: militia
    name: Hamas
    implies: [gaza]
`},
			want: []string{
				`taxonomy/extra.yaml:7:25: unknown key "not_neer" (did you mean "not_near"?)`,
				`taxonomy/extra.yaml:8:9: entry "georgia": empty alias`,
				`taxonomy/extra.yaml:10:7: entry "georgia": names key "Russian" is not a language code such as ar, zh, ru`,
				`taxonomy/extra.yaml:14:10: entry "gaza": only countries have an iso code (this is a place)`,
				`taxonomy/extra.yaml:16:14: entry "gaza": country "middle-east" is a region, not a country`,
				`taxonomy/extra.yaml:19:11: entry "hamas": type must be person, organization, armed-group or government, got "militia"`,
			},
		},
		{
			name: "context entries: rule type, words, sweep form",
			files: map[string]string{"taxonomy/context.yaml": `entries:
  - id: context-reactions
    kind: context
    type: reaktion
    name: Who reacted
    aliases: [condemned by]
  - id: context-sweeps
    kind: context
    type: sweep
    name: Sweeps
    aliases: [from to]
  - id: context-meetings
    kind: context
    type: meeting
    name: Meetings
    parents: [middle-east]
    aliases: [{text: talks in, near: [Geneva]}]
  - id: context-empty
    kind: context
    type: example
    name: Nothing
`},
			want: []string{
				`taxonomy/context.yaml:4:11: context "context-reactions": type must be one of reaction, meeting, example, ethnic, press, sweep, refuge, destination, former, reacted, got "reaktion" (did you mean "reaction"?)`,
				`taxonomy/context.yaml:11:15: context "context-sweeps": a sweep is written "from … to", with … for the place, got "from to"`,
				`taxonomy/context.yaml:12:5: context "context-meetings": a context entry has only type, name and aliases`,
				`taxonomy/context.yaml:17:15: context "context-meetings": "talks in": context words take no case_sensitive, near or not_near`,
				`taxonomy/context.yaml:18:5: context "context-empty" lists no words under aliases`,
			},
		},
		{
			name: "everything at once, across files",
			files: map[string]string{
				"aggregator.yaml": "base_url: localhost:8080\nfetch:\n  timeout: soon\nlisten: 8080\n",
				"sources.yaml": `sources:
  - id: Bad_ID
    url: https://example.org/a.xml
    language: English
`,
				"topics.yaml": `topics:
  - slug: x
    match: topic:nothing
`,
				"taxonomy/topics.yaml": "entries:\n  - {id: diplomacy, kind: topic, name: Diplomacy, parents: [nowhere]}\n",
			},
			want: []string{
				`aggregator.yaml:1:11: base_url must be an absolute http(s) URL, got "localhost:8080"`,
				`aggregator.yaml:3:12: bad duration "soon" (use e.g. 20s, 15m, 72h)`,
				`aggregator.yaml:4:9: listen must be host:port (e.g. 127.0.0.1:8080), got "8080"`,
				`sources.yaml:2:9: source id "Bad_ID" must be lowercase letters, digits and dashes`,
				`sources.yaml:4:15: source "Bad_ID": language "English" must be an ISO 639 code such as en, ar, zh`,
				`taxonomy/topics.yaml:2:61: entry "diplomacy": parents names unknown entry "nowhere"`,
				`topics.yaml:2:5: topic "x" has no title`,
				`topics.yaml:3:12: topic "x": rule names unknown topic "nothing"`,
			},
		},
		{
			name:  "missing files",
			files: map[string]string{"topics.yaml": "", "aggregator.yaml": "taxonomy: tax/\n"},
			want: []string{
				`tax:1:1: cannot read: no such file or directory`,
				`topics.yaml:1:1: cannot read: no such file or directory`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			main := writeConfig(t, with(tc.files))
			got := problems(t, main)
			dir := strings.TrimSuffix(main, "aggregator.yaml")
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

// TestFetchLeaseMustOutlastAFetch: fetch.lease shorter than twice the
// request timeout is refused (a fetch could outlive its claim and be
// doubled); 0 (the default formula) and a long enough lease load.
func TestFetchLeaseMustOutlastAFetch(t *testing.T) {
	for lease, bad := range map[string]bool{"0s": false, "40s": false, "39s": true, "5s": true} {
		files := baseFiles()
		files["aggregator.yaml"] += "  timeout: 20s\n  lease: " + lease + "\n"
		ps := problems(t, writeConfig(t, files))
		got := strings.Contains(strings.Join(ps, "\n"), "lease must be 0")
		if got != bad {
			t.Errorf("lease %s: problems %q, want refused %v", lease, ps, bad)
		}
	}
}
