package rule

import "testing"

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
