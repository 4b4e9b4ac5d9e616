package tag

import (
	"slices"
	"testing"
)

// TestPassingMentions checks the wire-copy rules for countries named in the
// lead that a story is not about (docs/taxonomy.md, "Wire copy"): who
// reacted, where a meeting was held, examples out of many, an ethnicity, the
// press quoted, a sweep across places, where someone was heading, money
// denominated in a currency, where the sources sit, and a town of another
// country named again. Each case fails without its rule, and the subject
// still counts.
func TestPassingMentions(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "reaction", title: "Pakistan tests ballistic missile",
			text: "Pakistan test-fired a ballistic missile on Sunday, drawing condemnation from India and Japan.",
			want: []string{"PK"}, notWant: []string{"IN", "JP"}},
		{name: "reaction list", title: "Opposition leader sworn in as interim president",
			text: "Venezuela's opposition leader swore himself in as interim president, and was recognised by the United States, Canada and Brazil within hours.",
			want: []string{"VE"}, notWant: []string{"CA", "BR"}},
		// The meeting words of the other languages (context.yaml): the
		// dateline's city named again as the venue of a summit.
		{name: "meeting in another language", title: "Vertice a Bruxelles: Roma e Madrid sulla politica agricola",
			text: "BRUXELLES. Italia e Spagna hanno ottenuto nuovi fondi per gli agricoltori. Il ministro Francesco Lollobrigida ha espresso soddisfazione, pur chiedendo più risorse. L'accordo sarà formalizzato al Consiglio di gennaio.",
			want: []string{"IT", "ES"}, notWant: []string{"BE"}},
		{name: "meeting", title: "Coffee producers fail to agree quotas",
			text: "Brazil and Colombia failed to agree on export quotas at talks in London on Tuesday, delegates said.",
			want: []string{"BR", "CO"}, notWant: []string{"GB"}},
		{name: "examples", title: "Xi opens trade forum",
			text: "Chinese President Xi Jinping opened a trade forum in Beijing on Monday attended by leaders of 30 countries, including Kenyan President William Ruto.",
			want: []string{"CN"}, notWant: []string{"KE"}},
		{name: "ethnic", title: "Kosovo police clash with protesters",
			text: "Kosovo police clashed with protesters who tried to stop ethnic Albanian mayors from entering town halls in the north.",
			want: []string{"XK"}, notWant: []string{"AL"}},
		{name: "press source", title: "Rebels seize Aleppo",
			text: "Syrian rebels seized most of Aleppo on Saturday, Turkish news agencies said.",
			want: []string{"SY"}, notWant: []string{"TR"}},
		{name: "sweep", title: "Yen slides to 30-year low",
			text: "Japan's yen fell sharply on Monday, rattling markets from Seoul to Sydney.",
			want: []string{"JP"}, notWant: []string{"KR", "AU"}},
		{name: "destination", title: "Migrants stranded at Hungarian border",
			text: "Thousands of migrants camped at the Hungarian border on Friday, hoping to reach Sweden.",
			want: []string{"HU"}, notWant: []string{"SE"}},
		{name: "bound for", title: "Airliner crashes in Scotland",
			text:    "A jumbo jet bound for Toronto crashed in southern Scotland on Wednesday night.",
			notWant: []string{"CA"}},
		{name: "denominated in", title: "Poland to help borrowers in Swiss francs",
			text: "Poland will help households whose mortgages are denominated in Swiss francs, the finance minister said.",
			want: []string{"PL"}, notWant: []string{"CH"}},
		{name: "sources in", title: "Taliban advance on Kandahar",
			text: "Taliban fighters advanced on the Afghan city of Kandahar on Monday, Western diplomats in Islamabad said.",
			want: []string{"AF"}, notWant: []string{"PK"}},
		{name: "banks", title: "Soviet gold sales weigh on price",
			text:    "ZURICH, March 3 - The Soviet Union sold gold through Zurich banks this week, dealers said.",
			notWant: []string{"CH"}},
		{name: "town again", title: "Students rally in Athens",
			text:    "ATHENS, Ga. (AP) - Hundreds of students rallied in Athens on Monday against higher fees.",
			notWant: []string{"GR"}},
		// The subject still counts.
		{name: "subject", title: "India protests to Pakistan",
			text: "India lodged a strong protest with Pakistan on Monday over the shelling of villages in Kashmir.",
			want: []string{"IN", "PK"}},
	})
}

