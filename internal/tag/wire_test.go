package tag

import (
	"slices"
	"testing"
)

// TestWireCopyPrecision checks the rules for wire copy that names places it
// is not about (docs/taxonomy.md, "Wire copy"): each case fails without its
// rule.
func TestWireCopyPrecision(t *testing.T) {
	checkContextCases(t, []contextCase{
		// Markets and capitals: cities as the market quoted or where
		// someone spoke (market.go).
		{name: "market list", title: "Dollar steady before holiday",
			text:    "Dealers said the dollar would be volatile if the London and New York exchanges close early on Friday.",
			notWant: []string{"GB", "US"}},
		{name: "market traders", title: "India buys white sugar at tender",
			text:    "India bought about 100,000 tonnes of white sugar at a tender on Tuesday for March shipment. London traders said the price was firm.",
			want:    []string{"IN"},
			notWant: []string{"GB"}},
		{name: "said in", title: "World Bank launches eurobond",
			text:    "The World Bank launched a 200 mln Australian dlr bond, lead manager Hambros said in London.",
			notWant: []string{"GB", "AU"}},
		// Currencies as the unit of a debt (currency.go).
		{name: "currency instrument", title: "HUNGARY TO CONVERT SWISS FRANC MORTGAGES INTO FORINTS",
			text:    "BUDAPEST, Sept 9 (Reuters) - Hungary will convert Swiss franc mortgages into forints, the economy minister said.",
			want:    []string{"HU"},
			notWant: []string{"CH"}},
		// Institutions named after places (markets.yaml).
		{name: "exchange", title: "Tokyo Stock Exchange extends trading hours",
			text:    "The Tokyo Stock Exchange will extend trading hours from November, the bourse said.",
			notWant: []string{"JP"}},
		// Food and brands (phrases.yaml).
		{name: "food", title: "McDonald's limits French fries to small size",
			text:    "McDonald's said it would sell only small portions of French fries because of a potato shortage.",
			notWant: []string{"FR"}},
		{name: "sweets", title: "Shoppers snap up Turkish delight",
			text:    "Shoppers snapped up Turkish delight and mince pies as Christmas sales rose, retailers said.",
			notWant: []string{"TR"}},
		// A summit named as a body does not tag its members.
		{name: "summit", title: "G-7 discusses currencies",
			text:    "Finance ministers of the G-7 discussed currency stability on Saturday, officials said.",
			notWant: []string{"US", "JP", "DE", "FR", "GB", "IT", "CA"}},
		// The subject still counts.
		{name: "currency subject", title: "Swiss franc hits record",
			text: "ZURICH (Reuters) - The Swiss franc rose to a record against the euro on Tuesday as investors sought safety in Switzerland.",
			want: []string{"CH"}},
		{name: "city subject", title: "Floods hit London",
			text: "Floods hit London on Tuesday and the British government promised aid.",
			want: []string{"GB"}},
	})
	tg := shippedTagger(t)
	r := tg.Tag("Tokyo Stock Exchange extends trading hours", "The Tokyo Stock Exchange will extend trading hours from November.")
	if !slices.Contains(r.Actors, "tokyo-stock-exchange") {
		t.Errorf("actors %v, want tokyo-stock-exchange", r.Actors)
	}
	// "Bank of England" is a topic word (economy) and an actor: the place
	// inside it is not England, and a passing mention deep in the text does
	// not tag Britain; the bank as the subject does.
	r = tg.Tag("Dollar firm in Asian trade", "TOKYO (Reuters) - The dollar was firm against the yen in Asian trade on Tuesday. "+
		"Dealers said markets were waiting for a Bank of England rate decision later in the week.")
	if slices.Contains(r.Places, "england") {
		t.Errorf("Bank of England: places %v, the bank is not the place England", r.Places)
	}
	r = tg.Tag("Dollar firm in Asian trade", "TOKYO (Reuters) - The dollar was firm against the yen in Asian trade on Tuesday. "+
		"Dealers said volumes were thin ahead of U.S. jobs data. Volumes were thin. Some traders waited for the Bank of England.")
	if slices.Contains(r.Countries, "GB") {
		t.Errorf("passing Bank of England: countries %v, want no GB", r.Countries)
	}
	r = tg.Tag("Bank of England raises rates", "The Bank of England raised its key interest rate by a quarter point on Thursday, citing inflation.")
	if !slices.Contains(r.Countries, "GB") || !slices.Contains(r.Actors, "bank-of-england") {
		t.Errorf("Bank of England as the subject: countries %v, actors %v, want GB and bank-of-england", r.Countries, r.Actors)
	}
}
