package tag

import "testing"

// TestMediators checks the mediator phrases (context.yaml,
// context-mediators): who brokered a truce is not a party to it, and a name
// after a comma that follows a list closed by "and" is not in that list
// (listHead), so the parties named there still count.
func TestMediators(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "en list, party after the comma", title: "Truce holds in Sudan",
			text: "The army and the Rapid Support Forces in Sudan agreed to a week-long truce mediated by Kenya and Ethiopia, Sudanese officials said on Monday.",
			want: []string{"SD"}, notWant: []string{"KE", "ET"}},
		{name: "en, the party only after the comma", title: "Captives freed",
			text: "Hamas freed 13 captives in Gaza under a deal brokered by Qatar and Egypt, Israeli officials said on Friday.",
			want: []string{"IL"}, notWant: []string{"QA", "EG"}},
		{name: "de", title: "Waffenruhe im Sudan",
			text: "Armee und Milizen im Sudan haben unter Vermittlung von Kenia eine Waffenruhe vereinbart, die eine Woche gelten soll.",
			want: []string{"SD"}, notWant: []string{"KE"}},
		{name: "he", title: "הפסקת אש בסודן",
			text: "הצבא והמיליציות בסודן הסכימו על הפסקת אש בתיווך קניה, כך נמסר הערב.",
			want: []string{"SD"}, notWant: []string{"KE"}},
	})
}
