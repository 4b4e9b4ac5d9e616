package tag

import (
	"strings"

	"github.com/intlwire/aggregator/internal/model"
)

// Result is the tagging of one article: the tags it is about and the evidence.
type Result struct {
	// TagSet: Countries are ISO codes of the salient countries; Regions are
	// rolled up (ancestors of salient countries and places); Places, Actors
	// and Topics are entry ids.
	model.TagSet
	// Mentions lists every match, salient or not, as evidence: tag id, kind,
	// matched text and byte offset in title + "\n" + text.
	Mentions []model.Mention
}

// Entry describes one taxonomy entry for display (feed categories, evidence
// reports).
type Entry struct {
	ID      string
	Kind    string
	Name    string
	ISO     string   // countries only
	Parents []string // direct geographic parents (parents, members, a place's country)
}

// Lookup returns the entry with the given id, or the country with the given
// ISO 3166-1 alpha-2 code.
func (t *Tagger) Lookup(idOrISO string) (Entry, bool) {
	i, ok := t.index(idOrISO)
	if !ok {
		return Entry{}, false
	}
	return t.entries[i].Entry, true
}

// index resolves an id or ISO code.
func (t *Tagger) index(idOrISO string) (int32, bool) {
	if i, ok := t.byID[idOrISO]; ok {
		return i, true
	}
	if i, ok := t.byID[strings.ToLower(idOrISO)]; ok {
		return i, true
	}
	i, ok := t.byISO[strings.ToUpper(idOrISO)]
	return i, ok
}

// Within reports whether ancestor is id itself or one of its geographic
// ancestors: Within("idlib", "middle-east") is true. Both may be ids or ISO
// codes; unknown ids are within nothing.
func (t *Tagger) Within(id, ancestor string) bool {
	i, ok := t.index(id)
	if !ok {
		return false
	}
	a, ok := t.index(ancestor)
	if !ok {
		return false
	}
	if i == a {
		return true
	}
	for _, x := range t.entries[i].ancestors {
		if x == a {
			return true
		}
	}
	return false
}

// Tag tags one article. title and text are plain text (HTML already
// stripped). Mention offsets are byte offsets into title + "\n" + text.
func (t *Tagger) Tag(title, text string) Result {
	sc := t.pool.Get().(*scratch)
	an := t.analyzeInto(&sc.an, title, text, sc)
	r := an.result
	// The pooled analysis keeps its map and slices for the next call, but
	// nothing of this text.
	an.result, an.full = Result{}, ""
	t.pool.Put(sc)
	return r
}

// analysis is the full working of one Tag call, kept for Report. Its
// matches live in the scratch buffers of the call.
type analysis struct {
	full    string
	matches []match
	scores  map[int32]*score // by entry
	list    []*score         // the same, in creation order (deterministic, cheap to walk)
	arena   []score          // backing store of scores (never grown past cap)
	result  Result
	// Buffers of score, decide and result, kept with the analysis from
	// call to call: the matches of countries and their places, the
	// countries a salient place promotes, the salient entries by list and
	// the regions.
	geo     []geoHit
	promote []int32
	ranked  [4][]ranked
	regions []int32
}

// newScore returns a zeroed score for entry e, from the arena while it lasts.
func (an *analysis) newScore(e int32) *score {
	var s *score
	if len(an.arena) < cap(an.arena) {
		an.arena = an.arena[:len(an.arena)+1]
		s = &an.arena[len(an.arena)-1]
		*s = score{} // the arena is reused from call to call
	} else {
		s = &score{}
	}
	s.e = e
	an.scores[e] = s
	an.list = append(an.list, s)
	return s
}

// score is the salience evidence of one entry.
type score struct {
	e         int32 // the entry
	total     float64
	mentions  int
	title     int     // mentions in the title
	body      int     // mentions in the body
	dateline  int     // mentions in the dateline
	datelineW float64 // the part of total that the dateline gave
	salient   bool
	implied   bool // tagged only because a salient entry implies it
	listed    bool // listed together with salient countries (got the list bonus)
	// former: an actor the text calls former ("former Soviet leader
	// Mikhail Gorbachev"): it no longer stands for its country.
	former bool
}

