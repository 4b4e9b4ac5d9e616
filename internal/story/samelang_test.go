package story

import (
	"testing"
	"time"
)

// The write-ups of one event by two outlets of one language, in their own
// words, within the hour: another headline ("Labour wins …" and
// "Britain's Conservatives suffer worst defeat …"), another lead (the
// winner, the losers' seats), their cosine (0.165) below the threshold a
// story a day old needs (0.18). Within hours of the story's write-ups in
// their language they are one story (nearBonus).
func TestSameLanguageWriteUpsWithinHoursJoin(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"en", "Labour wins UK election landslide, ending 14 years of Conservative rule",
			"LONDON, July 5 - Keir Starmer's Labour Party won a landslide victory in Britain's general election, and Prime Minister Rishi Sunak conceded defeat.",
			4 * time.Hour},
		writeUp{"en", "Britain's Conservatives suffer worst defeat in their history",
			"The Tories fell to about 120 seats, their lowest total ever. The Liberal Democrats won 71, and Reform UK, led by Nigel Farage, took four.",
			5 * time.Hour})
	wantPairAlone(t, clusterDatedWriteUps(t, tg, ws), "two English write-ups of Labour's landslide an hour apart", "the election story")
}

// Two look-alike events of one language on one day stay apart: Kishida
// said he would step down at 02:40 UTC and Thailand's court removed
// Srettha at 08:10 UTC, two prime ministers leaving office, told in the
// same words ("Prime Minister", "on Wednesday", "Aug 14"). Five and a half
// hours apart the lower threshold of write-ups within hours is nearly
// spent (nearGap): it is for the burst of write-ups that follows a first
// report, not for the rest of the day.
func TestSameLanguageLookAlikesOfOneDayStayApart(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"en", "Japan PM Kishida to step down",
			"TOKYO, Aug 14 - Japanese Prime Minister Fumio Kishida said on Wednesday he would not seek re-election as leader of the ruling Liberal Democratic Party in September, clearing the way for a new premier.",
			4 * time.Hour},
		writeUp{"en", "Thai court dismisses PM Srettha",
			"BANGKOK, Aug 14 - Thailand's Constitutional Court removed Prime Minister Srettha Thavisin from office on Wednesday, ruling he violated ethics rules by appointing a cabinet minister who had served a prison sentence.",
			9*time.Hour + 30*time.Minute})
	got := clusterDatedWriteUps(t, tg, ws)
	n := len(background)
	if got[n] == got[n+1] {
		t.Errorf("Kishida stepping down and Srettha removed by the court are one story")
	}
}

// A write-up in the story's language whose words fall short (0.12 here)
// but which shares the story's places and figures (Kazakhstan, Azerbaijan,
// 67 aboard) joins on that evidence, as a write-up in another language
// would, within hours of the story's write-ups in its language
// (sharesEnough); ten hours later it does not: the words must then agree.
func TestSameLanguageWriteUpSharingPlacesAndFiguresJoins(t *testing.T) {
	tg := shippedTagger(t)
	first := writeUp{"en", "Azerbaijan Airlines plane crashes in Kazakhstan, survivors reported",
		"ASTANA, Dec 25 - An Azerbaijan Airlines passenger jet with 67 people on board crashed near the city of Aktau in Kazakhstan on Wednesday, Kazakh authorities said, and 32 people survived.",
		4 * time.Hour}
	later := func(at time.Duration) writeUp {
		return writeUp{"en", "Embraer from Baku comes down on Caspian shore",
			"The Embraer 190 bound for Grozny went down short of the runway. Twenty-nine of the 67 aboard survived, the emergencies ministry of Kazakhstan said; 38 died.",
			at}
	}
	n := len(background)
	ms := matchWriteUps(t, tg, append(background[:n:n], first, later(9*time.Hour)), true)
	if ms[n].StoryID != ms[n+1].StoryID {
		t.Errorf("two English write-ups of the Aktau crash five hours apart, sharing its places and figures, are two stories")
	} else if !ms[n+1].CrossLanguage {
		t.Errorf("the join on places and figures alone is not reported as one (CrossLanguage), so explain calls it a join on words")
	}
	got := clusterDatedWriteUps(t, tg, append(background[:n:n], first, later(14*time.Hour)))
	if got[n] == got[n+1] {
		t.Errorf("a write-up ten hours after the story joined it on the places and figures alone")
	}
}