// TestMalteseArticleNotEnglish checks that the Maltese article glued to a
// CLDR name ("in-Niġer") does not turn the English words "in Niger" into the
// country past the guards of the English name: names-cldr.yaml keeps the
// bare Maltese name only.
func TestMalteseArticleNotEnglish(t *testing.T) {
	tg := shippedTagger(t)
	r := tg.Tag("Gunmen attack oil pipeline in Niger Delta",
		"PORT HARCOURT, Nigeria (Reuters) - Gunmen attacked an oil pipeline in the Niger Delta on Sunday, the army said.")
	if slices.Contains(r.Countries, "NE") || !slices.Contains(r.Countries, "NG") {
		t.Errorf("countries %v, want NG and not NE", r.Countries)
	}
	r = tg.Tag("Il-Gvern jiddiskuti l-Ġermanja", "Il-Prim Ministru tkellem mal-Kanċillier tal-Ġermanja dwar in-Niġer.")
	if !slices.Contains(r.Countries, "DE") {
		t.Errorf("Maltese: countries %v, want DE", r.Countries)
	}
}

// TestTimochenkoIsNotTymoshenko checks the ambiguity rule on the alias
// "Timochenko": the FARC commander's nom de guerre is not Ukraine's former
// prime minister.
func TestTimochenkoIsNotTymoshenko(t *testing.T) {
	tg := shippedTagger(t)
	r := tg.Tag("FARC and government sign accord",
		"CARTAGENA, Colombia (Reuters) - President Juan Manuel Santos and FARC leader Rodrigo Londono, known as Timochenko, signed a peace accord.")
	if slices.Contains(r.Countries, "UA") || slices.Contains(r.Actors, "yulia-tymoshenko") {
		t.Errorf("countries %v actors %v: Timochenko of the FARC is not Tymoshenko", r.Countries, r.Actors)
	}
	r = tg.Tag("Timochenko libérée", "Ioulia Timochenko a été libérée de prison à Kharkiv samedi.")
	if !slices.Contains(r.Actors, "yulia-tymoshenko") {
		t.Errorf("actors %v, want yulia-tymoshenko", r.Actors)
	}
}

// TestAccordsNamedAfterPlaces checks the phrases of treaties named after
// where they were signed (phrases.yaml): the place is not the subject, in
// English and in the languages the phrase lists.
func TestAccordsNamedAfterPlaces(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "oslo en", title: "Oslo Accords signed at White House",
			text: "Israel and the PLO signed the Oslo Accords on Monday, granting Palestinians limited self-rule in Gaza and Jericho.",
			want: []string{"IL"}, notWant: []string{"NO"}},
		{name: "oslo he", title: "הסכמי אוסלו נחתמו",
			text:    "ישראל ואש\"ף חתמו על ההסכם בטקס חגיגי.",
			want:    []string{"IL"},
			notWant: []string{"NO"}},
		{name: "kyoto", title: "Canada quits Kyoto Protocol",
			text: "Canada said on Monday it would withdraw from the Kyoto Protocol on climate change.",
			want: []string{"CA"}, notWant: []string{"JP"}},
		{name: "geneva", title: "Rights group accuses army of breaching Geneva Conventions",
			text: "Myanmar's army breached the Geneva Conventions in its campaign against rebels, a rights group said.",
			want: []string{"MM"}, notWant: []string{"CH"}},
	})
}
