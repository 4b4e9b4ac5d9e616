package story

import (
	"iter"
	"slices"
	"unicode"
)

// cluster is one story in the window. Its articles' unit vectors are summed
// per language (so the mean cosine of a new article with the story's
// articles in its language is one dot product, undiluted by write-ups in
// other languages), and their language-independent parts over all
// languages. The fields Match reads of every candidate come first, and its
// first language's part is held inline: a candidate costs few cache misses.
type cluster struct {
	first, last int64 // unix seconds of its articles' times
	byLang      langParts
	story       int64
	slot        uint32 // its number in the index's slots, which the postings name
	dated       bool   // all its articles carry their own publication time
	n           int
	entities    []string
	sumLI       sparse // taxonomy ids and numbers, all languages
	sumSpec     sparse // names, taxonomy ids and numbers, all languages
	sumSnd      sparse // the sounds of names, all languages
	// about holds what its articles are about: their taxonomy topics and
	// the ISO codes of their countries, which never meet (a topic id is
	// lower case, an ISO code upper case). One slice, not two: the second
	// header took a story past its allocation size class (480 bytes), 32
	// bytes more per story in the window.
	about  []string
	posted []uint32 // the term ids of the postings that name it, for Relabel and Forget
}

// langPart is the part of a story written in one language.
type langPart struct {
	lang    string
	n       int
	sum     sparse // all signals
	sumSpec sparse // names, taxonomy ids and numbers
	// first and last are the unix seconds of its articles' times: how
	// near an article is to the story's write-ups in its own language
	// (nearFactor), whatever the story's write-ups in other languages
	// span. Last, after what every candidate's score reads.
	first, last int64
}

// langParts are a story's parts by language: most stories have one, held
// inline, and few more than two, found faster by a look along a list than
// by hashing.
type langParts struct {
	first    langPart
	hasFirst bool
	more     []*langPart
}

// get returns the part in lang, or nil.
func (ps *langParts) get(lang string) *langPart {
	if ps.hasFirst && ps.first.lang == lang {
		return &ps.first
	}
	for _, p := range ps.more {
		if p.lang == lang {
			return p
		}
	}
	return nil
}

// all yields every part.
func (ps *langParts) all() iter.Seq[*langPart] {
	return func(yield func(*langPart) bool) {
		if ps.hasFirst && !yield(&ps.first) {
			return
		}
		for _, p := range ps.more {
			if !yield(p) {
				return
			}
		}
	}
}

func (c *cluster) part(lang string) *langPart {
	ps := &c.byLang
	if p := ps.get(lang); p != nil {
		return p
	}
	if !ps.hasFirst {
		ps.first, ps.hasFirst = langPart{lang: lang}, true
		return &ps.first
	}
	p := &langPart{lang: lang}
	ps.more = append(ps.more, p)
	return p
}

// knowsMost reports whether the story names at least half of the places
// an article's title names: a title about somewhere the story never
// mentions is another event ("ceasefire in Hodeidah" is not the story of
// the Khartoum ceasefire the same morning).
func (c *cluster) knowsMost(ids []string) bool {
	known := 0
	for _, id := range ids {
		if slices.Contains(c.entities, id) {
			known++
		}
	}
	return 2*known >= len(ids)
}

// knowsTitle reports whether the places an article's title names are the
// story's: it knows most of them, or the article is about a country the
// story is about. Outlets head one event with the place, its region or
// its capital ("München", "Bayern:", "Brasília:") or with a person
// ("Söder:"), and the tagger reads those as other places; what they share
// is the country.
func (c *cluster) knowsTitle(f *Features) bool {
	return c.knowsMost(f.TitleEntities) || c.aboutAll(f.Countries)
}

// aboutAll reports whether the story is about every one of these
// countries, and there is one.
func (c *cluster) aboutAll(countries []string) bool {
	for _, iso := range countries {
		if !slices.Contains(c.about, iso) {
			return false
		}
	}
	return len(countries) > 0
}

// aboutEach reports whether the story is about every one of these
// countries; an article that names none says nothing against it (the
// condition of the same-language joins on a shared name).
func (c *cluster) aboutEach(countries []string) bool {
	return len(countries) == 0 || c.aboutAll(countries)
}

// aboutOthers reports whether an article about these countries and the
// story are each about some country and about none in common.
func (c *cluster) aboutOthers(countries []string) bool {
	if len(countries) == 0 || slices.ContainsFunc(countries, func(iso string) bool { return slices.Contains(c.about, iso) }) {
		return false
	}
	return slices.ContainsFunc(c.about, func(t string) bool { return t != "" && unicode.IsUpper(rune(t[0])) })
}

// sameKind reports whether an article with these topics is of the kind of
// event the story reports: their topics meet. With none on either side
// nothing says so.
func (c *cluster) sameKind(topics []string) bool {
	return slices.ContainsFunc(topics, func(t string) bool { return slices.Contains(c.about, t) })
}

// otherKind reports whether an article with these topics is of another
// kind of event than the story: both have taxonomy topics and none is
// shared (the story's are the lower-case ids of about; its countries are
// upper case). A side without topics says nothing.
func (c *cluster) otherKind(topics []string) bool {
	if len(topics) == 0 || c.sameKind(topics) {
		return false
	}
	return slices.ContainsFunc(c.about, func(t string) bool { return t != "" && unicode.IsLower(rune(t[0])) })
}

// widen widens the part's span of times to take in first..last; a part of
// no article yet takes that span. The caller counts the articles after.
func (p *langPart) widen(first, last int64) {
	if p.n == 0 {
		p.first, p.last = first, last
		return
	}
	p.first, p.last = min(p.first, first), max(p.last, last)
}

// gap is the distance from t to the part's span of times.
func (p *langPart) gap(t int64) int64 { return timeGap(p.first, p.last, t) }

// gap is the distance from t to the story's span of times.
func (c *cluster) gap(t int64) int64 { return timeGap(c.first, c.last, t) }

// timeGap is the distance from t to the span first..last, 0 within it.
func timeGap(first, last, t int64) int64 {
	switch {
	case t < first:
		return first - t
	case t > last:
		return t - last
	}
	return 0
}

// absorb adds another cluster's articles to c.
func (c *cluster) absorb(o *cluster) {
	c.n += o.n
	c.dated = c.dated && o.dated
	c.first, c.last = min(c.first, o.first), max(c.last, o.last)
	for op := range o.byLang.all() {
		p := c.part(op.lang)
		p.widen(op.first, op.last)
		p.n += op.n
		p.sum.merge(op.sum, maxSum)
		p.sumSpec.merge(op.sumSpec, maxSpec)
	}
	c.entities = addUnique(c.entities, o.entities...)
	c.about = addUnique(c.about, o.about...)
	c.sumLI.merge(o.sumLI, maxLI)
	c.sumSpec.merge(o.sumSpec, maxSpec)
	c.sumSnd.merge(o.sumSnd, maxSnd)
	c.posted = append(c.posted, o.posted...)
}

// addUnique appends the elements of add that list lacks.
func addUnique(list []string, add ...string) []string {
	for _, x := range add {
		if !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	return list
}

// namesEvent reports whether the story shares with an article something
// that names an event rather than its region: a number of the article's
// language-independent signals li, or one of the places, people and
// organizations it names (Doc.Named).
func (c *cluster) namesEvent(f *Features, li vector) bool {
	for i, k := range li.f {
		if k.kind() == kindNumber && c.sumLI.has(li.c[i]) {
			return true
		}
	}
	return slices.ContainsFunc(f.Named, func(id string) bool { return slices.Contains(c.entities, id) })
}
