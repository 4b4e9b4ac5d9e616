// Package rule parses and evaluates topic rules, the small boolean language that
// decides which stories a topic feed publishes:
//
//	region:syria AND topic:diplomacy
//	(country:IR OR actor:hezbollah) AND NOT topic:sports
//	keyword:"peace talks" AND outlets>=2
//
// Atoms are kind:value pairs (region, country, venue, place, actor, topic, source, lang,
// keyword), a bare quoted phrase (a keyword), or outlets>=N (minimum number of
// distinct outlets in the story). AND binds tighter than OR; NOT binds tightest;
// parentheses group. Operators are case-insensitive; && || ! work too.
package rule

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Atom kinds a rule may name.
const (
	KindRegion  = "region"
	KindCountry = "country"
	// KindVenue is the dateline's country (venue:gb), apart from the
	// countries the story is about.
	KindVenue   = "venue"
	KindPlace   = "place"
	KindActor   = "actor"
	KindTopic   = "topic"
	KindSource  = "source"
	KindLang    = "lang"
	KindKeyword = "keyword"
	KindOutlets = "outlets"
)

var atomKinds = map[string]bool{
	KindRegion: true, KindCountry: true, KindVenue: true, KindPlace: true, KindActor: true, KindTopic: true,
	KindSource: true, KindLang: true, KindKeyword: true, "language": true,
}

// Facts is what a rule is evaluated against: one story (or article).
type Facts interface {
	// Has reports whether the story carries value under kind (region, country,
	// venue, place, actor, topic, source, lang). Region checks include roll-up.
	Has(kind, value string) bool
	// Contains reports whether the story's text contains the phrase.
	Contains(phrase string) bool
	// Outlets is the number of distinct sources that carried the story.
	Outlets() int
}

// Expr is a parsed rule.
type Expr interface {
	Eval(f Facts) bool
	String() string
}

// Atom is a leaf of a rule: kind:value.
type Atom struct {
	Kind   string
	Value  string
	Offset int // byte offset of the atom in the rule text, for error positions
}

// Eval implements Expr.
func (a *Atom) Eval(f Facts) bool {
	switch a.Kind {
	case KindKeyword:
		return f.Contains(a.Value)
	case KindOutlets:
		n, _ := strconv.Atoi(a.Value)
		return f.Outlets() >= n
	}
	return f.Has(a.Kind, a.Value)
}

func (a *Atom) String() string {
	switch a.Kind {
	case KindKeyword:
		// A phrase cannot contain a double quote (the lexer ends it there), so
		// quoting it verbatim round-trips; strconv.Quote's escapes would not.
		return `keyword:"` + a.Value + `"`
	case KindOutlets:
		return "outlets>=" + a.Value
	}
	if strings.ContainsAny(a.Value, " \t\r\n()!\":") || strings.Contains(a.Value, "&&") || strings.Contains(a.Value, "||") {
		return a.Kind + `:"` + a.Value + `"`
	}
	return a.Kind + ":" + a.Value
}

type notExpr struct{ x Expr }

func (n *notExpr) Eval(f Facts) bool { return !n.x.Eval(f) }
func (n *notExpr) String() string    { return "NOT " + n.x.String() }

// binExpr is a run of operands joined by the same operator: "a AND b AND c"
// is one node with three operands, not a chain two deep, so a long rule costs
// no depth when it is evaluated, printed or parsed again.
type binExpr struct {
	and bool
	xs  []Expr
}

func (b *binExpr) Eval(f Facts) bool {
	for _, x := range b.xs {
		if x.Eval(f) != b.and {
			return !b.and
		}
	}
	return b.and
}

func (b *binExpr) String() string {
	op := " OR "
	if b.and {
		op = " AND "
	}
	parts := make([]string, len(b.xs))
	for i, x := range b.xs {
		parts[i] = x.String()
	}
	return "(" + strings.Join(parts, op) + ")"
}

