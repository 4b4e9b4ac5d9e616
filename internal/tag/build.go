// Package tag tags news text with the taxonomy of config/taxonomy: the
// countries, regions, places, actors and topics an article is about, with every
// matched word kept as evidence. Matching is one pass of an Aho–Corasick
// automaton over a normalized copy of the text (case, diacritics, apostrophes
// and dashes folded), followed by whole-word checks, the editors'
// disambiguation rules (case_sensitive, near, not_near) and leftmost-longest
// selection; salience scoring then decides which countries the text is about.
package tag

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// Tagger tags texts against one taxonomy. It is immutable after New and safe
// for concurrent use.
type Tagger struct {
	entries []entry
	byID    map[string]int32
	byISO   map[string]int32
	aliases []alias
	pats    []pattern
	// patFlags are the pats' word-boundary flags, one byte a pattern,
	// read for every occurrence the automaton reports.
	patFlags []uint8
	hints    []string // normalized near/not_near words, by hint id
	rules    []aliasRule
	ac       *automaton
	ft       *foldTable
	// affixes are the prefix and ending sets of the inflection rules, by id
	// (alias.pre, alias.suf); affixIdx shares equal sets while building
	// (nil after).
	affixes  []affixSet
	affixIdx map[string]int32
	params   params
	// ctx holds the wire-copy context words of the taxonomy's context
	// entries ("condemned by", "talks in", "bound for").
	ctx  contextWords
	pool sync.Pool // *scratch

	// The matcher (aliases, patterns, rules, affixes, automaton) is built
	// once, on the first Tag or in the background after Prepare, from the
	// entries and inflection rules kept here until then: a command or a
	// round that tags nothing (every feed answered 304) never pays for it.
	build      sync.Once
	building   atomic.Bool // Prepare has started the build
	srcEntries []config.TaxonomyEntry
	srcRules   []config.Inflection
	// cache is the compiled-tagger cache file the tagger was read from or
	// writes itself to once built (cache.go); nil for none.
	cache *taggerCache
}

// entry is one taxonomy entry with its geography resolved.
type entry struct {
	Entry
	ancestors []int32 // geographic ancestors, transitive, nearest first
	country   int32   // for places: the country it rolls up to; countries: itself; else -1
	implies   []int32
	// armedIn is, for an armed group, the country it belongs to (its
	// `country`, which it does not imply); else -1.
	armedIn int32
}

// Alias sources: where in the entry an alias came from.
const (
	srcName uint8 = iota
	srcAlias
	srcDemonym
	srcCity
)

// alias is one way of writing an entry, with its rules. It is kept small
// (the grown taxonomy has hundreds of thousands): the rules that few aliases
// carry are in Tagger.rules.
type alias struct {
	entry         int32
	rule          int32  // index of its aliasRule in Tagger.rules, or -1
	text          string // as written in the taxonomy
	caseSensitive bool
	// needCap: a name written with capitals in the taxonomy never matches
	// an all-lower-case word of the text: "turkey", "chad", "island"
	// (German Island is Iceland), "arti bali" in a byline are common words,
	// while "TURKEY", "Turkey" and "al-Shabaab" still match.
	needCap bool
	// exact: for short names with diacritics, the lower-case form that must
	// match with its diacritics (Turkish "Şam" is Damascus, "Sam" a name).
	exact string
	src   uint8
	// pre and suf are the affix sets of a stem alias (an inflected name:
	// "Francj" + i, ę, ą; و, ب, ل + "سوريا"), or -1: the word must begin
	// (end) where the alias does.
	pre, suf int32
	// block: the alias is a phrase (model.KindPhrase) that hides the names
	// inside it; its matches are never scored.
	block bool
	// personLike: a country's one-word, case-sensitive name that is also a
	// given name or surname ("Chad", "Jordan"): beside another capitalized
	// word in running text it is part of a person's name (inPersonName).
	personLike bool
}

// aliasRule holds the rules of an alias with case_sensitive, near or
// not_near.
type aliasRule struct {
	caseKey       string  // text for case-sensitive comparison
	near, notNear []int32 // hint ids
}

