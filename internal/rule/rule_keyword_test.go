package rule

import "testing"

func TestKeywordsFoldLikeFTS(t *testing.T) {
	text := NewText("Envoys opened CLIMATE-talks in Bakú; «peace talks» resumed. 停火谈判")
	for phrase, want := range map[string]bool{
		"climate talks": true, "Climate Talks": true, "climate-talks": true, "peace talks": true,
		"talks peace": false, "Baku": true, "climate": true, "limate": false, "停火谈判": true, "": false, "  ": false,
	} {
		if got := text.Has(KeywordKey(phrase)); got != want {
			t.Errorf("Has(%q) = %v, want %v", phrase, got, want)
		}
	}
	e, _ := Parse(`keyword:"Climate talks" OR "climate-talks" OR (topic:x AND "Peace Talks")`)
	if ks := Keywords(e); len(ks) != 2 || ks[0] != "climate_talks" || ks[1] != "peace_talks" {
		t.Errorf("Keywords = %v", ks)
	}
}
