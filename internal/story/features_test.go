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

// TestNumbersWrittenInOtherConventions: the magnitude and the toll of one
// event, written with the decimal comma and the thousands point or space of
// other languages, are the numbers an English write-up gives; a year
// before a count, a sentence's last number and a decimal of three places
// are not joined into one number.
func TestNumbersWrittenInOtherConventions(t *testing.T) {
	numbers := func(s string) map[feature]bool {
		got := counts{}
		addText(s, 1, 0, got)
		out := map[feature]bool{}
		for k := range got {
			if k.kind() == kindNumber {
				out[k] = true
			}
		}
		return out
	}
	one := func(s string) feature {
		ns := numbers(s)
		if len(ns) != 1 {
			t.Fatalf("%q gives %d numbers, want 1", s, len(ns))
		}
		for k := range ns {
			return k
		}
		return 0
	}
	for want, forms := range map[string][]string{
		"7.8":     {"magnitude 7,8", "Stärke 7,8", "٧٫٨ درجات"},
		"2,500":   {"2.500 heridos", "2 500 blessés", "2\u00a0500 blessés", "٢٬٥٠٠ جريح"},
		"100,000": {"100 000 morts", "100.000 muertos"},
		"1,200.5": {"1.200,5 km"},
	} {
		w := one(want)
		for _, s := range forms {
			if one(s) != w {
				t.Errorf("%q is not the number %s", s, want)
			}
		}
	}
	for s, n := range map[string]int{"in 1985 300 people died": 2, "killed 49. 50 more": 2, "Resolution 2231 was adopted": 1} {
		if got := len(numbers(s)); got != n {
			t.Errorf("%q gives %d numbers, want %d", s, got, n)
		}
	}
}
