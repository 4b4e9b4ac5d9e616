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
			text: "Бивши југословенски председник Слободан Милошевић пронађен је мртав у ћелији притворске јединице у Шевенингену.",
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
}
