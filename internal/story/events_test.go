package story

import (
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/tag"
)

// writeUp is one outlet's article for the event-index tests.
type writeUp struct {
	lang, title, text string
	at                time.Duration // after the base time
}

// clusterWriteUps feeds write-ups to a fresh event index, one feed each, and
// returns the story of each. Their times are when they were first seen,
// not their own (Dated false): see clusterDatedWriteUps.
func clusterWriteUps(t *testing.T, tg *tag.Tagger, ws []writeUp) []int64 {
	t.Helper()
	return storyIDs(matchWriteUps(t, tg, ws, false))
}

// clusterDatedWriteUps is clusterWriteUps for write-ups whose feeds gave
// their publication times.
func clusterDatedWriteUps(t *testing.T, tg *tag.Tagger, ws []writeUp) []int64 {
	t.Helper()
	return storyIDs(matchWriteUps(t, tg, ws, true))
}

// matchWriteUps tags and reads each write-up in turn, matches it against
// the stories so far and adds it to the story it joined, or to a new one;
// it returns each write-up's match, with StoryID set either way.
func matchWriteUps(t *testing.T, tg *tag.Tagger, ws []writeUp, dated bool) []Match {
	t.Helper()
	base := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	ev := NewEvents(EventOptions{})
	out := make([]Match, len(ws))
	for i, w := range ws {
		r := tg.Tag(w.title, w.text)
		all, inTitle, named := entities(w.title, r.Mentions)
		f := Read(Doc{ArticleID: int64(i + 1), Lang: w.lang, Time: base.Add(w.at), Dated: dated, Title: w.title, Text: w.text,
			Entities: all, TitleEntities: inTitle, Topics: topics(r.Mentions), Countries: r.TagSet.Countries, Named: named})
		ev.Observe(f)
		m := ev.Match(f)
		if m.StoryID == 0 {
			m.StoryID = int64(100 + i)
		}
		m.Also = nil // the index's room, reused by the next Match
		out[i] = m
		ev.Add(f, m.StoryID)
	}
	return out
}

// storyIDs are the stories the matches joined.
func storyIDs(ms []Match) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.StoryID
	}
	return out
}

// background gives the index some ordinary news to learn how common words
// are, as a running daemon's window does.
var background = []writeUp{
	{"en", "Central bank holds rates as inflation cools", "The central bank kept its main interest rate unchanged on Thursday, saying inflation had eased for a third month.", 0},
	{"en", "Floods displace thousands in the south", "Heavy rain caused rivers to burst their banks, forcing thousands of families from their homes, officials said.", time.Hour},
	{"en", "Parliament passes budget after long debate", "Lawmakers approved the budget by a narrow margin after a debate that lasted through the night.", 2 * time.Hour},
	{"ar", "ارتفاع أسعار النفط في الأسواق العالمية", "ارتفعت أسعار النفط اليوم مع تراجع المخزونات الأمريكية وتوقعات بزيادة الطلب.", 3 * time.Hour},
}

func TestCrossLanguageWriteUpsOfOneEventJoin(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"ar", "المبعوث الأممي إلى سوريا يدعو إلى استئناف المفاوضات في جنيف",
			"نيويورك — دعا المبعوث الخاص للأمم المتحدة إلى سوريا مجلس الأمن الدولي إلى دعم استئناف المفاوضات في جنيف حول دستور جديد، مؤكداً أن ترتيبات وقف إطلاق النار التي تم التفاوض عليها بين روسيا وتركيا وإيران لا يمكن أن تحل محل تسوية سياسية بين السوريين. وقال المبعوث إن أكثر من 16 مليون شخص ما زالوا بحاجة إلى المساعدة.",
			4 * time.Hour},
		writeUp{"en", "UN envoy tells Security Council that Syria's political track must resume in Geneva",
			"NEW YORK — The United Nations special envoy for Syria urged the Security Council on Monday to back a return to talks in Geneva on a new constitution, saying that ceasefire arrangements negotiated between Russia, Turkey and Iran could not replace a political settlement between Syrians. More than 16 million people still needed aid.",
			4*time.Hour + 10*time.Minute})
	wantPairAlone(t, clusterWriteUps(t, tg, ws), "the Arabic and English write-ups of the envoy's Geneva call", "the Geneva story")
}