// Atoms returns every atom of the expression, in order, for validation.
func Atoms(e Expr) []*Atom {
	var out []*Atom
	var walk func(Expr)
	walk = func(e Expr) {
		switch x := e.(type) {
		case *Atom:
			out = append(out, x)
		case *notExpr:
			walk(x.x)
		case *binExpr:
			for _, y := range x.xs {
				walk(y)
			}
		}
	}
	walk(e)
	return out
}

// Error is a parse error at a byte offset of the rule text.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("rule: col %d: %s", e.Offset+1, e.Msg) }

// Limits on a rule, so that no text an editor (or a hostile file) writes can
// exhaust the parser's stack or the daemon's memory. Real rules are a few
// hundred bytes and three or four levels deep.
const (
	// MaxLength is the longest rule text, in bytes.
	MaxLength = 16 << 10
	// MaxDepth is the deepest nesting: parentheses and NOTs while parsing,
	// and operators (AND/OR runs, NOT) on any path of the parsed rule, which
	// is also the nesting of its printed form.
	MaxDepth = 32
)

// Parse parses a rule expression. Rules longer than MaxLength or nested
// deeper than MaxDepth are errors, found before they can cost stack or memory.
func Parse(s string) (Expr, error) {
	if len(s) > MaxLength {
		return nil, &Error{MaxLength, fmt.Sprintf("rule is %d bytes long; at most %d are allowed", len(s), MaxLength)}
	}
	p := &parser{src: s}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if len(p.toks) == 0 {
		return nil, &Error{0, "empty rule"}
	}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, &Error{t.off, fmt.Sprintf("unexpected %q", t.text)}
	}
	if d, at := depth(e); d > MaxDepth {
		return nil, &Error{at, fmt.Sprintf("rule is nested %d deep; at most %d levels are allowed", d, MaxDepth)}
	}
	return e, nil
}

// depth returns the number of operator nodes on the longest path of e and the
// offset of the atom at its end. The parser bounds the recursion.
func depth(e Expr) (int, int) {
	switch x := e.(type) {
	case *Atom:
		return 0, x.Offset
	case *notExpr:
		d, at := depth(x.x)
		return d + 1, at
	case *binExpr:
		best, at := 0, 0
		for i, y := range x.xs {
			if d, off := depth(y); i == 0 || d > best {
				best, at = d, off
			}
		}
		return best + 1, at
	}
	return 0, 0
}

type token struct {
	kind string // "(", ")", "and", "or", "not", "atom"
	text string
	atom *Atom
	off  int
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int // open parentheses and NOTs on the way to the current token
}

func (p *parser) lex() error {
	s := p.src
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			p.toks = append(p.toks, token{kind: string(c), text: string(c), off: i})
			i++
		case c == '!':
			p.toks = append(p.toks, token{kind: "not", text: "!", off: i})
			i++
		case strings.HasPrefix(s[i:], "&&"):
			p.toks = append(p.toks, token{kind: "and", text: "&&", off: i})
			i += 2
		case strings.HasPrefix(s[i:], "||"):
			p.toks = append(p.toks, token{kind: "or", text: "||", off: i})
			i += 2
		case c == '"':
			v, n, err := quoted(s, i)
			if err != nil {
				return err
			}
			p.toks = append(p.toks, token{kind: "atom", text: s[i : i+n], atom: &Atom{Kind: KindKeyword, Value: v, Offset: i}, off: i})
			i += n
		default:
			start := i
			for i < len(s) && !strings.ContainsRune(" \t\r\n()!\"", rune(s[i])) {
				if s[i] == ':' && i+1 < len(s) && s[i+1] == '"' {
					break
				}
				i++
			}
			word := s[start:i]
			if i < len(s) && s[i] == ':' { // kind:"quoted value"
				v, n, err := quoted(s, i+1)
				if err != nil {
					return err
				}
				word += ":"
				i += 1 + n
				a, err := atom(word, v, start)
				if err != nil {
					return err
				}
				p.toks = append(p.toks, token{kind: "atom", text: s[start:i], atom: a, off: start})
				continue
			}
			if word == "" {
				r := []rune(s[i:])[0]
				return &Error{i, fmt.Sprintf("unexpected %q", r)}
			}
			switch strings.ToLower(word) {
			case "and", "or", "not":
				p.toks = append(p.toks, token{kind: strings.ToLower(word), text: word, off: start})
				continue
			}
			a, err := parseAtom(word, start)
			if err != nil {
				return err
			}
			p.toks = append(p.toks, token{kind: "atom", text: word, atom: a, off: start})
		}
	}
	return nil
}

