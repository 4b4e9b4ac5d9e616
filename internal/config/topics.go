package config

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/rule"
)

func validateTopics(topics []Topic, nodes []entryNode, tax *TaxonomyIndex, srcs []Source, ps *Problems) {
	sources := map[string]bool{}
	for _, s := range srcs {
		sources[s.ID] = true
	}
	seen := map[string]Pos{}
	for i, t := range topics {
		n := nodeAt(nodes, i)
		checkID(ps, seen, topicSlug, t.Slug, t.Pos, pick(n.key("slug"), t.Pos), t.Pos)
		if t.Title == "" {
			ps.add(t.Pos, "topic %q has no title", t.Slug)
		}
		switch t.Unit {
		case "", "story", "article":
		default:
			ps.add(pick(n.key("unit"), t.Pos), "topic %q: unit must be story or article, got %q", t.Slug, t.Unit)
		}
		validateTopicOutput(t, n, ps)
		if t.Limit < 0 {
			ps.add(pick(n.key("limit"), t.Pos), "topic %q: limit must not be negative", t.Slug)
		}
		if t.Match == "" {
			ps.add(t.Pos, "topic %q has no match rule", t.Slug)
			continue
		}
		for _, p := range RuleProblems(t.Match, tax, sources) {
			ps.add(matchPos(t, n, p.Offset), "topic %q: %s", t.Slug, p.Msg)
		}
	}
}

// matchPos places a byte offset of a topic's rule in the file. With the
// file's text at hand it accounts for quotes, escapes and folded lines;
// otherwise it counts characters from the start of the value.
func matchPos(t Topic, n entryNode, off int) Pos {
	if n.f != nil {
		if m, _ := child(n.n, "match"); m != nil {
			return n.f.valuePos(m, off)
		}
	}
	pos := t.MatchPos
	if pos.Line == 0 {
		return t.Pos
	}
	if off > len(t.Match) {
		off = len(t.Match)
	}
	pos.Col += utf8.RuneCountInString(t.Match[:off])
	return pos
}

// RuleProblem is one problem of a topic rule, at a byte offset of the rule text.
type RuleProblem struct {
	Offset int
	Msg    string
}

// String formats the problem as "col N: message" (N counts from 1).
func (p RuleProblem) String() string { return fmt.Sprintf("col %d: %s", p.Offset+1, p.Msg) }

// RuleProblems parses a rule and checks that every tag it names exists; it
// returns nothing for a good rule. Offsets are byte offsets in the rule text.
func RuleProblems(match string, tax *TaxonomyIndex, sources map[string]bool) []RuleProblem {
	expr, err := rule.Parse(match)
	if err != nil {
		var re *rule.Error
		if errors.As(err, &re) {
			return []RuleProblem{{re.Offset, re.Msg}}
		}
		return []RuleProblem{{0, err.Error()}}
	}
	var out []RuleProblem
	for _, a := range rule.Atoms(expr) {
		msg := ""
		switch a.Kind {
		case rule.KindSource:
			if !sources[a.Value] {
				names := make([]string, 0, len(sources))
				for s := range sources {
					names = append(names, s)
				}
				msg = fmt.Sprintf("rule names unknown source %q", a.Value)
				if s := suggest(a.Value, names); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
			}
		case rule.KindLang:
			if !langRe.MatchString(a.Value) {
				msg = fmt.Sprintf("lang:%s is not a language code such as en, ar, zh", a.Value)
			}
		case rule.KindRegion, rule.KindCountry, rule.KindVenue, rule.KindPlace, rule.KindActor, rule.KindTopic:
			e := tax.Lookup(a.Value)
			switch {
			case e == nil:
				msg = fmt.Sprintf("rule names unknown %s %q%s", a.Kind, a.Value, didYouMean(a.Value, tax, candidatesFor(a.Kind, tax)))
			case a.Kind == rule.KindRegion && !isGeo(e.Kind), a.Kind == rule.KindPlace && !isGeo(e.Kind), a.Kind == rule.KindVenue && !isGeo(e.Kind):
				msg = fmt.Sprintf("rule: %q is a %s, not a region, country or place", a.Value, e.Kind)
			case a.Kind == rule.KindCountry && e.Kind != "country",
				a.Kind == rule.KindActor && e.Kind != "actor",
				a.Kind == rule.KindTopic && e.Kind != "topic":
				msg = fmt.Sprintf("rule: %q is a %s, not a %s", a.Value, e.Kind, a.Kind)
			}
		}
		if msg != "" {
			out = append(out, RuleProblem{a.Offset, msg})
		}
	}
	return out
}

// candidatesFor lists the ids a rule atom of the given kind may name, so that
// "topic:diplomcy" suggests the topic, not a similarly spelled place.
func candidatesFor(kind string, tax *TaxonomyIndex) []string {
	switch kind {
	case rule.KindRegion, rule.KindPlace, rule.KindVenue:
		return tax.ids("region", "country", "place")
	default:
		return tax.ids(kind)
	}
}
