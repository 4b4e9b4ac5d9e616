package pipeline

import (
	"context"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/demo"
	"github.com/intlwire/aggregator/internal/story/storyeval"
)

// demoEvents labels each item of the demo's feeds (internal/demo/feeds) by
// the news event it reports, keyed by its title. The demo is a busy window:
// some twenty events of the same hours, several of them alike in kind
// (refugees, truces, UN appeals) or sharing the same few international
// organizations, which the eval sets, spread over decades, never are.
// Items that report no other item's event are their own event. The Spanish
// UN appeal on Sudan asks the sides to turn the El Fasher pause into a
// lasting truce: the same story as the pause, as a reader of a news site
// would expect it.
var demoEvents = map[string]string{
	"Russia’s blitz diplomacy for resolving Syrian crisis":                                  "syria-blitz",
	"UN envoy tells Security Council that Syria's political track must resume in Geneva":    "un-envoy-geneva",
	"المبعوث الأممي إلى سوريا يدعو إلى استئناف المفاوضات في جنيف":                           "un-envoy-geneva",
	"Jordan hosts donors' meeting on Syrian refugees as funding falls short":                "jordan-donors",
	"الأردن يستضيف اجتماعاً للمانحين بشأن اللاجئين السوريين":                                "jordan-donors",
	"Sudan's warring sides agree to humanitarian pause around El Fasher, mediators say":     "el-fasher-pause",
	"Sudan army and RSF accept two-week truce around El Fasher after Jeddah talks":          "el-fasher-pause",
	"La ONU pide una tregua duradera en Sudán ante el avance del hambre en Darfur":          "el-fasher-pause",
	"Israeli strikes hit southern Lebanon as Hezbollah fires rockets across border":         "lebanon-strikes",
	"وزراء خارجية دول الخليج يبحثون في الرياض الأزمة في اليمن وأمن البحر الأحمر":            "gcc-ministers-riyadh",
	"Miles de migrantes venezolanos cruzan la frontera con Colombia por Cúcuta":             "venezuelans-cucuta",
	"Bolivia celebra elecciones generales con la economía en el centro del debate":          "bolivia-election",
	"Drone barrage hits Ukraine's power grid as Kyiv presses allies for air defence":        "ukraine-grid",
	"North Korea fires ballistic missile into the sea, Seoul and Tokyo say":                 "dprk-missile",
	"Senegal's parliament approves electoral reform ahead of local polls":                   "senegal-reform",
	"Gunmen kill soldiers in attack on army post in northern Burkina Faso":                  "burkina-attack",
	"African Union summit in Addis Ababa opens with calls for Congo ceasefire":              "au-summit",
	"Kenya's central bank holds rates as inflation eases":                                   "kenya-rates",
	"China stages large-scale drills around Taiwan after president's transit through US":    "taiwan-drills",
	"Philippines accuses Chinese coast guard of water-cannon attack near Scarborough Shoal": "scarborough",
	"Pakistan and Afghanistan reopen Torkham border crossing after ceasefire":               "torkham",
	"Pacific leaders press for climate finance at regional forum in Honiara":                "pacific-forum",
	"Aid agencies say Gaza crossings still restricted as winter sets in":                    "gaza-crossings",
	"Gang violence displaces 40,000 more people in Haiti's capital":                         "haiti-displacement",
	"Rohingya refugees in Bangladesh face ration cuts as funding dries up":                  "rohingya-rations",
}

// demoLeftTogether are the events whose stories the stage still joins in some
// feed orders, left as they are: the demo's seed article on Russia's
// diplomacy on Syria (Sochi, Astana) and the UN envoy's call for talks in
// Geneva, which names the ceasefire arrangements of Russia, Turkey and Iran,
// share those five countries and, in English, enough words. They count
// against precision; a story that joins any other two events fails.
var demoLeftTogether = map[string]bool{"syria-blitz": true, "un-envoy-geneva": true}

// demoOrders are the salts of the feed orders TestDemoStories runs the demo
// in besides the alphabetical one: its wrong merges came in some orders only.
var demoOrders = []string{"a", "b", "c", "d", "e", "f", "g"}