// wantPairAlone checks the stories of background followed by two write-ups
// of one event (got): the two are one story (pair says which), and no
// background article joined it (story names it).
func wantPairAlone(t *testing.T, got []int64, pair, story string) {
	t.Helper()
	n := len(background)
	if got[n] != got[n+1] {
		t.Errorf("%s are two stories", pair)
	}
	for i := 0; i < n; i++ {
		if got[i] == got[n] {
			t.Errorf("background article %d joined %s", i, story)
		}
	}
}

// TestCrossLanguageJoinOnOnePlace: a German write-up of the Brussels
// bombings shares one taxonomy id with the English one (Belgium: the tagger
// knows neither Zaventem nor Maelbeek) and no number; hours apart and alone
// in the window with Belgium, they are one story. When an English write-up
// of another Belgian event of the same kind (terrorism) the same morning
// is in the window, a German write-up that names neither Zaventem nor
// Maelbeek joins neither: one shared id cannot say which story it would
// be. (Events of different kinds in one country on one day:
// TestEventsAlikeInKindStayApart.)
func TestCrossLanguageJoinOnOnePlace(t *testing.T) {
	tg := shippedTagger(t)
	brussels := []writeUp{
		{"en", "Explosions at Brussels airport and metro station kill dozens",
			"Two explosions tore through the departure hall of Zaventem airport on Tuesday morning and a third bomb hit a metro train at Maelbeek station an hour later, killing dozens of people in what the prime minister called terrorist attacks.", 0},
		{"de", "Terror in Brüssel: Anschläge auf Flughafen und U-Bahn",
			"Bei Explosionen am Flughafen Zaventem und in der U-Bahn-Station Maelbeek sind am Dienstag Dutzende Menschen getötet worden. Die Regierung rief die höchste Terrorwarnstufe aus.", 2 * time.Hour},
	}
	got := clusterWriteUps(t, tg, append(background[:len(background):len(background)], brussels...))
	n := len(background)
	if got[n] != got[n+1] {
		t.Errorf("the English and German write-ups of the Brussels bombings are two stories")
	}
	arrest := writeUp{"en", "Belgian police arrest jihadist suspect in Antwerp raid",
		"Police in Belgium arrested a man suspected of recruiting foreign fighters for Islamic State in a raid in Antwerp on Tuesday, prosecutors said.", time.Hour}
	bare := writeUp{"de", "Terror in Brüssel: Anschläge auf Flughafen und U-Bahn",
		"Bei Explosionen am Flughafen und in der U-Bahn sind am Dienstag Dutzende Menschen getötet worden. Die Regierung rief die höchste Terrorwarnstufe aus.", 2 * time.Hour}
	got = clusterWriteUps(t, tg, append(background[:len(background):len(background)], brussels[0], arrest, bare))
	if got[n+2] == got[n] || got[n+2] == got[n+1] {
		t.Errorf("with two Belgian stories in the window, the German write-up joined one on Belgium alone")
	}
	// Naming Zaventem and Maelbeek, which the English write-up names too,
	// it says which Belgian story it belongs to: the names' sounds (and
	// spelling) are shared signals besides Belgium (session 8).
	got = clusterWriteUps(t, tg, append(background[:len(background):len(background)], brussels[0], arrest, brussels[1]))
	if got[n+2] != got[n] {
		t.Errorf("the German write-up naming Zaventem and Maelbeek did not join the Brussels story: %v", got[n:])
	}
}

// TestCrossLanguageTitlePlace: a Spanish write-up whose title names Chile
// joins the Portuguese write-up of the same plebiscite, which speaks of
// "os chilenos" and never names the country. The rule that a title's
// places must be known to the story tells two events apart in one language;
// across languages the tagger finds other places in each, and the shared
// ids, numbers and names already decide.
func TestCrossLanguageTitlePlace(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"pt", "Chilenos aprovam em plebiscito a redação de uma nova Constituição",
			"Os chilenos aprovaram neste domingo, por ampla maioria, a redação de uma nova Constituição para substituir a carta promulgada em 1980 durante a ditadura de Augusto Pinochet. Com quase todas as urnas apuradas, a opção Aprovo teve 78% dos votos, e a Convenção Constitucional, 79%.", 0},
		writeUp{"es", "Chile entierra la Constitución de Pinochet",
			"Chile decidió por abrumadora mayoría dejar atrás la Constitución de 1980 heredada de Augusto Pinochet. El Apruebo obtuvo el 78% de los votos en el plebiscito del domingo y la Convención Constitucional, el 79%.", 3 * time.Hour})
	got := clusterWriteUps(t, tg, ws)
	n := len(background)
	if got[n] != got[n+1] {
		t.Errorf("the Portuguese and Spanish write-ups of Chile's plebiscite are two stories")
	}
}