// pattern is one distinct normalized string in the automaton.
type pattern struct {
	aliases    []int32
	hint       int32 // hint id, or -1
	topicLayer bool  // aliases are topic words (selected apart from names)
	wordStart  bool  // needs a word boundary before
	wordEnd    bool  // needs a word boundary after
	// hangulStart: Korean writes spaces between words and glues particles
	// to their end ("한국과", "이란은"), so a Hangul name must start a word
	// ("이란" is also a particle: "사랑이란") but may end inside one.
	hangulStart bool
	// flexStart, flexEnd: some alias of the pattern is a stem that takes a
	// prefix (an ending), so the word may go on before (after) it.
	flexStart, flexEnd bool
}

// New builds a Tagger from validated taxonomy entries (config.Load has already
// checked ids and references) and the inflection rules of their languages
// (config.Config.Taxonomy). Lookups work at once; the automaton is built
// once, when the first text is tagged or after Prepare.
func New(entries []config.TaxonomyEntry, rules ...config.Inflection) (*Tagger, error) {
	t := &Tagger{
		byID:   make(map[string]int32, len(entries)),
		byISO:  map[string]int32{},
		params: defaultParams(),
	}
	for i, e := range entries {
		if e.ID == "" {
			return nil, fmt.Errorf("tag: taxonomy entry %d has no id", i)
		}
		t.entries = append(t.entries, entry{Entry: Entry{ID: e.ID, Kind: e.Kind, Name: e.Name, ISO: e.ISO}, country: -1, armedIn: -1})
		if err := t.file(int32(i)); err != nil {
			return nil, err
		}
		if e.Kind == model.KindContext {
			t.ctx.add(e)
		}
	}
	if err := t.resolveGeography(entries); err != nil {
		return nil, err
	}
	t.srcEntries, t.srcRules = entries, rules
	t.pool.New = func() any { return new(scratch) }
	return t, nil
}

// Prepare starts building the matcher in the background, so that the first
// Tag waits for less of it (a fetch round calls it when the first feed body
// arrives, while the other requests are still in flight). Calling it again,
// or after a Tag, does nothing.
func (t *Tagger) Prepare() {
	if t.building.CompareAndSwap(false, true) {
		go t.compiled()
	}
}

// compiled builds the matcher if it is not built yet, waiting for a build in
// progress; every reader of the matcher's fields calls it first.
func (t *Tagger) compiled() {
	t.build.Do(func() {
		t.prepareFolding()
		t.affixIdx = map[string]int32{}
		t.compile(t.srcEntries, t.newInflector(t.srcRules))
		t.srcEntries, t.srcRules, t.affixIdx = nil, nil, nil
		t.startCacheWrite()
	})
}

// prepareFolding makes the fold table and the context words' indexes,
// which follow from the code and the taxonomy's context entries: a build
// and a load (decodePayload) make them alike.
func (t *Tagger) prepareFolding() {
	t.ft = newFoldTable()
	t.ctx.prepare(t.ft)
}

// resolveGeography fills parents (from parents, members and a place's
// country), the transitive ancestors, places' countries and implications.
func (t *Tagger) resolveGeography(entries []config.TaxonomyEntry) error {
	parents := make([][]int32, len(entries))
	addParent := func(child int32, p string) error {
		pi, ok := t.byID[p]
		if !ok {
			return fmt.Errorf("tag: entry %q names unknown entry %q", t.entries[child].ID, p)
		}
		for _, q := range parents[child] {
			if q == pi {
				return nil
			}
		}
		parents[child] = append(parents[child], pi)
		return nil
	}
	for i, e := range entries {
		for _, p := range e.Parents {
			if err := addParent(int32(i), p); err != nil {
				return err
			}
		}
		if e.Country != "" && e.Kind == model.KindPlace {
			if err := addParent(int32(i), e.Country); err != nil {
				return err
			}
		}
		for _, m := range e.Members {
			mi, ok := t.byID[m]
			if !ok {
				return fmt.Errorf("tag: entry %q names unknown member %q", e.ID, m)
			}
			if err := addParent(mi, e.ID); err != nil {
				return err
			}
		}
		if e.Kind == model.KindActor && e.Type == "armed-group" && e.Country != "" {
			ci, ok := t.byID[e.Country]
			if !ok {
				return fmt.Errorf("tag: entry %q names unknown country %q", e.ID, e.Country)
			}
			t.entries[i].armedIn = ci
		}
		for _, im := range e.Implies {
			ii, ok := t.byID[im]
			if !ok {
				return fmt.Errorf("tag: entry %q implies unknown entry %q", e.ID, im)
			}
			t.entries[i].implies = append(t.entries[i].implies, ii)
		}
	}
	for i := range t.entries {
		ps := make([]string, len(parents[i]))
		for k, p := range parents[i] {
			ps[k] = t.entries[p].ID
		}
		t.entries[i].Parents = ps
		// Breadth-first over parents: nearest ancestors first, cycles cut.
		seen := map[int32]bool{int32(i): true}
		queue := append([]int32(nil), parents[i]...)
		for q := 0; q < len(queue); q++ {
			a := queue[q]
			if seen[a] {
				continue
			}
			seen[a] = true
			t.entries[i].ancestors = append(t.entries[i].ancestors, a)
			queue = append(queue, parents[a]...)
		}
		switch t.entries[i].Kind {
		case model.KindCountry:
			t.entries[i].country = int32(i)
		case model.KindPlace:
			if c, ok := t.byID[entries[i].Country]; ok && t.entries[c].Kind == model.KindCountry {
				t.entries[i].country = c
				break
			}
			for _, a := range t.entries[i].ancestors {
				if t.entries[a].Kind == model.KindCountry {
					t.entries[i].country = a
					break
				}
			}
		}
	}
	return nil
}

