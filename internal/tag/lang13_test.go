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

// TestFormerCJK checks formerCJK: a country written between 前 or 元 and an
// office is a past office, not the subject; 前 without the office (日前,
// "a few days ago") leaves the country counted.
func TestFormerCJK(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "zh", title: "前丹麦首相以北约秘书长身份访问基辅",
			text: "北约秘书长在基辅会见乌克兰总统，承诺继续提供支持。",
			want: []string{"UA"}, notWant: []string{"DK"}},
		{name: "ja", title: "元デンマーク首相、NATO事務総長としてキーウ訪問",
			text: "北大西洋条約機構の事務総長はキーウでウクライナの大統領と会談した。",
			want: []string{"UA"}, notWant: []string{"DK"}},
		{name: "zh, 前 without an office", title: "日前丹麦宣布增加军费",
			text: "日前丹麦政府宣布将国防预算提高到国内生产总值的百分之三。",
			want: []string{"DK"}},
	})
}
