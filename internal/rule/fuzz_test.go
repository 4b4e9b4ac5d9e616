package rule

import (
	"strings"
	"testing"
)

// FuzzParse checks that any rule text either parses into an expression that
// prints and re-parses to the same expression, or fails with a positioned
// error inside the text — never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"region:syria AND topic:diplomacy",
		`(country:IR OR actor:hezbollah) AND NOT topic:sports`,
		`keyword:"peace talks" && outlets>=2 || !lang:en`,
		`"safe zones"`, "((", "NOT", `source:"bbc world"`, "outlets>=0", "region:", ":x", "a:b c:d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			re, ok := err.(*Error)
			if !ok || re.Offset < 0 || re.Offset > len(s) {
				t.Fatalf("Parse(%q): error %v has no offset inside the text", s, err)
			}
			return
		}
		again, err := Parse(e.String())
		if err != nil {
			t.Fatalf("Parse(%q) printed %q which does not parse: %v", s, e.String(), err)
		}
		if again.String() != e.String() {
			t.Fatalf("round trip changed the rule: %q → %q", e.String(), again.String())
		}
	})
}

// FuzzParseDeep builds rules far deeper and longer than a byte-level fuzzer
// reaches by itself: the input's bytes pick, level by level, an opening
// parenthesis, a NOT, an AND/OR run or an atom, repeated up to reps times.
// Parse must answer every one without a panic or a stack overflow, refuse
// what is past MaxDepth or MaxLength with an offset inside the text, and
// print what it accepts as a rule that parses to the same thing.
func FuzzParseDeep(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, uint16(10))
	f.Add([]byte{0}, uint16(5000))
	f.Add([]byte{1, 1, 0, 2}, uint16(40))
	f.Add([]byte{2, 3, 0}, uint16(600))
	f.Fuzz(func(t *testing.T, shape []byte, reps uint16) {
		if len(shape) == 0 || len(shape) > 64 {
			return
		}
		var b strings.Builder
		open := 0
		for i := 0; i < int(reps); i++ {
			switch shape[i%len(shape)] % 4 {
			case 0:
				b.WriteString("(")
				open++
			case 1:
				b.WriteString("NOT ")
			case 2:
				b.WriteString("topic:a AND ")
			case 3:
				b.WriteString("region:b OR ")
			}
		}
		b.WriteString("country:SY")
		b.WriteString(strings.Repeat(")", open))
		s := b.String()
		e, err := Parse(s)
		if err != nil {
			re, ok := err.(*Error)
			if !ok || re.Offset < 0 || re.Offset > len(s) {
				t.Fatalf("error %v has no offset inside the %d-byte text", err, len(s))
			}
			return
		}
		if len(s) > MaxLength {
			t.Fatalf("a %d-byte rule parsed", len(s))
		}
		if d, _ := depth(e); d > MaxDepth {
			t.Fatalf("a rule %d deep parsed", d)
		}
		again, err := Parse(e.String())
		if err != nil || again.String() != e.String() {
			t.Fatalf("printed form %q does not round-trip: %v", e.String(), err)
		}
	})
}