// A write-up headed with the event's region instead of its city
// ("Baden-Württemberg:" over a Mannheim story) names a place the story does
// not, which alone kept it out (the title-places veto); it is about the
// country the story is about, and joins (knowsTitle).
func TestSameLanguageWriteUpHeadedWithTheRegionJoins(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"de", "Auto rast in Mannheimer Fußgängerzone – Tote",
			"Am Rosenmontag ist in Mannheim ein Auto auf den Planken in eine Menschenmenge gefahren. Es gibt mindestens einen Toten und mehrere Verletzte, der Fahrer wurde festgenommen.",
			4 * time.Hour},
		writeUp{"de", "Baden-Württemberg: Zwei Tote nach Amokfahrt",
			"Ein 40 Jahre alter Deutscher aus Ludwigshafen soll den Wagen in die Innenstadt gesteuert haben. Zwei Menschen starben, elf wurden verletzt, einige schwer.",
			5 * time.Hour})
	wantPairAlone(t, clusterDatedWriteUps(t, tg, ws), "a Mannheim write-up and one headed \"Baden-Württemberg:\" an hour later", "the Mannheim story")
}

// Two outlets' short write-ups of one event 100 minutes apart, one headed
// with the vote, the other with a person ("Merz greift Scholz … an"),
// share the chancellor's name and few other words: their score (0.10) is
// below what the lowered threshold of write-ups within hours still asks
// then (nearBonus), and within those hours a shared name is enough with
// it (namedNear).
func TestSameLanguageWriteUpsSharingANameWithinHoursJoin(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"de", "Scholz verliert Vertrauensfrage im Bundestag",
			"Der Bundeskanzler erhielt 207 Ja-Stimmen, 394 Abgeordnete stimmten gegen ihn. Der Weg für eine Neuwahl am 23. Februar ist frei.",
			4 * time.Hour},
		writeUp{"de", "Merz greift Scholz in hitziger Debatte an",
			"Vor der Abstimmung warf CDU-Chef Friedrich Merz dem Kanzler vor, das Land in eine Wirtschaftskrise geführt zu haben.",
			5*time.Hour + 40*time.Minute})
	wantPairAlone(t, clusterDatedWriteUps(t, tg, ws), "two German write-ups of Scholz's lost vote 100 minutes apart", "the vote story")
}

// Three Ukrainian outlets' short write-ups of the strike on the Okhmatdyt
// children's hospital within three hours: the third (the volunteers
// clearing the rubble) shares the hospital's name with the story and few
// words with each write-up. Its mean cosine with the two (0.057) is below
// what a shared name within hours asks (nearNamedNeed); its cosine with
// their centroid is not (linkage).
func TestSameLanguageWriteUpJoinsTheCentroidOfTheSameHours(t *testing.T) {
	tg := shippedTagger(t)
	n := len(background)
	ws := append(background[:n:n],
		writeUp{"uk", "Ракета влучила в дитячу лікарню «Охматдит»",
			"Під час масованої ракетної атаки на Київ постраждала найбільша дитяча лікарня країни «Охматдит». Зруйновано корпус токсикології, медиків і пацієнтів евакуюють.",
			4 * time.Hour},
		writeUp{"uk", "Масована атака на Київ: десятки загиблих",
			"Унаслідок ударів по столиці загинули щонайменше 27 людей. Серед загиблих у «Охматдиті» — лікарка. Кличко повідомив про влучання у кількох районах.",
			6*time.Hour + 30*time.Minute},
		writeUp{"uk", "Кияни розбирають завали лікарні разом із рятувальниками",
			"Сотні волонтерів прийшли до «Охматдиту», щоб допомогти розбирати завали. Хворих на рак дітей переводять до інших лікарень.",
			9*time.Hour + 10*time.Minute})
	got := clusterDatedWriteUps(t, tg, ws)
	wantPairAlone(t, got, "the first two Ukrainian write-ups of the Okhmatdyt strike", "the Okhmatdyt story")
	if got[n+2] != got[n] {
		t.Errorf("the third write-up of the Okhmatdyt strike, within three hours of the others, is another story")
	}
}