// TestDemoStories runs the demo's feeds through the real pipeline — served on
// loopback by the demo's own handler, fetched in one round into a fresh
// SQLite store — in several feed orders, and scores the stories against
// demoEvents. No story may join two events (but those of
// demoLeftTogether): in a busy window the stories that share the UN, its
// refugee agency or a region are many, and none of them is the same event
// (the Venezuelans crossing into Colombia joined the Syrian refugees in
// Jordan on the UN and UNHCR alone, in every order; the Gulf ministers on
// Yemen joined the Sudan truce on Saudi Arabia and the UN in some).
// Precision and recall, the means over the orders, have floors: precision
// 0.92 since an English write-up of the UN envoy's Geneva call no longer
// joins the seed story on the countries they share alone (0.893 before;
// story.Doc.Named).
func TestDemoStories(t *testing.T) {
	orders := append([]string{""}, demoOrders...)
	if testing.Short() {
		orders = orders[:1]
	}
	var p, r float64
	for _, salt := range orders {
		s, wrong := demoStoriesInOrder(t, salt)
		t.Logf("order %q: %s", salt, s)
		for _, w := range wrong {
			t.Errorf("order %q: wrong merge: %s", salt, w)
		}
		p, r = p+s.P, r+s.R
	}
	n := float64(len(orders))
	t.Logf("mean of %d feed orders: pairwise P %.4f R %.4f", len(orders), p/n, r/n)
	if p/n < 0.92 || r/n < 0.9 {
		t.Errorf("mean pairwise P %.3f R %.3f below their floors 0.92 and 0.9", p/n, r/n)
	}
}

// demoStoriesInOrder runs the demo's feeds through a fresh pipeline, the
// sources in alphabetical order or, with a salt, in the order of the salted
// ids' hashes, and returns the scores and a line per story that holds
// articles of more than one event.
func demoStoriesInOrder(t *testing.T, salt string) (storyeval.Scores, []string) {
	t.Helper()
	srv := httptest.NewServer(demo.NewHandler(time.Now()))
	defer srv.Close()
	setup := testSetup{shipped: true, fetch: "  concurrency: 1\n"}
	for _, src := range demo.Sources(srv.URL) {
		setup.sources = append(setup.sources, [2]string{src.ID, src.URL})
	}
	sort.Slice(setup.sources, func(i, j int) bool {
		a, b := setup.sources[i][0], setup.sources[j][0]
		if salt == "" {
			return a < b
		}
		return fnvHash(salt+a) < fnvHash(salt+b)
	})
	p, st := buildPipeline(t, setup)
	ctx := context.Background()
	if sum, err := p.Round(ctx, RoundOptions{All: true}); err != nil || sum.Failed > 0 {
		t.Fatalf("round: %+v %v", sum, err)
	}
	stories, err := st.RecentStories(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var gold []string
	var pred []int64
	// A merged story's articles count in the story it points to.
	events, titles := map[int64]map[string]bool{}, map[int64][]string{}
	for _, s := range stories {
		id := s.ID
		if s.MergedInto != nil {
			id = s.MergedInto.ID
		}
		for _, a := range s.Articles {
			ev, ok := demoEvents[a.Title]
			if !ok {
				t.Fatalf("demo item %q has no event label", a.Title)
			}
			gold, pred = append(gold, ev), append(pred, id)
			if events[id] == nil {
				events[id] = map[string]bool{}
			}
			events[id][ev] = true
			titles[id] = append(titles[id], a.Title)
		}
	}
	var wrong []string
	for id, evs := range events {
		if len(evs) > 1 && !leftTogether(evs) {
			wrong = append(wrong, strings.Join(titles[id], " + "))
		}
	}
	sort.Strings(wrong)
	if len(gold) < len(demoEvents) {
		t.Fatalf("%d demo articles stored, want at least %d", len(gold), len(demoEvents))
	}
	return storyeval.Score(gold, pred), wrong
}

// leftTogether reports whether a story's events are all among
// demoLeftTogether.
func leftTogether(events map[string]bool) bool {
	for ev := range events {
		if !demoLeftTogether[ev] {
			return false
		}
	}
	return true
}
