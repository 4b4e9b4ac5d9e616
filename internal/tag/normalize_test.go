package tag

import "testing"

func TestNormalize(t *testing.T) {
	ft := newFoldTable()
	cases := []struct{ in, want string }{
		{"Erdoğan", "erdogan"},
		{"ERDOĞAN", "erdogan"},
		{"Turkey’s", "turkey's"},
		{"S-400", "s 400"},
		{"Côte d’Ivoire", "cote d'ivoire"},
		{"East  \n Ghouta", "east ghouta"},
		{"İstanbul", "istanbul"},
		{"Straße", "strasse"},
		{"ＵＳＡ", "usa"},
		{"Україна", "украіна"},
		{"Сирия", "сирия"},
		{"叙利亚", "叙利亚"},
		{"سُورِيَا", "سوريا"},
		{"Ｓｙｒｉａ", "syria"},
		{"a\u00adb", "ab"},
		{"Montre\u0301al", "montreal"},
	}
	for _, c := range cases {
		if got := ft.normalizeString(c.in); got != c.want {
			t.Errorf("normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeOffsets(t *testing.T) {
	ft := newFoldTable()
	s := "Ğü  ẞ-x"
	var nt normText
	ft.normalize(s, &nt)
	if len(nt.orig) != len(nt.b)+1 {
		t.Fatalf("orig has %d entries for %d bytes", len(nt.orig), len(nt.b))
	}
	for i := range nt.b {
		o := nt.orig[i]
		if o < 0 || int(o) >= len(s) {
			t.Fatalf("orig[%d] = %d out of range", i, o)
		}
		if i > 0 && nt.orig[i] < nt.orig[i-1] {
			t.Fatalf("orig not monotone at %d", i)
		}
	}
	if string(nt.b) != "gu ss x" {
		t.Fatalf("got %q", nt.b)
	}
}

func TestSentenceBreaks(t *testing.T) {
	ft := newFoldTable()
	var nt normText
	s := "The U.S. envoy met Gen. Smith. Then he left! 中国。好\nNext"
	ft.normalize(s, &nt)
	var starts []string
	for i, b := range nt.breaks {
		end := len(nt.b)
		if i+1 < len(nt.breaks) {
			end = int(nt.breaks[i+1])
		}
		starts = append(starts, string(nt.b[b:end]))
	}
	want := []string{"the u.s. envoy met gen. smith.", " then he left!", " 中国。", "好", " next"}
	if len(starts) != len(want) {
		t.Fatalf("sentences %q, want %q", starts, want)
	}
	for i := range want {
		if starts[i] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, starts[i], want[i])
		}
	}
}

// TestSentenceBreaksOtherScripts checks the full stops of the scripts that
// have their own (Armenian ։, Ethiopic ።, Urdu ۔, Burmese ။) and the space
// that ends a clause in Thai: without them the whole text is one lead
// sentence.
func TestSentenceBreaksOtherScripts(t *testing.T) {
	ft := newFoldTable()
	for _, c := range []struct {
		s    string
		want int
	}{
		// A final full stop starts an empty last sentence, as 。 does.
		{"Երևանում հանդիպում եղավ։ Մոսկվան հայտարարեց։", 3},
		{"ኢትዮጵያ ስምምነት ተፈራረመች። ቱርክ ገልጻለች።", 3},
		{"پاکستان نے اعلان کیا۔ چین نے کہا۔", 3},
		{"รัฐบาลประกาศลอยตัวค่าเงินบาท นักวิเคราะห์เตือนว่าวิกฤตอาจลุกลาม", 2},
		{"Thai baht ค่าเงินบาท", 1}, // a space between Latin and Thai is no break
	} {
		var nt normText
		ft.normalize(c.s, &nt)
		if got := len(nt.breaks); got != c.want {
			t.Errorf("%q: %d sentences, want %d", c.s, got, c.want)
		}
	}
}

// TestLaterSentenceInOtherScripts checks what the breaks change: a country
// named once in the third sentence of an Armenian or Thai text is a passing
// mention, as it is in English.
func TestLaterSentenceInOtherScripts(t *testing.T) {
	checkContextCases(t, []contextCase{
		{name: "armenian", title: "Սպիտակի երկրաշարժ",
			text:    "Հայաստանի հյուսիսում տեղի ունեցած ավերիչ երկրաշարժի հետևանքով զոհվել է առնվազն 25 հազար մարդ։ Քաղաքը գրեթե ամբողջությամբ ավերված է։ Մոսկվան հայտարարեց, որ օգնություն կուղարկի։",
			want:    []string{"AM"},
			notWant: []string{"RU"}},
		{name: "thai", title: "รัฐบาลประกาศลอยตัวค่าเงินบาท",
			text:    "กระทรวงการคลังและธนาคารแห่งประเทศไทยประกาศเปลี่ยนระบบอัตราแลกเปลี่ยนเป็นแบบลอยตัว ค่าเงินบาทอ่อนค่าลงทันทีกว่าร้อยละ 15 นักวิเคราะห์เตือนว่าวิกฤตอาจลุกลามไปยังมาเลเซีย",
			want:    []string{"TH"},
			notWant: []string{"MY"}},
	})
}