// compile turns every name, alias, demonym, city and foreign name into
// normalized patterns and builds the automaton.
func (t *Tagger) compile(entries []config.TaxonomyEntry, infl *inflector) {
	patIdx := map[string]int32{}
	hintIdx := map[string]int32{}
	var patStrings []string
	getPat := func(s string) int32 {
		if i, ok := patIdx[s]; ok {
			return i
		}
		i := int32(len(t.pats))
		patIdx[s] = i
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		t.pats = append(t.pats, pattern{hint: -1, wordStart: isWordRune(first), wordEnd: isWordRune(last), hangulStart: isHangul(first)})
		patStrings = append(patStrings, s)
		return i
	}
	hintIDs := func(words []string) []int32 {
		var ids []int32
		for _, w := range words {
			n := t.ft.normalizeString(w)
			if n == "" {
				continue
			}
			h, ok := hintIdx[n]
			if !ok {
				h = int32(len(t.hints))
				hintIdx[n] = h
				t.hints = append(t.hints, n)
				t.pats[getPat(n)].hint = h
			}
			ids = append(ids, h)
		}
		return ids
	}
	// A candidate form of an entry: (alias, source), the editor's
	// restricted forms first so that they replace plain forms with the
	// same spelling. One list serves every entry in turn, and the aliases
	// get room for every form at once (the build allocated ~190 MB growing
	// them).
	type cand struct {
		a    config.Alias
		src  uint8
		lang string // the names: key it came from, or ""
	}
	var cands []cand
	t.aliases = slices.Grow(t.aliases, countForms(entries))
	for i, e := range entries {
		if e.Kind == model.KindContext {
			continue // context words are read around names, not matched
		}
		cands = cands[:0]
		add := func(as []config.Alias, src uint8) {
			for _, a := range as {
				cands = append(cands, cand{a, src, ""})
			}
		}
		add(e.Aliases, srcAlias)
		add(e.Demonyms, srcDemonym)
		add(e.Cities, srcCity)
		langs := make([]string, 0, len(e.Names))
		for l := range e.Names {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			for _, n := range e.Names[l] {
				cands = append(cands, cand{config.Alias{Text: n}, srcName, l})
			}
		}
		cands = append(cands, cand{config.Alias{Text: e.Name}, srcName, ""})
		restricted := map[string]bool{}
		caseOnly := map[string]bool{} // restricted by letter case alone
		for _, c := range cands {
			if c.a.CaseSensitive || len(c.a.Near) > 0 || len(c.a.NotNear) > 0 {
				n := t.ft.normalizeString(c.a.Text)
				restricted[n] = true
				caseOnly[n] = c.a.CaseSensitive && len(c.a.Near)+len(c.a.NotNear) == 0
			}
		}
		seen := map[string]bool{}
		for _, c := range cands {
			n := t.ft.normalizeString(c.a.Text)
			isRestricted := c.a.CaseSensitive || len(c.a.Near) > 0 || len(c.a.NotNear) > 0
			if n == "" || (!isRestricted && restricted[n]) {
				if n != "" && caseOnly[n] && c.lang != "" && e.Kind == model.KindActor && hasUpper(c.a.Text) {
					// A person's name kept case-sensitive ("Trump", not
					// "trump") still takes its language's endings,
					// capitalized ("Trumpa", "Trumps", "Trumppal").
					st := alias{entry: int32(i), text: c.a.Text, rule: -1, needCap: true, src: c.src, pre: -1, suf: -1}
					t.addStems(st, t.inflectedForms(infl, c.lang, e.Kind, c.a.Text, n), seen, getPat)
				}
				continue
			}
			needCap := e.Kind != model.KindTopic && hasUpper(c.a.Text)
			exact := shortDiacritic(c.a.Text, n)
			// Spellings that fold alike but check differently ("Iran" and
			// Spanish "Irán") are both kept: either may hold.
			key := n + "\x00" + strconv.FormatBool(needCap) + "\x00" + exact
			if isRestricted {
				key += fmt.Sprintf("\x00%v%q%q%s", c.a.CaseSensitive, c.a.Near, c.a.NotNear, caseKey(c.a.Text))
			}
			dup := seen[key]
			seen[key] = true
			al := alias{
				entry:         int32(i),
				text:          c.a.Text,
				rule:          -1,
				caseSensitive: c.a.CaseSensitive,
				needCap:       needCap,
				exact:         exact,
				src:           c.src,
				pre:           -1,
				suf:           -1,
				block:         e.Kind == model.KindPhrase,
				personLike: e.Kind == model.KindCountry && c.a.CaseSensitive && c.src != srcDemonym &&
					!strings.Contains(c.a.Text, " ") && isCapitalized(c.a.Text),
			}
			if isRestricted {
				al.rule = int32(len(t.rules))
				t.rules = append(t.rules, aliasRule{caseKey: caseKey(c.a.Text), near: hintIDs(c.a.Near), notNear: hintIDs(c.a.NotNear)})
			}
			if !dup {
				ai := int32(len(t.aliases))
				t.aliases = append(t.aliases, al)
				for _, v := range t.variants(c.a.Text, n) {
					p := getPat(v)
					t.pats[p].aliases = append(t.pats[p].aliases, ai)
					if e.Kind == model.KindTopic {
						t.pats[p].topicLayer = true
					}
				}
			}
			// The same spelling in two languages ("Ukraina" in Polish and
			// Latvian) takes the endings of both.
			if c.lang != "" && !isRestricted {
				t.addStems(al, t.inflectedForms(infl, c.lang, e.Kind, c.a.Text, n), seen, getPat)
			}
		}
	}
	t.ac = buildAutomaton(patStrings)
	t.flagPatterns()
}

