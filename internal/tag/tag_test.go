package tag

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

// mentioned lists "tag=text" for every mention.
func mentioned(r Result) []string {
	var out []string
	for _, m := range r.Mentions {
		out = append(out, m.Tag+"="+m.Text)
	}
	return out
}

func hasMention(r Result, tag, text string) bool {
	return slices.Contains(mentioned(r), tag+"="+text)
}

func TestMatcherRules(t *testing.T) {
	tg := testTagger(t)
	cases := []struct {
		name, text string
		want, not  []string // "tag=text" mentions
	}{
		{"diacritics", "Erdogan met Erdoğan and ERDOĞAN", []string{"recep-tayyip-erdogan=Erdogan", "recep-tayyip-erdogan=Erdoğan", "recep-tayyip-erdogan=ERDOĞAN"}, nil},
		{"possessive curly", "Turkey’s army and Russia's navy", []string{"turkey=Turkey", "russia=Russia"}, nil},
		{"case sensitive", "We ate turkey. Turkey objected. US troops; us all.", []string{"turkey=Turkey", "united-states=US"}, []string{"turkey=turkey", "united-states=us"}},
		{"longest first", "Shelling in East Ghouta and Ghouta; New Delhi talks", []string{"east-ghouta=East Ghouta", "ghouta=Ghouta", "india=New Delhi"}, []string{"delhi=Delhi"}},
		{"niger vs nigeria", "Nigeria and Niger and Nigerian and Nigerien", []string{"nigeria=Nigeria", "niger=Niger", "nigeria=Nigerian", "niger=Nigerien"}, nil},
		{"word boundary", "Irani Syriac Russiagate Astanax", nil, []string{"iran=Iran", "syria=Syria", "russia=Russia", "kazakhstan=Astana"}},
		{"boundary next to non-ASCII", "éSyria Syriaé Syria", []string{"syria=Syria"}, nil},
		{"georgia not near", "Georgia governor signs bill in Atlanta. Georgia and Russia fought in 2008.", []string{"georgia=Georgia"}, nil},
		{"jordan near", "Michael Jordan scored. King Abdullah of Jordan met envoys.", []string{"jordan=Jordan"}, nil},
		{"hyphen variants", "S400 and S-400 and S 400 deals", []string{"arms=S400", "arms=S-400", "arms=S 400"}, nil},
		{"chinese without spaces", "叙利亚和俄罗斯在土耳其会谈", []string{"syria=叙利亚", "russia=俄罗斯", "turkey=土耳其"}, nil},
		{"korean particle", "한국은 대한민국이다", []string{"south-korea=한국", "south-korea=대한민국"}, nil},
		{"cyrillic", "Путин заявил, что Россия и Україна", []string{"vladimir-putin=Путин", "russia=Россия", "ukraine=Україна"}, nil},
		{"arabic", "الوضع في سوريا", []string{"syria=سوريا"}, nil},
		{"apostrophe alias", "Côte d’Ivoire and Cote d'Ivoire", []string{"ivory-coast=Côte d’Ivoire", "ivory-coast=Cote d'Ivoire"}, nil},
		{"abbreviation", "U.S. and U.S.A. officials", []string{"united-states=U.S.", "united-states=U.S.A."}, nil},
		{"america not near", "Latin America leaders. America first.", []string{"united-states=America"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := tg.Tag("", c.text)
			got := mentioned(r)
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			for _, n := range c.not {
				if slices.Contains(got, n) {
					t.Errorf("unexpected %s; got %v", n, got)
				}
			}
		})
	}
}

func TestRuleCountsOnlyInItsSentence(t *testing.T) {
	tg := testTagger(t)
	r := tg.Tag("", "Georgia governor signs bill in Atlanta. Georgia and Russia fought in 2008.")
	n := 0
	for _, m := range r.Mentions {
		if m.Tag == "georgia" {
			n++
			if m.Offset < 40 {
				t.Errorf("Georgia in the Atlanta sentence matched at %d", m.Offset)
			}
		}
	}
	if n != 1 {
		t.Errorf("want one Georgia mention, got %d: %v", n, mentioned(r))
	}
	r = tg.Tag("", "Michael Jordan scored 40 points.")
	if hasMention(r, "jordan", "Jordan") {
		t.Errorf("Jordan without a near word matched: %v", mentioned(r))
	}
}

func TestOffsetsPointIntoTitleAndText(t *testing.T) {
	tg := testTagger(t)
	title := "Erdoğan’s visit"
	text := "ANKARA — Türkiye’s Erdoğan met Putin in Сочи and Moscow."
	r := tg.Tag(title, text)
	full := title + "\n" + text
	if len(r.Mentions) == 0 {
		t.Fatal("no mentions")
	}
	for _, m := range r.Mentions {
		if m.Offset < 0 || m.Offset+len(m.Text) > len(full) || full[m.Offset:m.Offset+len(m.Text)] != m.Text {
			t.Errorf("mention %+v does not point at its text in %q", m, full)
		}
	}
	if !hasMention(r, "turkey", "Türkiye") || !hasMention(r, "recep-tayyip-erdogan", "Erdoğan") || !hasMention(r, "turkey", "ANKARA") {
		t.Errorf("mentions %v", mentioned(r))
	}
}