func TestEventsAlikeInKindStayApart(t *testing.T) {
	tg := shippedTagger(t)
	cases := map[string][]writeUp{
		"two ceasefires in two countries on the same day": {
			{"en", "Sudan's warring parties agree to a 72-hour ceasefire in Khartoum",
				"KHARTOUM — Sudan's army and the Rapid Support Forces agreed on Tuesday to a 72-hour ceasefire in the capital, mediators said, to let civilians leave and aid reach hospitals.", 0},
			{"en", "Yemen's government and Houthis agree to a ceasefire in Hodeidah",
				"ADEN — Yemen's government and the Houthi movement agreed on Tuesday to a ceasefire around the port of Hodeidah, the UN envoy said, opening a corridor for food shipments.", 2 * time.Hour},
			{"fr", "Soudan : l'armée et les FSR concluent un cessez-le-feu de 72 heures à Khartoum",
				"L'armée soudanaise et les Forces de soutien rapide ont accepté mardi un cessez-le-feu de 72 heures dans la capitale Khartoum, selon les médiateurs.", 3 * time.Hour},
		},
		"two events in one country on the same day, two languages": {
			{"en", "Earthquake strikes eastern Turkey, killing 22",
				"A strong earthquake struck Elazig province in eastern Turkey on Tuesday evening, killing at least 22 people and injuring hundreds, officials said.", 0},
			{"fr", "Turquie : le Parlement adopte la réforme des retraites",
				"Le Parlement turc a adopté mardi soir la réforme des retraites voulue par le gouvernement, après un débat houleux avec l'opposition.", 3 * time.Hour},
		},
		"a lone report and the next day's response to it": {
			{"en", "Belarus scrambles fighter jet to force Ryanair flight to land in Minsk, arrests dissident journalist",
				"MINSK — Belarus scrambled a fighter jet on Sunday to force a Ryanair flight from Athens to Vilnius to land in Minsk, where authorities arrested the dissident journalist Roman Protasevich, who was on board. Opposition leaders called it a hijacking.", 0},
			{"en", "EU leaders agree to ban Belarusian airlines from the bloc's airspace",
				"BRUSSELS — European Union leaders agreed on Monday evening to bar Belarusian carriers from EU airspace and airports and to widen sanctions on Minsk, a day after the forced landing of a Ryanair plane and the arrest of Roman Protasevich.", 30 * time.Hour},
		},
		"two earthquakes in one week": {
			{"en", "Magnitude 6.8 earthquake strikes eastern Turkey, killing 22",
				"ELAZIG — A magnitude 6.8 earthquake struck Elazig province in eastern Turkey on Friday evening, killing at least 22 people and injuring more than 1,000, officials said.", 0},
			{"en", "Magnitude 7.7 earthquake strikes between Jamaica and Cuba",
				"KINGSTON — A magnitude 7.7 earthquake struck the Caribbean Sea between Jamaica and Cuba on Tuesday, shaking buildings as far away as Miami; no deaths were reported.", 96 * time.Hour},
		},
	}
	for name, ws := range cases {
		got := clusterWriteUps(t, tg, append(background[:len(background):len(background)], ws...))
		n := len(background)
		if got[n] == got[n+1] {
			t.Errorf("%s: joined into one story", name)
		}
		if len(ws) > 2 && got[n] != got[n+2] {
			t.Errorf("%s: the French write-up of the Khartoum ceasefire is not in its story", name)
		}
	}
}

