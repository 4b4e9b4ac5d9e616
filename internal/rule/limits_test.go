package rule

import (
	"errors"
	"strings"
	"testing"
)

// TestParseDeepNestingIsAnError is issue 17's crash: 2,000,000 nested
// parentheses overflowed the parser's stack and killed the daemon. Now any
// depth is a positioned error, found without deep recursion.
func TestParseDeepNestingIsAnError(t *testing.T) {
	for _, n := range []int{MaxDepth + 1, 10_000, 2_000_000} {
		s := strings.Repeat("(", n) + "region:syria" + strings.Repeat(")", n)
		_, err := Parse(s)
		var re *Error
		if !errors.As(err, &re) {
			t.Fatalf("%d levels: want a rule.Error, got %v", n, err)
		}
		if re.Offset < 0 || re.Offset > len(s) {
			t.Fatalf("%d levels: offset %d outside the text", n, re.Offset)
		}
	}
	nots := strings.Repeat("NOT ", 100_000) + "region:syria"
	if _, err := Parse(nots); err == nil {
		t.Fatal("100,000 NOTs parsed")
	}
}

// TestParseDepthLimitIsExact: MaxDepth levels parse, evaluate and print to a
// rule that parses again; one more is refused.
func TestParseDepthLimitIsExact(t *testing.T) {
	var b strings.Builder
	for i := 0; i < MaxDepth; i++ {
		if i%2 == 0 {
			b.WriteString("(topic:sports OR ")
		} else {
			b.WriteString("(topic:arts AND ")
		}
	}
	b.WriteString("region:syria")
	b.WriteString(strings.Repeat(")", MaxDepth))
	e, err := Parse(b.String())
	if err != nil {
		t.Fatalf("%d levels: %v", MaxDepth, err)
	}
	if _, err := Parse(e.String()); err != nil {
		t.Fatalf("printed form %q does not parse: %v", e.String(), err)
	}
	if _, err := Parse("NOT " + b.String()); err == nil {
		t.Fatalf("%d levels parsed", MaxDepth+1)
	}
	// Operators without parentheses nest in the tree too: the check counts
	// them, so that the printed form (which parenthesizes every run) stays
	// within the limit.
	inner := strings.Repeat("(topic:arts AND ", MaxDepth-1) + "(topic:x AND topic:y OR topic:z)" + strings.Repeat(")", MaxDepth-1)
	if _, err := Parse(inner); err == nil {
		t.Fatal("an AND inside an OR at the depth limit parsed")
	}
}

// TestParseLongRuns: a long run of ANDs or ORs is one level, evaluates and
// prints without recursion over its length; past MaxLength it is refused.
func TestParseLongRuns(t *testing.T) {
	atoms := make([]string, 800)
	for i := range atoms {
		atoms[i] = "topic:diplomacy"
	}
	e, err := Parse(strings.Join(atoms, " AND "))
	if err != nil {
		t.Fatal(err)
	}
	if !e.Eval(syriaTalks) || e.Eval(sahelAttack) {
		t.Fatal("a run of 800 ANDs evaluated wrong")
	}
	if d, _ := depth(e); d != 1 {
		t.Fatalf("a run of ANDs is %d deep, want 1", d)
	}
	long := strings.Repeat("topic:diplomacy OR ", MaxLength/19+1) + "topic:arms"
	_, err = Parse(long)
	var re *Error
	if !errors.As(err, &re) || !strings.Contains(re.Msg, "bytes long") {
		t.Fatalf("a %d-byte rule: %v", len(long), err)
	}
}