// A Ukrainian write-up of the Dnipro strike written hours after the first
// shares no word with it ("Дніпрі" and "Дніпро" are two words): only the
// place the tagger found in both. A place shared in the same hours does not
// say which event it is (a football match of that city, the next strike),
// so the write-up starts a story of its own rather than join on the place
// alone; and the strike does not join the football match of the hour
// before, whose kind (sports, conflict) differs. Session 12 tried a join on
// a taxonomy id that no other story of those hours carries and dropped it:
// the rarity is that of the evaluation's quiet windows, and a held-out set
// lost precision with it.
func TestSameLanguageWriteUpDoesNotJoinOnItsPlaceAlone(t *testing.T) {
	tg := shippedTagger(t)
	n := len(background)
	strike := writeUp{"uk", "Ракета влучила в багатоповерхівку в Дніпрі",
		"Російська ракета зруйнувала під'їзд дев'ятиповерхового будинку на Набережній Перемоги. Під завалами перебувають люди, тривають рятувальні роботи.",
		4 * time.Hour}
	mourning := writeUp{"uk", "Дніпро в жалобі: несуть квіти",
		"У місті оголошено дні жалоби. Біля руїн виріс стихійний меморіал.",
		7 * time.Hour}
	match := writeUp{"uk", "Футболісти «Дніпра-1» перемогли у матчі чемпіонату",
		"Команда з Дніпра виграла з рахунком 2:0 на домашньому стадіоні. Вболівальники святкували перемогу.",
		3 * time.Hour}
	got := clusterDatedWriteUps(t, tg, append(background[:n:n], match, strike, mourning))
	if got[n+1] == got[n] {
		t.Errorf("the strike joined the football match of the hour before: both name Dnipro, but their kinds (sports, conflict) differ")
	}
	if got[n+2] == got[n+1] || got[n+2] == got[n] {
		t.Errorf("a write-up naming only Dnipro, and no word of either, joined a story of those hours: %v", got[n:])
	}
}

// The looting in Acapulco the day after Otis, written 26 hours after the
// first report in other words, names what it names (Otis, Acapulco,
// Guerrero): its words (0.20 before the time discount, 0.12 after) fall
// short, its names (0.61) do not, and it joins as a follow-up (followsUp).
// Forty hours later it is no follow-up.
func TestSameLanguageFollowUpNamingTheStorysNamesJoins(t *testing.T) {
	tg := shippedTagger(t)
	n := len(background)
	landfall := writeUp{"es", "El huracán Otis toca tierra en Acapulco como categoría 5",
		"Otis tocó tierra pasada la medianoche cerca de Acapulco, Guerrero, con vientos de 270 kilómetros por hora. Se reportan apagones y la caída de las comunicaciones.",
		4 * time.Hour}
	looting := func(at time.Duration) writeUp {
		return writeUp{"es", "Saqueos en el puerto un día después",
			"Sin agua ni comida desde el paso de Otis, vecinos vaciaron tiendas de autoservicio en Acapulco. Llegan soldados de la Guardia Nacional a Guerrero.",
			at}
	}
	got := clusterDatedWriteUps(t, tg, append(background[:n:n], landfall, looting(30*time.Hour)))
	wantPairAlone(t, got, "the Otis landfall and the looting 26 hours later", "the Otis story")
	got = clusterDatedWriteUps(t, tg, append(background[:n:n], landfall, looting(44*time.Hour)))
	if got[n] == got[n+1] {
		t.Errorf("a write-up 40 hours after the story joined it as a follow-up")
	}
}
