package tag

import (
	"slices"
	"testing"
)

// TestReactionSentences checks the reacted rule (context.yaml, type
// reacted): a country named only in a sentence after the lead that reports
// a reaction is a third party, in English and in the inflecting languages,
// while the subject named in the lead still counts.
func TestReactionSentences(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "en", title: "Parliament votes to join alliance",
			text: "Finland's parliament voted on Tuesday to join the alliance after months of debate. Lawmakers backed the bill by 184 votes to 7. Sweden and Norway welcomed the decision, while Russia and Russian diplomats condemned it.",
			want: []string{"FI"}, notWant: []string{"SE", "NO", "RU"}},
		{name: "ru", title: "Парламент одобрил закон о гражданстве",
			text: "Парламент Латвии одобрил поправки к закону о гражданстве. Депутаты проголосовали во втором чтении. Решение Риги осудили в Москве, МИД России назвал его дискриминацией.",
			want: []string{"LV"}, notWant: []string{"RU"}},
		{name: "cs", title: "Vláda schválila rozpočet",
			text: "Slovenská vláda schválila rozpočet na příští rok. Schodek má klesnout pod tři procenta. Rozhodnutí přivítal Brusel, Maďarsko a maďarská vláda ho kritizovaly.",
			want: []string{"SK"}, notWant: []string{"HU"}},
		// The subject named in the lead keeps its weight there.
		{name: "subject reacts too", title: "Turkey condemns Israeli raid",
			text: "Turkey condemned on Monday an Israeli raid on a Gaza aid convoy. Ankara recalled its ambassador. Turkish officials condemned the raid as piracy.",
			want: []string{"TR", "IL"}},
	})
}

// TestFormerOffices checks the former rule (context.yaml, type former): a
// country named only through a past office ("former Soviet leader") is not
// what the story is about, and a former leader does not bring his country.
func TestFormerOffices(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "en", title: "Gorbachev opens green forum in Kyoto",
			text: "Former Soviet leader Mikhail Gorbachev opened an environmental forum in Kyoto on Monday, urging Japan to cut emissions.",
			want: []string{"JP"}, notWant: []string{"RU"}},
		{name: "ru genitive", title: "Бывший президент СССР выступил в Токио",
			text: "Бывший президент СССР Михаил Горбачев выступил с лекцией в Токийском университете. Премьер-министр Японии пригласил его на ужин.",
			want: []string{"JP"}, notWant: []string{"RU"}},
		{name: "sr", title: "Милошевић преминуо у Шевенингену",
			text:    "Бивши југословенски председник Слободан Милошевић пронађен је мртав у ћелији притворске јединице у Шевенингену.",
			notWant: []string{"RU"}},
		// A sitting leader still brings his country.
		{name: "sitting", title: "Gorbachev meets Reagan",
			text: "Soviet leader Mikhail Gorbachev met President Ronald Reagan in Washington on Tuesday.",
			want: []string{"RU", "US"}},
	})
}

// TestAgencyAndTitleDatelines checks two dateline styles: the agencies'
// "МОСКВА, 12 октября." and a title opened by the town and a colon ("Вена:
// …"), which name the venue, not a subject.
func TestAgencyAndTitleDatelines(t *testing.T) {
	tg := shippedTagger(t)
	r := tg.Tag("Армения и Азербайджан продолжили переговоры",
		"ЖЕНЕВА, 3 марта. Делегации Армении и Азербайджана провели очередной раунд переговоров о мирном договоре. Ереван и Баку обсудили делимитацию границы.")
	if r.Venue != "CH" || slices.Contains(r.Countries, "CH") || !slices.Contains(r.Countries, "AM") {
		t.Errorf("agency dateline: venue %q countries %v, want venue CH, AM and AZ", r.Venue, r.Countries)
	}
	r = tg.Tag("Вена: Иран и США возобновили переговоры",
		"ВЕНА, 29 ноября. Иранская делегация и представители США возобновили переговоры о ядерной сделке. Тегеран требует снять санкции.")
	if r.Venue != "AT" || slices.Contains(r.Countries, "AT") || !slices.Contains(r.Countries, "IR") {
		t.Errorf("title dateline: venue %q countries %v, want venue AT, IR", r.Venue, r.Countries)
	}
	// The dateline's weight is not part of the top score a country's share
	// is taken of (relCut): the other side named in the lead still counts.
	r = tg.Tag("Українські війська увійшли до Херсона",
		"КИЇВ, 11 листопада. Українські військові увійшли до Херсона після відступу російських військ, повідомило Міністерство оборони України. Президент Володимир Зеленський назвав це історичним днем.")
	if !slices.Contains(r.Countries, "RU") || !slices.Contains(r.Countries, "UA") {
		t.Errorf("relative cut: countries %v, want UA and RU", r.Countries)
	}
}

// TestVenuesAndRoutes checks the meeting words of championships and of
// Persian and Slavic case forms, "aboard" (whose craft, not where), the
// sweep's "to the", and Holland as a surname.
func TestVenuesAndRoutes(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "championship host", title: "Кошаркаши Србије победили Грчку",
			text: "Репрезентација Србије победила је Грчку у полуфиналу Светског првенства у Манили. Богдановић је постигао 24 поена.",
			want: []string{"RS", "GR"}, notWant: []string{"PH"}},
		{name: "ru accusative meeting", title: "Армения и Азербайджан завершили переговоры",
			text: "Лидеры Армении и Азербайджана завершили встречу в Праге без подписания документа. Стороны договорились продолжить переговоры.",
			want: []string{"AM", "AZ"}, notWant: []string{"CZ"}},
		{name: "fa meeting", title: "توافق اتمی",
			text: "ایران و آمریکا پس از دو سال مذاکره در وین به توافق رسیدند. تهران گفت تحریم باید لغو شود.",
			want: []string{"IR"}, notWant: []string{"AT"}},
		{name: "aboard", title: "President flees palace",
			text: "President Ferdinand Marcos fled the Philippines tonight aboard U.S. Air Force helicopters, ending 20 years of rule.",
			want: []string{"PH"}, notWant: []string{"US"}},
		{name: "sweep to the", title: "Businessman extradited",
			text: "Venezuelan businessman Alex Saab was flown from Cape Verde to the United States on Saturday, Venezuela's government said.",
			want: []string{"VE"}, notWant: []string{"CV"}},
		{name: "surname", title: "Actor returns to the stage",
			text:    "Spider-Man star Tom Holland returned to the stage on Thursday as Romeo in a new production.",
			notWant: []string{"NL"}},
	})
}