func TestSalience(t *testing.T) {
	tg := testTagger(t)
	title := "Syrian ceasefire talks open in Astana"
	text := "ASTANA (Reuters) - Envoys from Russia, Turkey and Iran opened talks on Syria on Monday. " +
		"The talks cover Idlib and Homs. Rebels and the government traded accusations. " +
		"Diplomats said the meeting followed shelling near Aleppo. Observers said the outcome was uncertain. " +
		"A delegate recalled earlier rounds. Separately, a Chinese company signed a deal."
	r := tg.Tag(title, text)
	for _, c := range []string{"SY", "KZ", "RU", "TR", "IR"} {
		if !slices.Contains(r.Countries, c) {
			t.Errorf("country %s missing: %v", c, r.Countries)
		}
	}
	if slices.Contains(r.Countries, "CN") {
		t.Errorf("passing mention of China is salient: %v", r.Countries)
	}
	if r.Countries[0] != "SY" {
		t.Errorf("Syria should rank first: %v", r.Countries)
	}
	for _, g := range []string{"levant", "middle-east", "western-asia", "asia", "world", "central-asia"} {
		if !slices.Contains(r.Regions, g) {
			t.Errorf("region %s missing: %v", g, r.Regions)
		}
	}
	if !slices.Contains(r.Places, "idlib") {
		t.Errorf("places %v", r.Places)
	}
	if !slices.Contains(r.Topics, "diplomacy") || !slices.Contains(r.Topics, "conflict") {
		t.Errorf("topics %v", r.Topics)
	}
	if !hasMention(r, "china", "Chinese") {
		t.Errorf("the passing mention must stay as evidence: %v", mentioned(r))
	}
}

func TestDatelineMakesCountrySalient(t *testing.T) {
	tg := testTagger(t)
	body := "The minister said on Tuesday that the economy would grow. He spoke to reporters. " +
		"Officials gave no figures. The central bank was not available for comment."
	r := tg.Tag("Minister upbeat on growth", "TEHRAN, Oct 5 (AP) — "+body)
	if !slices.Equal(r.Countries, []string{"IR"}) {
		t.Errorf("dateline: countries %v", r.Countries)
	}
	r = tg.Tag("Minister upbeat on growth", body+" Later he flew to Tehran.")
	if len(r.Countries) != 0 {
		t.Errorf("one late mention: countries %v", r.Countries)
	}
}

func TestActorsImplyOnlyWhereListed(t *testing.T) {
	tg := testTagger(t)
	r := tg.Tag("Putin and Merkel meet", "Putin and Merkel discussed trade.")
	if !slices.Contains(r.Actors, "vladimir-putin") || !slices.Contains(r.Actors, "angela-merkel") {
		t.Fatalf("actors %v", r.Actors)
	}
	if !slices.Contains(r.Countries, "RU") {
		t.Errorf("Putin implies Russia: %v", r.Countries)
	}
	if slices.Contains(r.Countries, "DE") {
		t.Errorf("Merkel has no implies and must not tag Germany: %v", r.Countries)
	}
}

func TestPlaceRollsUp(t *testing.T) {
	tg := testTagger(t)
	r := tg.Tag("Airstrikes hit Idlib", "Airstrikes hit Idlib overnight.")
	if !slices.Contains(r.Countries, "SY") || !slices.Contains(r.Regions, "middle-east") || !slices.Contains(r.Places, "idlib") {
		t.Errorf("result %+v", r.TagSet)
	}
	for _, c := range []struct {
		id, anc string
		want    bool
	}{
		{"idlib", "middle-east", true}, {"idlib", "syria", true}, {"SY", "levant", true},
		{"east-ghouta", "ghouta", true}, {"syria", "idlib", false}, {"niger", "sahel", true},
		{"russia", "middle-east", false}, {"nope", "world", false}, {"world", "world", true},
	} {
		if got := tg.Within(c.id, c.anc); got != c.want {
			t.Errorf("Within(%q, %q) = %v", c.id, c.anc, got)
		}
	}
}

func TestLookup(t *testing.T) {
	tg := testTagger(t)
	e, ok := tg.Lookup("SY")
	if !ok || e.ID != "syria" || e.Kind != model.KindCountry || e.Name != "Syria" || !slices.Contains(e.Parents, "levant") {
		t.Errorf("Lookup(SY) = %+v, %v", e, ok)
	}
	if e, ok := tg.Lookup("levant"); !ok || !slices.Contains(e.Parents, "middle-east") {
		t.Errorf("members must become parents: %+v", e)
	}
	if _, ok := tg.Lookup("atlantis"); ok {
		t.Error("unknown id found")
	}
}