// flagPatterns fills patFlags from the patterns: what the built matcher
// and a loaded one (decodePayload) derive alike from t.pats.
func (t *Tagger) flagPatterns() {
	t.patFlags = make([]uint8, len(t.pats))
	for i := range t.pats {
		t.patFlags[i] = t.pats[i].flags()
	}
	t.ac.dropGlued(t.patFlags)
}

// addStems adds the stem aliases of one name (see inflect.go), each once.
func (t *Tagger) addStems(al alias, forms []stemForm, seen map[string]bool, getPat func(string) int32) {
	for _, f := range forms {
		key := f.stem + "\x00" + strconv.FormatBool(al.needCap) + "\x00" + strconv.Itoa(int(f.pre)) + "\x00" + strconv.Itoa(int(f.suf)) + "\x00" + f.exact
		if seen[key] {
			continue
		}
		seen[key] = true
		st := al
		st.pre, st.suf, st.exact = f.pre, f.suf, f.exact
		ai := int32(len(t.aliases))
		t.aliases = append(t.aliases, st)
		p := getPat(f.stem)
		t.pats[p].aliases = append(t.pats[p].aliases, ai)
		t.pats[p].flexStart = t.pats[p].flexStart || f.pre >= 0
		t.pats[p].flexEnd = t.pats[p].flexEnd || f.suf >= 0
	}
}

// countForms is how many forms the entries list (aliases, demonyms,
// cities, names in every language and the name itself), an upper bound of
// the aliases compile keeps before inflection.
func countForms(entries []config.TaxonomyEntry) int {
	n := 0
	for _, e := range entries {
		n += len(e.Aliases) + len(e.Demonyms) + len(e.Cities) + 1
		for _, names := range e.Names {
			n += len(names)
		}
	}
	return n
}