func TestRelabelAndForget(t *testing.T) {
	ev := NewEvents(EventOptions{})
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	a := Read(Doc{Lang: "en", Time: at, Title: "Quake kills 40 in northern Chile", Text: "An earthquake of magnitude 7.1 struck northern Chile, killing 40 people in Antofagasta."})
	b := Read(Doc{Lang: "en", Time: at, Title: "Chile quake toll rises to 40 in Antofagasta", Text: "The magnitude 7.1 earthquake in northern Chile killed 40 people, Antofagasta officials said."})
	ev.Observe(a, b)
	ev.Add(a, -1) // a provisional story, as Assign gives
	if m := ev.Match(b); m.StoryID != -1 {
		t.Fatalf("the follow-up does not find the provisional story: %+v", m)
	}
	ev.Relabel(map[int64]int64{-1: 7})
	if m := ev.Match(b); m.StoryID != 7 {
		t.Fatalf("after Relabel the story is %d, want 7", m.StoryID)
	}
	ev.Forget(7)
	if m := ev.Match(b); m.StoryID != 0 || ev.Len() != 0 {
		t.Fatalf("after Forget: %+v, %d stories", m, ev.Len())
	}
}

// TestUndatedWriteUpNamingLessJoins: without dates (ECB+, feeds that give
// none) a write-up that names the event's people in other words ("the
// American Pie actress") joins the story when its words agree all the more
// — a names shortfall raises the score needed instead of vetoing — while a
// look-alike event with its own names (another actress, another clinic)
// stays apart.
func TestUndatedWriteUpNamingLessJoins(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"en", "Tara Reid checks into Promises rehab center in Malibu",
			"Actress Tara Reid has checked into the Promises Treatment Center in Malibu, her publicist told People magazine on Friday.", 0},
		writeUp{"en", "Tara Reid enters rehab at Promises",
			"The American Pie star Tara Reid entered the Promises Treatment Center in Malibu for undisclosed reasons, her representative said.", 0},
		writeUp{"en", "American Pie actress checks into rehab treatment center",
			"The American Pie actress has checked into a rehab treatment center for undisclosed reasons, her publicist told People magazine on Friday.", 0},
		writeUp{"en", "Lindsay Lohan checks into Betty Ford rehab center",
			"Actress Lindsay Lohan has checked into the Betty Ford Center in Rancho Mirage, her lawyer told People magazine on Friday.", 0})
	got := clusterWriteUps(t, tg, ws)
	n := len(background)
	if got[n] != got[n+1] {
		t.Fatalf("the first two write-ups of Tara Reid's rehab are two stories")
	}
	if got[n+2] != got[n] {
		t.Errorf("the write-up naming \"the American Pie actress\" started a story of its own")
	}
	if got[n+3] == got[n] {
		t.Errorf("Lindsay Lohan's rehab joined Tara Reid's")
	}
}

// TestCrossLanguageJoinOnOneIdAmongMany: a short Spanish write-up of
// Poland's 1989 election names only Poland; the English one names a dozen
// countries and people besides, so the one id they share weighs little
// (cosine 0.23). Hours apart, of one kind (elections) and alone in the
// window with Poland, they are one story: a cosine of 0.25 on one shared
// id kept them apart.
func TestCrossLanguageJoinOnOneIdAmongMany(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"en", "Solidarity claims sweeping victory in Polish elections",
			"WARSAW — Solidarity said on Monday it had won almost every seat it contested in Poland's first partly free parliamentary elections since the war, a stunning rebuff to the ruling communists. Lech Walesa said the union would not join a government. Official results are expected on Wednesday; turnout was 62 percent. Solidarity took 160 of the 161 seats open to it in the Sejm and 92 of 100 in the Senate. Mikhail Gorbachev's Soviet Union said it respected the vote, and Hungary is to hold talks with its own opposition. In Washington, President George Bush, who visits Warsaw and Budapest next month, praised the vote; Britain and France called it a turning point, while East Germany and Czechoslovakia kept silent. Japan and Italy welcomed it.",
			4 * time.Hour},
		writeUp{"es", "Solidaridad arrasa en las elecciones polacas",
			"VARSOVIA — El sindicato Solidaridad obtuvo una victoria aplastante en las elecciones legislativas celebradas el domingo en Polonia, las primeras semilibres desde la posguerra. Los comunistas reconocieron la derrota.",
			9 * time.Hour})
	wantPairAlone(t, clusterWriteUps(t, tg, ws), "the English and Spanish write-ups of Poland's election", "the election story")
}
