package story

import (
	"testing"
	"time"
)

// soundsOf returns the sound features of a text.
func soundsOf(s string) map[feature]bool {
	c := counts{}
	addText(s, 1, 0, c)
	out := map[feature]bool{}
	for k := range c {
		if k.sounds() {
			out[k] = true
		}
	}
	return out
}

// TestNamesMeetAcrossScriptsByTheirSound: a name in Cyrillic, Greek,
// Arabic, Persian or Hebrew letters has the sound of its Latin spelling;
// two different names do not, and a word that is no name in a script
// with capitals gives none.
func TestNamesMeetAcrossScriptsByTheirSound(t *testing.T) {
	for _, c := range []struct{ latin, other string }{
		{"said President Zelensky", "заявил президент Зеленский"},
		{"said President Zelensky", "заявив президент Зеленського"},
		{"visit of Erdogan", "визит Эрдогана"},
		{"visit of Erdogan", "زيارة أردوغان"},
		{"rally in Butler", "συγκέντρωση στο Μπάτλερ"},
		{"with Putin", "مع بوتين"},
		{"leader Khamenei", "رهبر خامنه\u200cای"},
		{"the Krasnogorsk hall", "в Красногорске"},
		{"said Netanyahu", "אמר נתניהו"},
		{"with Putin", "पुतिन के साथ"},
		{"President Zelensky", "राष्ट्रपति ज़ेलेंस्की"},
		{"said Putin", "বললেন পুতিন"},
		{"Prime Minister Pashinyan", "վարչապետ Փաշինյան"},
		{"President Zelensky", "პრეზიდენტი ზელენსკი"},
	} {
		a, b := soundsOf(c.latin), soundsOf(c.other)
		met := false
		for k := range a {
			met = met || b[k]
		}
		if !met {
			t.Errorf("%q and %q share no sound", c.latin, c.other)
		}
	}
	putin, biden := soundsOf("with Putin"), soundsOf("with Biden")
	for k := range putin {
		if biden[k] {
			t.Error("Putin and Biden sound alike")
		}
	}
	if s := soundsOf("the president said on monday"); len(s) != 0 {
		t.Errorf("lower-case English words give %d sounds", len(s))
	}
	if sk, ok := skeleton("ship"); ok {
		t.Errorf("skeleton(ship) = %q, long enough to count", sk)
	}
	for w, want := range map[string]string{"zelensky": "SLNSK", "tsipras": "SBRS", "khamenei": "KMN", "guterres": "KTRS", "putin": "BTN", "biden": "BDN"} {
		if sk, _ := skeleton(w); sk != want {
			t.Errorf("skeleton(%q) = %q, want %q", w, sk, want)
		}
	}
}

// TestCrossScriptWriteUpsJoinBySound: the English, Arabic and Russian
// write-ups of the Crocus City Hall attack join, on the places the tagger
// finds and the sounds of the names it does not know; the Arabic and Russian
// write-ups of the Derna floods in the same window stay apart from them.
func TestCrossScriptWriteUpsJoinBySound(t *testing.T) {
	tg := shippedTagger(t)
	ws := append(background[:len(background):len(background)],
		writeUp{"en", "Gunmen kill dozens at Crocus City Hall concert venue near Moscow",
			"MOSCOW (Reuters) - Gunmen in combat fatigues opened fire at the Crocus City Hall concert hall in Krasnogorsk on the edge of Moscow on Friday, killing at least 40 people and setting the building ablaze. Islamic State claimed responsibility.", 4 * time.Hour},
		writeUp{"ru", "Стрельба и пожар в «Крокус Сити Холле» в Красногорске",
			"Неизвестные в камуфляже открыли стрельбу в концертном зале «Крокус Сити Холл» в Красногорске, после чего в здании начался пожар. Есть погибшие и раненые.", 5 * time.Hour},
		writeUp{"ar", "كارثة في درنة: انهيار سدين وآلاف المفقودين بسبب العاصفة دانيال",
			"أعلن مسؤولون في شرق ليبيا أن آلاف الأشخاص يُخشى أنهم لقوا حتفهم في مدينة درنة بعد انهيار سدين بفعل السيول التي جلبتها العاصفة دانيال.", 5 * time.Hour},
		writeUp{"ar", "هجوم على قاعة كروكوس سيتي هول في كراسنوغورسك قرب موسكو",
			"قتل ٤٠ شخصا على الأقل في هجوم مسلح على قاعة الحفلات كروكوس سيتي هول في كراسنوغورسك قرب موسكو، وتبنى تنظيم الدولة الإسلامية الهجوم.", 6 * time.Hour})
	got := clusterWriteUps(t, tg, ws)
	n := len(background)
	if got[n+1] != got[n] || got[n+3] != got[n] {
		t.Errorf("the English, Russian and Arabic write-ups of the Crocus attack are not one story: %v", got[n:])
	}
	if got[n+2] == got[n] {
		t.Errorf("the Derna floods joined the Crocus attack")
	}
}

// TestEachLetterHasOneSoundClass: a rune listed in two classes would take
// whichever the map is read last in, a different skeleton from one process
// to the next (the nukta once was in four Devanagari classes).
func TestEachLetterHasOneSoundClass(t *testing.T) {
	seen := map[rune]byte{}
	for _, script := range consonantClasses() {
		for class, runes := range script {
			for _, r := range runes {
				if was, ok := seen[r]; ok && was != class {
					t.Errorf("%q (%U) is in classes %c and %c", r, r, was, class)
				}
				seen[r] = class
			}
		}
	}
}
