package story

import "testing"

// TestDigitsOfOtherScriptsAreNumbers: a toll written in Arabic-Indic,
// Persian or Devanagari digits is the number an English write-up gives in
// ASCII ones, so it is a signal the two share across languages.
func TestDigitsOfOtherScriptsAreNumbers(t *testing.T) {
	en := counts{}
	addText("38 killed, 1,200 injured", 1, 0, en)
	for _, s := range []string{"٣٨ قتيلا و١٬٢٠٠ جريح", "۳۸ کشته", "३८ की मौत"} {
		got := counts{}
		addText(s, 1, 0, got)
		n := 0
		for k := range got {
			if k.kind() == kindNumber {
				n++
				if en[k] == 0 {
					t.Errorf("%q: a number the English write-up does not have", s)
				}
			}
		}
		if n == 0 {
			t.Errorf("%q gives no number", s)
		}
	}
	for r, want := range map[rune]byte{'٠': '0', '٩': '9', '۴': '4', '७': '7', '𝟗': '9', '𝟬': '0'} {
		if d, ok := asciiDigit(r); !ok || d != want {
			t.Errorf("asciiDigit(%q) = %q, %v; want %q", r, d, ok, want)
		}
	}
	if _, ok := asciiDigit('a'); ok {
		t.Error("asciiDigit('a') is a digit")
	}
}