func quoted(s string, i int) (string, int, error) {
	j := strings.IndexByte(s[i+1:], '"')
	if j < 0 {
		return "", 0, &Error{i, "unterminated quoted phrase"}
	}
	v := strings.TrimSpace(s[i+1 : i+1+j])
	if v == "" {
		return "", 0, &Error{i, "empty quoted phrase"}
	}
	return v, j + 2, nil
}

func parseAtom(word string, off int) (*Atom, error) {
	if rest, ok := strings.CutPrefix(strings.ToLower(word), "outlets>="); ok {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			return nil, &Error{off, fmt.Sprintf("outlets>= needs a positive number, got %q", rest)}
		}
		return &Atom{Kind: KindOutlets, Value: strconv.Itoa(n), Offset: off}, nil
	}
	k, v, ok := strings.Cut(word, ":")
	if !ok {
		return nil, &Error{off, fmt.Sprintf("%q is not kind:value (e.g. region:syria, topic:diplomacy) or a quoted phrase", word)}
	}
	return atom(k+":", v, off)
}

func atom(kindColon, value string, off int) (*Atom, error) {
	kind := strings.ToLower(strings.TrimSuffix(kindColon, ":"))
	if !atomKinds[kind] {
		return nil, &Error{off, fmt.Sprintf("unknown rule kind %q (want region, country, venue, place, actor, topic, source, lang, keyword or outlets>=N)", kind)}
	}
	if kind == "language" {
		kind = KindLang
	}
	if kind == KindKeyword {
		value = strings.TrimSpace(value)
	}
	if value == "" || strings.IndexFunc(value, unicode.IsSpace) >= 0 && kind != KindKeyword {
		return nil, &Error{off, fmt.Sprintf("%s: needs a value", kind)}
	}
	if kind != KindKeyword && kind != KindCountry && kind != KindVenue {
		value = strings.ToLower(value)
	}
	return &Atom{Kind: kind, Value: value, Offset: off}, nil
}

func (p *parser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i].kind
	}
	return ""
}

func (p *parser) or() (Expr, error) { return p.run("or", p.and) }

func (p *parser) and() (Expr, error) { return p.run("and", p.unary) }

// run parses operands joined by op into one node (or returns the single
// operand as it is).
func (p *parser) run(op string, operand func() (Expr, error)) (Expr, error) {
	x, err := operand()
	if err != nil {
		return nil, err
	}
	xs := []Expr{x}
	for p.peek() == op {
		p.i++
		y, err := operand()
		if err != nil {
			return nil, err
		}
		xs = append(xs, y)
	}
	if len(xs) == 1 {
		return x, nil
	}
	return &binExpr{and: op == "and", xs: xs}, nil
}

func (p *parser) unary() (Expr, error) {
	if p.i >= len(p.toks) {
		return nil, &Error{len(p.src), "rule ends too early"}
	}
	t := p.toks[p.i]
	if t.kind == "not" || t.kind == "(" {
		if p.depth >= MaxDepth {
			return nil, &Error{t.off, fmt.Sprintf("rule is nested more than %d deep", MaxDepth)}
		}
		p.depth++
		defer func() { p.depth-- }()
	}
	switch t.kind {
	case "not":
		p.i++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &notExpr{x}, nil
	case "(":
		p.i++
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, &Error{t.off, "unclosed parenthesis"}
		}
		p.i++
		return x, nil
	case "atom":
		p.i++
		return t.atom, nil
	}
	return nil, &Error{t.off, fmt.Sprintf("unexpected %q", t.text)}
}