func TestJSONLineAndReport(t *testing.T) {
	tg := testTagger(t)
	title, text := "Syria talks", "Putin met Erdogan in Sochi to discuss Syria."
	r := tg.Tag(title, text)
	b, err := tg.JSONLine("item-1", r)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	for _, k := range []string{"id", "countries", "regions", "actors", "topics", "mentions"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing in %s", k, b)
		}
	}
	if bytes.Contains(b, []byte("null")) || !bytes.Contains(b, []byte(`"countries":["SY"`)) {
		t.Errorf("line %s", b)
	}
	if !bytes.Contains(b, []byte(`{"tag":"vladimir-putin","kind":"actor","text":"Putin","offset":12}`)) {
		t.Errorf("mention evidence missing: %s", b)
	}
	var buf bytes.Buffer
	tg.Report(&buf, title, text, r)
	rep := buf.String()
	for _, w := range []string{"countries:", "SY Syria (syria)", "salient", `"Sochi"`, "[Putin]"} {
		if !strings.Contains(rep, w) {
			t.Errorf("report lacks %q:\n%s", w, rep)
		}
	}
	empty, _ := tg.JSONLine(7, tg.Tag("", ""))
	if string(empty) != `{"id":7,"countries":[],"venue":"","regions":[],"places":[],"actors":[],"topics":[],"mentions":[]}` {
		t.Errorf("empty line %s", empty)
	}
}

func TestConcurrentTagging(t *testing.T) {
	tg := testTagger(t)
	done := make(chan Result)
	for i := 0; i < 8; i++ {
		go func() { done <- tg.Tag("Syria", "Putin in Damascus and Erdoğan in Ankara.") }()
	}
	first := <-done
	for i := 1; i < 8; i++ {
		r := <-done
		if !slices.Equal(r.Countries, first.Countries) || len(r.Mentions) != len(first.Mentions) {
			t.Fatalf("concurrent results differ: %v vs %v", r.TagSet, first.TagSet)
		}
	}
}

func TestFoldedTwinsBothHold(t *testing.T) {
	// A short foreign spelling with diacritics (exact match only) must not
	// hide the plain spelling that folds to the same pattern.
	entries := loadYAML(t, "testdata/taxonomy.yaml")
	for i := range entries {
		if entries[i].ID == "iran" {
			entries[i].Names = map[string][]string{"es": {"Irán"}}
		}
	}
	tg, err := New(entries)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Iran", "Irán", "IRAN"} {
		if r := tg.Tag("", s+" said."); !hasMention(r, "iran", s) {
			t.Errorf("%q not matched: %v", s, mentioned(r))
		}
	}
}

func TestShortDiacriticNamesMatchExactly(t *testing.T) {
	tg := testTagger(t)
	if r := tg.Tag("", "Sam Darcy kicked a goal. Şam'da toplantı."); hasMention(r, "damascus-tr-test", "Sam") || !hasMention(r, "damascus-tr-test", "Şam") {
		t.Errorf("mentions %v", mentioned(r))
	}
}

func TestCapitalizedNamesNeedCapitals(t *testing.T) {
	tg := testTagger(t)
	r := tg.Tag("", "we ate roast turkey in china bowls. SYRIA and Syria and syria.")
	got := mentioned(r)
	if slices.Contains(got, "china=china") || slices.Contains(got, "syria=syria") {
		t.Errorf("all-lower-case words matched capitalized names: %v", got)
	}
	if !slices.Contains(got, "syria=SYRIA") || !slices.Contains(got, "syria=Syria") {
		t.Errorf("capitalized forms must match: %v", got)
	}
}

func TestDemonymAsActor(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Turkish President Erdogan", true}, {"Syrian forces advanced", true}, {"the Syrians.", true},
		{"Germans and French", true}, {"Bulgarian Grigor Dimitrov", false}, {"Chinese restaurants", false},
		{"Mexican Mafia member", false}, {"叙利亚人", true},
	} {
		end := strings.IndexAny(c.text, " .人")
		if strings.HasPrefix(c.text, "the ") {
			end = len("the Syrians")
		}
		if c.text == "叙利亚人" {
			end = len("叙利亚")
		}
		if got := demonymAsActor(c.text, end); got != c.want {
			t.Errorf("demonymAsActor(%q) = %v", c.text, got)
		}
	}
}

func TestPrefixedNamesWeighLess(t *testing.T) {
	tg := testTagger(t)
	r := tg.Tag("Vandals scrawl anti-Syria slogan on campus", "Police are investigating.")
	if slices.Contains(r.Countries, "SY") {
		t.Errorf("anti-Syria made Syria salient: %v", r.Countries)
	}
	if !hasMention(r, "syria", "Syria") {
		t.Errorf("the mention must stay as evidence: %v", mentioned(r))
	}
	if r := tg.Tag("Syria slogan on campus", ""); !slices.Contains(r.Countries, "SY") {
		t.Errorf("plain title mention: %v", r.Countries)
	}
}