// analyze matches, scores and decides one article, using sc for its buffers
// (the returned analysis refers to them until sc is reused).
func (t *Tagger) analyze(title, text string, sc *scratch) *analysis {
	return t.analyzeInto(new(analysis), title, text, sc)
}

// analyzeInto is analyze into an analysis whose map and slices may be reused
// from an earlier call (Tag pools them with its scratch buffers).
func (t *Tagger) analyzeInto(an *analysis, title, text string, sc *scratch) *analysis {
	t.compiled()
	full := title + "\n" + text
	an.full = full
	an.matches = t.findMatches(full, sc)
	// Far fewer entries than alias matches are distinct: 48 covers nearly
	// every article; the rest of the scores are allocated one by one.
	const arenaSize = 48
	if an.scores == nil {
		an.scores = make(map[int32]*score, arenaSize)
		an.arena = make([]score, 0, arenaSize)
		an.list = make([]*score, 0, arenaSize)
	} else {
		clear(an.scores)
		an.arena, an.list = an.arena[:0], an.list[:0]
	}
	t.score(an, sc, len(title))
	t.decide(an)
	return an
}

// decide turns scores into the TagSet: salience thresholds, implications and
// the geographic roll-up.
func (t *Tagger) decide(an *analysis) {
	p := &t.params
	var maxCountry float64
	named := false // a country named outside the dateline reaches the threshold
	for _, s := range an.list {
		if t.entries[s.e].Kind != model.KindCountry {
			continue
		}
		// The dateline says where the reporter stood, not how much the
		// story is about the country: the share (relCut) is of the rest.
		maxCountry = max(maxCountry, s.total-s.datelineW)
		if s.dateline < s.mentions && s.total >= p.threshold {
			named = true
		}
	}
	threshold := p.threshold
	for _, s := range an.list {
		switch t.entries[s.e].Kind {
		case model.KindCountry:
			// One passing mention beside a dominant country is not what the
			// text is about; a country named twice, or listed as a party
			// with the salient ones ("Russia, Turkey and Iran"), may be.
			s.salient = s.total >= threshold && (s.listed || s.total >= p.relCut*maxCountry)
			// A dateline names where the reporter is ("BEIRUT (Reuters) -
			// Syrian activists said...", "GENEVA (Reuters) - The Ebola
			// outbreak in Guinea..."): alone it makes a country salient only
			// when the text names no other country enough to be about it.
			if s.dateline == s.mentions && named {
				s.salient = false
			}
			// A venue: the dateline gave the country most of its weight
			// ("GENEVA, Dec 20 - OPEC oil ministers agreed...", "LONDON -
			// India bought sugar, London trade houses said") and the text
			// names another country outside the dateline.
			if s.dateline > 0 && s.total-s.datelineW < threshold && t.namedElsewhere(an, s.e) {
				s.salient = false
			}
		case model.KindPlace:
			s.salient = s.total >= p.placeThreshold
		case model.KindRegion:
			s.salient = s.total >= p.threshold
		case model.KindActor:
			s.salient = s.total >= p.actorThreshold
		case model.KindTopic:
			s.salient = s.title >= p.topicTitleHits || s.body >= p.topicBodyHits
		}
	}
	t.membersOfTheStory(an)
	// Implications, to a fixed point (an actor implying a place implying ...).
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(an.list); i++ {
			s := an.list[i]
			if !s.salient {
				continue
			}
			for _, im := range t.entries[s.e].implies {
				if s.former && t.entries[im].Kind == model.KindCountry {
					continue // the office is past: not its country's story
				}
				is := an.scores[im]
				if is == nil {
					is = an.newScore(im)
				}
				if !is.salient {
					is.salient, is.implied, changed = true, true, true
				}
			}
		}
	}
	// A salient place makes its country salient.
	promote := an.promote[:0]
	for _, s := range an.list {
		if c := t.entries[s.e].country; s.salient && c >= 0 && c != s.e {
			if cs := an.scores[c]; cs == nil || !cs.salient {
				promote = append(promote, c)
			}
		}
	}
	an.promote = promote
	for _, c := range promote {
		if an.scores[c] == nil {
			an.newScore(c)
		}
		an.scores[c].salient, an.scores[c].implied = true, true
	}
	an.result = t.result(an)
}
