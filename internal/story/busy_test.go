package story

import (
	"fmt"
	"testing"
	"time"
)

// busyRefugeeWindow are English write-ups of three refugee crises of the
// same hours, each naming the UN and its refugee agency: in a busy window
// those ids are the news of the day, not of one event.
var busyRefugeeWindow = []writeUp{
	{"en", "UNHCR appeals for funds as Sudanese refugees pour into eastern Chad",
		"ADRE — The UN refugee agency UNHCR said on Thursday that more than 20,000 people had crossed from Darfur into eastern Chad in a week, and UN agencies asked donors for emergency funding for the camps around Adre.", time.Hour},
	{"en", "Rohingya in Cox's Bazar face new ration cuts, UN agencies warn",
		"COX'S BAZAR — The World Food Programme and UNHCR warned that food vouchers for Rohingya refugees in Bangladesh would be cut again next month unless donors close a funding gap, UN officials said.", 2 * time.Hour},
	{"en", "Moldova asks for help as Ukrainians keep arriving, says UN refugee agency",
		"CHISINAU — Moldova's government asked the European Union and the United Nations for more support as refugees from Ukraine kept arriving at the Palanca crossing, the UN refugee agency UNHCR said on Thursday.", 3 * time.Hour},
}

// TestCommonIDsCannotCarryACrossLanguageJoin: a Spanish write-up on Syrian
// refugees in Lebanon shares Syria, the UN and UNHCR with the English
// story of the donors' meeting on Syrian refugees in Jordan the same
// morning, and they are two events. Three other stories of those hours
// name the UN and UNHCR, so those two are common ids (commonStories) and
// Syria alone cannot join it. The Spanish write-up of the donors' meeting
// shares Jordan, Syria and its figure besides, and joins.
func TestCommonIDsCannotCarryACrossLanguageJoin(t *testing.T) {
	tg := shippedTagger(t)
	jordan := writeUp{"en", "Jordan hosts donors' meeting on Syrian refugees as funding falls short",
		"AMMAN — Jordan's foreign ministry hosted donors and UN agencies on Thursday to appeal for funding for the 1.3 million Syrian refugees the kingdom shelters, as the UN refugee agency UNHCR warned that its regional response plan was less than a third funded.", 0}
	lebanon := writeUp{"es", "ACNUR recortará la ayuda a los refugiados sirios en Líbano",
		"BEIRUT — La agencia de la ONU para los refugiados, ACNUR, advirtió el jueves de que dejará de dar ayuda en efectivo a miles de familias de refugiados sirios en Líbano por falta de fondos.", 4 * time.Hour}
	same := writeUp{"es", "Jordania reúne a los donantes ante la falta de fondos para los refugiados sirios",
		"AMÁN — El Gobierno de Jordania reunió el jueves a donantes y agencias de la ONU para pedir fondos para los 1,3 millones de refugiados sirios que acoge el reino; ACNUR advirtió de que su plan regional no llega a un tercio de lo necesario.", 5 * time.Hour}
	ws := append([]writeUp{jordan}, busyRefugeeWindow...)
	got := clusterDatedWriteUps(t, tg, append(ws, lebanon, same))
	n := len(ws)
	if got[n] == got[0] {
		t.Errorf("the Spanish write-up on Syrian refugees in Lebanon joined the story of the donors' meeting in Jordan on the UN and UNHCR")
	}
	if got[n+1] != got[0] {
		t.Errorf("the Spanish write-up of the donors' meeting in Jordan did not join its English story: %v", got)
	}
	for i := 1; i < n; i++ {
		if got[i] == got[0] {
			t.Errorf("the refugee story %d joined the donors' meeting in Jordan", i)
		}
	}
}

// TestWidelyNamedIDsAreCommon: an id a large share of the window's
// articles carry is common (widelyNamed) once enough articles are counted,
// though no story is posted under it; an id of one article is not, nor is
// any id before minCommonDocs articles are counted.
func TestWidelyNamedIDsAreCommon(t *testing.T) {
	at := time.Date(1999, 3, 25, 12, 0, 0, 0, time.UTC)
	window := func(n int) *Events {
		e := NewEvents(EventOptions{})
		for i := range n {
			ents := []string{fmt.Sprintf("place-%d", i)}
			if i%4 == 0 { // a quarter of the articles
				ents = append(ents, "united-states")
			}
			e.Observe(Read(Doc{ArticleID: int64(i + 1), Lang: "en", Time: at, Dated: true, Title: fmt.Sprintf("Report %d", i), Entities: ents}))
		}
		return e
	}
	busy := window(2 * minCommonDocs)
	if !widelyNamedSignal(busy, entityFeature("united-states")) {
		t.Error("an id a quarter of the articles carry is not common")
	}
	if widelyNamedSignal(busy, entityFeature("place-3")) {
		t.Error("an id of one article is common")
	}
	if widelyNamedSignal(window(minCommonDocs/2), entityFeature("united-states")) {
		t.Errorf("an id is common before %d articles are counted", minCommonDocs)
	}
}

// TestIDsAreCommonEarlyInABusyWindow: the first feeds of a busy window
// name the ids of the day (NATO, Serbia, the United States on the first
// night of the air war on Yugoslavia) in article after article before 50
// are counted, and join its events on them; 45 articles of which a
// quarter name one make it common.
func TestIDsAreCommonEarlyInABusyWindow(t *testing.T) {
	at := time.Date(1999, 3, 24, 22, 0, 0, 0, time.UTC)
	e := NewEvents(EventOptions{})
	for i := range 45 {
		ents := []string{fmt.Sprintf("place-%d", i)}
		if i%4 == 0 {
			ents = append(ents, "serbia")
		}
		e.Observe(Read(Doc{ArticleID: int64(i + 1), Lang: "en", Time: at, Dated: true, Title: fmt.Sprintf("Report %d", i), Entities: ents}))
	}
	if !widelyNamedSignal(e, entityFeature("serbia")) {
		t.Error("an id a quarter of the window's first 45 articles carry is not common")
	}
}

// widelyNamedSignal is widelyNamed of signal k's term id; a signal no
// article carries has none and is not widely named.
func widelyNamedSignal(e *Events, k feature) bool {
	id, ok := e.dict[k]
	return ok && e.widelyNamed(id)
}
