package tag

import "testing"

// TestAnsweringClause checks the headline rule of titleclause.go: the
// country that opens a later clause of the title holding an aid or reaction
// stem answered the story, and does not count when the text names it only
// as a sender; the first clause, and a headline that is one clause, keep
// their countries.
func TestAnsweringClause(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "en", title: "Flood kills dozens in northern Albania; Greece sends rescuers",
			text: "TIRANA - Floods in the north of Albania killed at least 40 people on Sunday. Greece offered rescue teams and helicopters.",
			want: []string{"AL"}, notWant: []string{"GR"}},
		{name: "it, article before the name", title: "Alluvione in Albania, la Grecia invia i soccorritori",
			text: "TIRANA - Le piogge hanno ucciso almeno 40 persone nel nord dell'Albania. Dalla Grecia sono arrivate squadre di soccorso.",
			want: []string{"AL"}, notWant: []string{"GR"}},
		{name: "ja, full-width comma", title: "アルバニアで洪水、ギリシャの救助隊が現地入り",
			text: "【ティラナ共同】アルバニア北部で洪水が起き、少なくとも40人が死亡した。ギリシャの救助隊が捜索を続けている。",
			want: []string{"AL"}, notWant: []string{"GR"}},
		// One clause: the reaction is the story.
		{name: "one clause", title: "Greece condemns Turkish drilling off Cyprus",
			text: "ATHENS - Greece condemned on Monday Turkey's drilling off Cyprus as illegal.",
			want: []string{"GR", "TR", "CY"}},
	})
}
