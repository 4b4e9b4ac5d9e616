package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/intlwire/aggregator/internal/rule"
	"github.com/robfig/cron/v3"
)

var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// scheduleParser accepts standard 5-field cron specs and descriptors such as
// "@every 10m" and "@hourly", the same parser the scheduler uses.
var scheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a cron spec or @every/@hourly descriptor.
func ParseSchedule(spec string) (cron.Schedule, error) {
	return scheduleParser.Parse(spec)
}

func validateMain(f *yamlFile, c *Config, ps *Problems) {
	at := func(keys ...string) Pos {
		n := f.root
		for _, k := range keys {
			v, kn := child(n, k)
			if v == nil {
				break
			}
			n = v
			if kn != nil {
				n = v
			}
		}
		if n == nil {
			return Pos{File: f.path}
		}
		return f.pos(n)
	}
	if _, err := url.Parse(c.BaseURL); err != nil || !strings.HasPrefix(c.BaseURL, "http") {
		ps.add(at("base_url"), "base_url must be an absolute http(s) URL, got %q", c.BaseURL)
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.Database == "" {
		ps.add(at("database"), "database must name a file")
	}
	if _, err := ParseSchedule(c.Fetch.Schedule); err != nil {
		ps.add(at("fetch", "schedule"), "bad schedule %q: %v", c.Fetch.Schedule, err)
	}
	if c.Fetch.Concurrency < 1 {
		ps.add(at("fetch", "concurrency"), "concurrency must be at least 1")
	}
	if c.Fetch.PerHost < 1 {
		ps.add(at("fetch", "per_host"), "per_host must be at least 1")
	}
	if c.Fetch.Timeout <= 0 {
		ps.add(at("fetch", "timeout"), "timeout must be positive")
	}
	if c.Fetch.MaxItems < 1 {
		ps.add(at("fetch", "max_items"), "max_items must be at least 1")
	}
	if c.Fetch.MinInterval > c.Fetch.MaxInterval {
		ps.add(at("fetch", "min_interval"), "min_interval must not exceed max_interval")
	}
	if c.Dedupe.Threshold <= 0 || c.Dedupe.Threshold > 1 {
		ps.add(at("dedupe", "threshold"), "threshold must be in (0, 1]")
	}
	if c.Publish.Limit < 1 {
		ps.add(at("publish", "limit"), "limit must be at least 1")
	}
	if c.Publish.WebSub != "" {
		if u, err := url.Parse(c.Publish.WebSub); err != nil || u.Host == "" {
			ps.add(at("publish", "websub_hub"), "websub_hub must be an absolute URL")
		}
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		ps.add(at("log", "format"), "log format must be text or json, got %q", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		ps.add(at("log", "level"), "log level must be debug, info, warn or error, got %q", c.Log.Level)
	}
}

func validateSources(srcs []Source, file string, ps *Problems) {
	seen := map[string]Pos{}
	urls := map[string]string{}
	for _, s := range srcs {
		switch {
		case s.ID == "":
			ps.add(s.Pos, "source has no id")
		case !idRe.MatchString(s.ID):
			ps.add(s.Pos, "source id %q must be lowercase letters, digits and dashes", s.ID)
		default:
			if p, dup := seen[s.ID]; dup {
				ps.add(s.Pos, "duplicate source id %q (first at line %d)", s.ID, p.Line)
			}
			seen[s.ID] = s.Pos
		}
		if s.URL == "" {
			ps.add(s.Pos, "source %q has no url", s.ID)
		} else if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			ps.add(s.Pos, "source %q: url %q must be an absolute http(s) URL", s.ID, s.URL)
		} else if other, dup := urls[s.URL]; dup {
			ps.add(s.Pos, "source %q has the same url as source %q", s.ID, other)
		} else {
			urls[s.URL] = s.ID
		}
		if s.Schedule != "" {
			if _, err := ParseSchedule(s.Schedule); err != nil {
				ps.add(s.Pos, "source %q: bad schedule %q: %v", s.ID, s.Schedule, err)
			}
		}
	}
}

// TaxonomyIndex answers which ids exist and of which kind; it is built during
// validation and used to check topic rules.
type TaxonomyIndex struct {
	byID  map[string]*TaxonomyEntry
	byISO map[string]*TaxonomyEntry
}

// Lookup returns the entry with the given id, or a country by ISO code.
func (t *TaxonomyIndex) Lookup(id string) *TaxonomyEntry {
	if e := t.byID[strings.ToLower(id)]; e != nil {
		return e
	}
	return t.byISO[strings.ToUpper(id)]
}

// NewTaxonomyIndex indexes entries by id and ISO code.
func NewTaxonomyIndex(entries []TaxonomyEntry) *TaxonomyIndex {
	t := &TaxonomyIndex{byID: map[string]*TaxonomyEntry{}, byISO: map[string]*TaxonomyEntry{}}
	for i := range entries {
		e := &entries[i]
		if _, dup := t.byID[e.ID]; !dup {
			t.byID[e.ID] = e
		}
		if e.ISO != "" {
			t.byISO[strings.ToUpper(e.ISO)] = e
		}
	}
	return t
}

var kinds = map[string]bool{"region": true, "country": true, "place": true, "actor": true, "topic": true}

func validateTaxonomy(entries []TaxonomyEntry, ps *Problems) *TaxonomyIndex {
	idx := NewTaxonomyIndex(entries)
	seen := map[string]Pos{}
	isos := map[string]string{}
	for _, e := range entries {
		switch {
		case e.ID == "":
			ps.add(e.Pos, "taxonomy entry has no id")
		case !idRe.MatchString(e.ID):
			ps.add(e.Pos, "taxonomy id %q must be lowercase letters, digits and dashes", e.ID)
		default:
			if p, dup := seen[e.ID]; dup {
				ps.add(e.Pos, "duplicate taxonomy id %q (first at %s:%d)", e.ID, p.File, p.Line)
			}
			seen[e.ID] = e.Pos
		}
		if !kinds[e.Kind] {
			ps.add(e.Pos, "entry %q: kind must be region, country, place, actor or topic, got %q", e.ID, e.Kind)
		}
		if e.Name == "" {
			ps.add(e.Pos, "entry %q has no name", e.ID)
		}
		if e.Kind == "country" {
			if len(e.ISO) != 2 || strings.ToUpper(e.ISO) != e.ISO {
				ps.add(e.Pos, "country %q needs a two-letter upper-case iso code, got %q", e.ID, e.ISO)
			} else if other, dup := isos[e.ISO]; dup {
				ps.add(e.Pos, "country %q has the same iso code %s as %q", e.ID, e.ISO, other)
			} else {
				isos[e.ISO] = e.ID
			}
		}
		for _, ref := range refs(e) {
			target := idx.Lookup(ref.id)
			if target == nil {
				ps.add(e.Pos, "entry %q: %s names unknown entry %q%s", e.ID, ref.field, ref.id, didYouMean(ref.id, idx))
				continue
			}
			if ref.geo && !isGeo(target.Kind) {
				ps.add(e.Pos, "entry %q: %s %q is a %s, not a region, country or place", e.ID, ref.field, ref.id, target.Kind)
			}
		}
	}
	checkCycles(entries, idx, ps)
	return idx
}

type ref struct {
	field, id string
	geo       bool
}

func refs(e TaxonomyEntry) []ref {
	var out []ref
	for _, p := range e.Parents {
		out = append(out, ref{"parents", p, true})
	}
	for _, m := range e.Members {
		out = append(out, ref{"members", m, true})
	}
	if e.Country != "" {
		out = append(out, ref{"country", e.Country, true})
	}
	for _, i := range e.Implies {
		out = append(out, ref{"implies", i, false})
	}
	return out
}

func isGeo(kind string) bool { return kind == "region" || kind == "country" || kind == "place" }

func didYouMean(id string, idx *TaxonomyIndex) string {
	names := make([]string, 0, len(idx.byID))
	for k := range idx.byID {
		names = append(names, k)
	}
	if s := suggest(id, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// checkCycles reports geography that contains itself through parents/members.
func checkCycles(entries []TaxonomyEntry, idx *TaxonomyIndex, ps *Problems) {
	up := map[string][]string{}
	for _, e := range entries {
		for _, p := range e.Parents {
			if t := idx.Lookup(p); t != nil {
				up[e.ID] = append(up[e.ID], t.ID)
			}
		}
		for _, m := range e.Members {
			if t := idx.Lookup(m); t != nil {
				up[t.ID] = append(up[t.ID], e.ID)
			}
		}
	}
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	reported := map[string]bool{}
	var visit func(id string, path []string)
	visit = func(id string, path []string) {
		color[id] = grey
		for _, p := range up[id] {
			switch color[p] {
			case grey:
				if !reported[p] {
					reported[p] = true
					cycle := append(append([]string{}, path...), id, p)
					if e := idx.Lookup(p); e != nil {
						ps.add(e.Pos, "taxonomy cycle: %s", strings.Join(cycle[indexOf(cycle, p):], " → "))
					}
				}
			case white:
				visit(p, append(path, id))
			}
		}
		color[id] = black
	}
	for _, e := range entries {
		if color[e.ID] == white {
			visit(e.ID, nil)
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

func validateTopics(topics []Topic, tax *TaxonomyIndex, srcs []Source, ps *Problems) {
	sources := map[string]bool{}
	for _, s := range srcs {
		sources[s.ID] = true
	}
	seen := map[string]Pos{}
	for _, t := range topics {
		switch {
		case t.Slug == "":
			ps.add(t.Pos, "topic has no slug")
		case !idRe.MatchString(t.Slug):
			ps.add(t.Pos, "topic slug %q must be lowercase letters, digits and dashes", t.Slug)
		default:
			if p, dup := seen[t.Slug]; dup {
				ps.add(t.Pos, "duplicate topic slug %q (first at line %d)", t.Slug, p.Line)
			}
			seen[t.Slug] = t.Pos
		}
		if t.Title == "" {
			ps.add(t.Pos, "topic %q has no title", t.Slug)
		}
		switch t.Unit {
		case "", "story", "article":
		default:
			ps.add(t.Pos, "topic %q: unit must be story or article, got %q", t.Slug, t.Unit)
		}
		if t.Limit < 0 {
			ps.add(t.Pos, "topic %q: limit must not be negative", t.Slug)
		}
		if t.Match == "" {
			ps.add(t.Pos, "topic %q has no match rule", t.Slug)
			continue
		}
		for _, p := range RuleProblems(t.Match, tax, sources) {
			pos := t.MatchPos
			if pos.Line == 0 {
				pos = t.Pos
			}
			pos.Col += p.offset
			ps.add(pos, "topic %q: %s", t.Slug, p.msg)
		}
	}
}

type ruleProblem struct {
	offset int
	msg    string
}

// RuleProblems parses a rule and checks that every tag it names exists; it
// returns nothing for a good rule. Offsets are byte offsets in the rule text.
func RuleProblems(match string, tax *TaxonomyIndex, sources map[string]bool) []ruleProblem {
	expr, err := rule.Parse(match)
	if err != nil {
		if re, ok := err.(*rule.Error); ok {
			return []ruleProblem{{re.Offset, re.Msg}}
		}
		return []ruleProblem{{0, err.Error()}}
	}
	var out []ruleProblem
	for _, a := range rule.Atoms(expr) {
		msg := ""
		switch a.Kind {
		case rule.KindSource:
			if !sources[a.Value] {
				msg = fmt.Sprintf("rule names unknown source %q", a.Value)
			}
		case rule.KindRegion, rule.KindCountry, rule.KindPlace, rule.KindActor, rule.KindTopic:
			e := tax.Lookup(a.Value)
			switch {
			case e == nil:
				msg = fmt.Sprintf("rule names unknown %s %q%s", a.Kind, a.Value, didYouMean(a.Value, tax))
			case a.Kind == rule.KindRegion && !isGeo(e.Kind), a.Kind == rule.KindPlace && !isGeo(e.Kind):
				msg = fmt.Sprintf("rule: %q is a %s, not a region, country or place", a.Value, e.Kind)
			case a.Kind == rule.KindCountry && e.Kind != "country",
				a.Kind == rule.KindActor && e.Kind != "actor",
				a.Kind == rule.KindTopic && e.Kind != "topic":
				msg = fmt.Sprintf("rule: %q is a %s, not a %s", a.Value, e.Kind, a.Kind)
			}
		}
		if msg != "" {
			out = append(out, ruleProblem{a.Offset, msg})
		}
	}
	return out
}
