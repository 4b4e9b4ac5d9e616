package rule

import (
	"strconv"
	"strings"
	"testing"
)

// facts is a story as a rule sees it: tags by kind, text, outlet count.
type facts struct {
	tags    map[string][]string
	text    string
	outlets int
}

func (f facts) Has(kind, value string) bool {
	for _, v := range f.tags[kind] {
		if v == value {
			return true
		}
	}
	return false
}

func (f facts) Contains(phrase string) bool {
	return strings.Contains(strings.ToLower(f.text), strings.ToLower(phrase))
}

func (f facts) Outlets() int { return f.outlets }

// The seed story: Syria diplomacy, rolled up to the Levant and Middle East,
// carried by two outlets.
var syriaTalks = facts{
	tags: map[string][]string{
		"region":  {"syria", "levant", "middle-east", "idlib"},
		"country": {"SY", "RU", "TR"},
		"venue":   {"LB"},
		"place":   {"idlib"},
		"actor":   {"vladimir-putin", "recep-tayyip-erdogan"},
		"topic":   {"diplomacy", "arms"},
		"source":  {"world-wire", "levant-monitor"},
		"lang":    {"en"},
	},
	text:    "Russia's blitz diplomacy: safe zones and peace talks in Astana",
	outlets: 2,
}

var sahelAttack = facts{
	tags: map[string][]string{
		"region":  {"burkina-faso", "sahel", "africa"},
		"country": {"BF"},
		"topic":   {"conflict", "terrorism"},
		"source":  {"africa-dispatch"},
		"lang":    {"fr"},
	},
	text:    "Gunmen attack army post near Djibouti-bound convoy",
	outlets: 1,
}

func TestEval(t *testing.T) {
	for _, tc := range []struct {
		rule        string
		syria, sahl bool
	}{
		{"region:syria AND topic:diplomacy", true, false},
		{"region:middle-east", true, false},
		{"region:SYRIA and TOPIC:Diplomacy", true, false},
		{"country:SY", true, false},
		{"venue:LB AND NOT country:LB", true, false},
		{"venue:SY", false, false},
		{"place:idlib", true, false},
		{"actor:vladimir-putin && !topic:conflict", true, false},
		{"topic:conflict OR topic:diplomacy", true, true},
		{"NOT region:middle-east", false, true},
		{"not not region:sahel", false, true},
		{"region:sahel OR region:syria AND topic:conflict", false, true}, // AND binds tighter
		{"(region:sahel OR region:syria) AND topic:conflict", false, true},
		{"(region:sahel OR region:syria) AND topic:diplomacy", true, false},
		{"region:syria AND topic:diplomacy OR region:sahel AND topic:terrorism", true, true},
		{`"peace talks"`, true, false},
		{`keyword:"PEACE TALKS" AND outlets>=2`, true, false},
		{"keyword:astana", true, false},
		{"outlets>=1", true, true},
		{"outlets>=3", false, false},
		{"source:africa-dispatch || source:world-wire", true, true},
		{"lang:fr", false, true},
		{"language:en", true, false},
		{"!(topic:arms || topic:terrorism)", false, false},
	} {
		expr, err := Parse(tc.rule)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.rule, err)
			continue
		}
		if got := expr.Eval(syriaTalks); got != tc.syria {
			t.Errorf("%q on the Syria story = %v, want %v (parsed as %s)", tc.rule, got, tc.syria, expr)
		}
		if got := expr.Eval(sahelAttack); got != tc.sahl {
			t.Errorf("%q on the Sahel story = %v, want %v (parsed as %s)", tc.rule, got, tc.sahl, expr)
		}
	}
}

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"region:Syria AND topic:diplomacy":        "(region:syria AND topic:diplomacy)",
		"a:b":                                     "", // unknown kind: an error, see TestParseErrors
		`"peace talks" OR country:SY`:             `(keyword:"peace talks" OR country:SY)`,
		"not (x:y)":                               "",
		"region:a OR region:b AND NOT region:c":   "(region:a OR (region:b AND NOT region:c))",
		"outlets>=02 && lang:EN":                  "(outlets>=2 AND lang:en)",
		`keyword:"  spaced  phrase " || actor:un`: `(keyword:"spaced  phrase" OR actor:un)`,
	} {
		expr, err := Parse(in)
		if want == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %s, want an error", in, expr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if got := expr.String(); got != want {
			t.Errorf("Parse(%q).String() = %s, want %s", in, got, want)
		}
		// The printed form parses back to the same thing.
		again, err := Parse(expr.String())
		if err != nil || again.String() != want {
			t.Errorf("round trip of %q: %v, %v", want, again, err)
		}
	}
}

func TestAtoms(t *testing.T) {
	expr, err := Parse(`(region:syria OR country:TR) AND NOT "ceasefire talks" AND outlets>=2`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range Atoms(expr) {
		got = append(got, a.Kind+"="+a.Value+"@"+strconv.Itoa(a.Offset))
	}
	want := "region=syria@1 country=TR@17 keyword=ceasefire talks@37 outlets=2@59"
	if strings.Join(got, " ") != want {
		t.Errorf("atoms %q, want %q", strings.Join(got, " "), want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		rule   string
		offset int
		msg    string
	}{
		{"", 0, "empty rule"},
		{"   ", 0, "empty rule"},
		{"region:syria AND", 16, "rule ends too early"},
		{"region:syria AND (topic:diplomacy", 17, "unclosed parenthesis"},
		{"region:syria)", 12, `unexpected ")"`},
		{"region:syria topic:diplomacy", 13, `unexpected "topic:diplomacy"`},
		{"region:syria AND AND topic:x", 17, `unexpected "AND"`},
		{"regoin:syria", 0, `unknown rule kind "regoin" (want region, country, venue, place, actor, topic, source, lang, keyword or outlets>=N)`},
		{"region:syria OR syria", 16, `"syria" is not kind:value (e.g. region:syria, topic:diplomacy) or a quoted phrase`},
		{`keyword:"peace talks`, 8, "unterminated quoted phrase"},
		{`topic:x AND ""`, 12, "empty quoted phrase"},
		{"outlets>=0", 0, `outlets>= needs a positive number, got "0"`},
		{"outlets>=many", 0, `outlets>= needs a positive number, got "many"`},
		{"region:", 0, "region: needs a value"},
		{"()", 1, `unexpected ")"`},
		{"topic:x OR ()", 12, `unexpected ")"`},
	} {
		_, err := Parse(tc.rule)
		re, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) error = %v, want a *rule.Error", tc.rule, err)
			continue
		}
		if re.Offset != tc.offset || re.Msg != tc.msg {
			t.Errorf("Parse(%q) error at %d %q, want at %d %q", tc.rule, re.Offset, re.Msg, tc.offset, tc.msg)
		}
		if want := "rule: col "; !strings.HasPrefix(re.Error(), want) {
			t.Errorf("Error() = %q, want prefix %q", re.Error(), want)
		}
	}
}

func BenchmarkParseEval(b *testing.B) {
	const src = `(region:middle-east OR actor:hezbollah) AND (topic:diplomacy OR topic:conflict) AND NOT "football" AND outlets>=2`
	for i := 0; i < b.N; i++ {
		expr, err := Parse(src)
		if err != nil {
			b.Fatal(err)
		}
		expr.Eval(syriaTalks)
	}
}
