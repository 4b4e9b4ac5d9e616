package story

// The reference event index's vectors, scoring and stories (see
// ref_index_test.go).

import (
	"math"
	"slices"
	"time"
)

type refVector struct {
	f []feature
	w []float32
	c []refCompact
}

func (v *refVector) scale() {
	v.c = make([]refCompact, len(v.f))
	for i, f := range v.f {
		v.c[i] = refCompactOf(f)
	}
	var n float64
	for _, w := range v.w {
		n += float64(w) * float64(w)
	}
	if n == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range v.w {
		v.w[i] *= inv
	}
}

type refCompact uint32

func refCompactOf(f feature) refCompact { return refCompact(f >> 32) }

type refSparse struct {
	f    []refCompact
	w    []float32
	norm float64
}

func (s *refSparse) add(v refVector, limit int) {
	var o refSparse
	o.f = make([]refCompact, 0, len(s.f)+len(v.f))
	o.w = make([]float32, 0, len(s.f)+len(v.f))
	i, j := 0, 0
	for i < len(s.f) || j < len(v.f) {
		var vf refCompact
		if j < len(v.f) {
			vf = refCompactOf(v.f[j])
		}
		switch {
		case j == len(v.f) || (i < len(s.f) && s.f[i] < vf):
			o.f, o.w = append(o.f, s.f[i]), append(o.w, s.w[i])
			i++
		case i == len(s.f) || vf < s.f[i]:
			if n := len(o.f); n > 0 && o.f[n-1] == vf {
				o.w[n-1] += v.w[j]
			} else {
				o.f, o.w = append(o.f, vf), append(o.w, v.w[j])
			}
			j++
		default:
			o.f, o.w = append(o.f, s.f[i]), append(o.w, s.w[i]+v.w[j])
			i, j = i+1, j+1
		}
	}
	if len(o.f) > limit {
		ws := slices.Clone(o.w)
		slices.Sort(ws)
		cut := ws[len(ws)-limit]
		k := 0
		for i := range o.f {
			if o.w[i] >= cut && k < limit {
				o.f[k], o.w[k] = o.f[i], o.w[i]
				k++
			}
		}
		o.f, o.w = o.f[:k], o.w[:k]
	}
	o.f, o.w = slices.Clip(o.f), slices.Clip(o.w)
	for _, w := range o.w {
		o.norm += float64(w) * float64(w)
	}
	o.norm = math.Sqrt(o.norm)
	*s = o
}

func (s *refSparse) merge(o refSparse, limit int) {
	v := refVector{f: make([]feature, len(o.f)), w: o.w}
	for i, c := range o.f {
		v.f[i] = feature(c) << 32
	}
	s.add(v, limit)
}

func (s *refSparse) dot(v refVector) (d float64, shared int) {
	i, j := 0, 0
	for i < len(s.f) && j < len(v.c) {
		vf := v.c[j]
		switch {
		case s.f[i] < vf:
			i++
		case vf < s.f[i]:
			j++
		default:
			d += float64(s.w[i]) * float64(v.w[j])
			shared++
			i, j = i+1, j+1
		}
	}
	return d, shared
}

func (s *refSparse) cosine(v refVector) (shared int, cos float64) {
	if s.norm == 0 {
		return 0, 0
	}
	d, shared := s.dot(v)
	return shared, d / s.norm
}

func (s *refSparse) has(x refCompact) bool {
	_, ok := slices.BinarySearch(s.f, x)
	return ok
}

func (e *refEvents) judge(c *refCluster, f *refFeatures, all, spec, li refVector, gap int64, tf float64) (score float64, cross, ok bool) {
	if p := c.byLang[f.Lang]; p != nil {
		score, need, nameCos := e.sameLanguage(c, p, f, all, spec, tf)
		if score < need && f.Dated && c.dated && score >= sameLangLIMin && p.gap(f.Time.Unix()) <= int64(sameLangLIGap/time.Second) &&
			(slices.ContainsFunc(f.Named, func(id string) bool { return slices.Contains(c.entities, id) }) || sharesNumber(c, li)) {
			if s, _, ok := e.crossLanguage(c, f, spec, li, gap); ok {
				return s, true, true
			}
		}
		sameHours := func(window time.Duration) bool {
			return f.Dated && c.dated && p.gap(f.Time.Unix()) <= int64(window/time.Second)
		}
		otherKind := len(f.Topics) > 0 && len(c.topics) > 0 && !c.sameKind(f.Topics)
		here := len(f.Countries) == 0 || c.aboutAll(f.Countries)
		near := sameHours(nearGap) && nameCos > 0 && score >= nearNamedNeed && !otherKind && here
		followUp := sameHours(followUpGap) && nameCos >= followUpNames && score/tf >= nearNamedNeed && here
		return score, false, score >= need || near || followUp
	}
	return e.crossLanguage(c, f, spec, li, gap)
}

func (e *refEvents) crossLanguage(c *refCluster, f *refFeatures, spec, li refVector, gap int64) (score float64, cross, ok bool) {
	shared, cos := c.sumLI.cosine(li)
	v := li
	if sharedSpec, cosSpec := c.sumSpec.cosine(spec); cosSpec > cos {
		shared, cos, v = sharedSpec, cosSpec, spec
	}
	score = cos * crossTimeFactor(gap)
	t := f.Time.Unix()
	strong := func(v refVector, shared int) bool {
		need := e.o.CrossShared
		if len(f.Countries) > 0 && len(c.countries) > 0 && len(intersect(f.Countries, c.countries)) == 0 {
			need = max(need, crossElsewhereShared)
		}
		_, common := e.sharedBy(c, v, t)
		distinct := shared - common
		return distinct >= need && (distinct > e.o.CrossShared || c.knowsTitle(f))
	}
	switch {
	case shared >= e.o.CrossShared:
		ok = score >= e.o.CrossThreshold && strong(v, shared)
	case shared == 1 && gap <= int64(crossSingleGap/time.Second):
		ok = score >= e.o.CrossThreshold && c.sameKind(f.Topics) && e.alone(c, v, t)
	}
	if snd := f.weighed.snd; len(snd.f) > 0 && c.sumSnd.norm > 0 && gap <= int64(crossFullGap/time.Second) {
		dS, sharedS := c.sumSnd.dot(snd)
		dL, sharedL := c.sumLI.dot(li)
		an := 1.0
		if len(li.f) > 0 {
			an = math.Sqrt2
		}
		cosS := (dL + dS) / (an * math.Sqrt(c.sumLI.norm*c.sumLI.norm+c.sumSnd.norm*c.sumSnd.norm))
		if sharedS > 0 && sharedL+sharedS >= e.o.CrossShared && cosS >= e.o.CrossThreshold && (!ok || cosS > cos) && strong(li, sharedL+sharedS) {
			return cosS, true, true
		}
	}
	return score, true, ok
}

func (e *refEvents) sameLanguage(c *refCluster, p *refLangPart, f *refFeatures, all, spec refVector, tf float64) (score, need, nameCos float64) {
	d, _ := p.sum.dot(all)
	undated := !f.Dated || !c.dated
	link := float64(p.n)
	if undated && p.n > 1 && p.sum.norm > 0 {
		link = math.Sqrt(link * p.sum.norm)
	} else if p.n > 1 && p.sum.norm > 0 && p.gap(f.Time.Unix()) <= int64(nearGap/time.Second) {
		link = p.sum.norm
	}
	score = d / link * tf
	nt := e.o.NameThreshold
	if undated {
		nt = max(nt, e.o.UndatedNameThreshold)
	}
	_, nameCos = p.sumSpec.cosine(spec)
	need = e.o.Threshold
	if !undated {
		need -= nearBonus * nearFactor(p.gap(f.Time.Unix()))
	}
	if nameCos < nt {
		need += nameShortfallWeight * (nt - nameCos)
	}
	return score, need, nameCos
}

func (e *refEvents) alone(c *refCluster, v refVector, t int64) bool {
	carried, _ := e.sharedBy(c, v, t)
	return carried == 0
}

func (e *refEvents) sharedBy(c *refCluster, v refVector, t int64) (carried, common int) {
	for i, k := range v.f {
		if !c.sumLI.has(v.c[i]) && !c.sumSpec.has(v.c[i]) {
			continue
		}
		others := 0
		for _, id := range e.postings[k] {
			if o := e.clusters[id]; o != nil && o != c && o.gap(t) <= int64(crossSingleGap/time.Second) {
				if others++; others >= commonStories {
					break
				}
			}
		}
		if others > 0 {
			carried++
		}
		if others >= commonStories || e.nd >= minCommonDocs && e.df[k] >= commonShare*e.nd {
			common++
		}
	}
	return carried, common
}

func (e *refEvents) timeFactor(gapSeconds int64) float64 {
	return linearDiscount(gapSeconds, fullWeightGap, min(e.o.Window, zeroWeightGap))
}

type refCluster struct {
	story       int64
	byLang      map[string]*refLangPart
	sumLI       refSparse
	sumSpec     refSparse
	sumSnd      refSparse
	n           int
	first, last int64
	entities    []string
	topics      []string
	countries   []string
	dated       bool
	posted      []feature
}

type refLangPart struct {
	sum         refSparse
	sumSpec     refSparse
	n           int
	first, last int64
}

func (p *refLangPart) widen(first, last int64) {
	if p.n == 0 {
		p.first, p.last = first, last
		return
	}
	p.first, p.last = min(p.first, first), max(p.last, last)
}

func (p *refLangPart) gap(t int64) int64 { return timeGap(p.first, p.last, t) }

func (c *refCluster) part(lang string) *refLangPart {
	p := c.byLang[lang]
	if p == nil {
		p = &refLangPart{}
		c.byLang[lang] = p
	}
	return p
}

func (c *refCluster) knowsMost(ids []string) bool {
	known := 0
	for _, id := range ids {
		if slices.Contains(c.entities, id) {
			known++
		}
	}
	return 2*known >= len(ids)
}

func (c *refCluster) knowsTitle(f *refFeatures) bool {
	return c.knowsMost(f.TitleEntities) || len(f.Countries) > 0 && c.aboutAll(f.Countries)
}

func (c *refCluster) aboutAll(countries []string) bool {
	for _, iso := range countries {
		if !slices.Contains(c.countries, iso) {
			return false
		}
	}
	return true
}

func (c *refCluster) sameKind(topics []string) bool {
	return len(intersect(topics, c.topics)) > 0
}

func (c *refCluster) gap(t int64) int64 {
	switch {
	case t < c.first:
		return c.first - t
	case t > c.last:
		return t - c.last
	}
	return 0
}

func (c *refCluster) absorb(o *refCluster) {
	c.n += o.n
	c.dated = c.dated && o.dated
	c.first, c.last = min(c.first, o.first), max(c.last, o.last)
	for lang, op := range o.byLang {
		p := c.part(lang)
		p.widen(op.first, op.last)
		p.n += op.n
		p.sum.merge(op.sum, maxSum)
		p.sumSpec.merge(op.sumSpec, maxSpec)
	}
	c.entities = addUnique(c.entities, o.entities...)
	c.topics = addUnique(c.topics, o.topics...)
	c.countries = addUnique(c.countries, o.countries...)
	c.sumLI.merge(o.sumLI, maxLI)
	c.sumSpec.merge(o.sumSpec, maxSpec)
	c.sumSnd.merge(o.sumSnd, maxSnd)
	c.posted = append(c.posted, o.posted...)
}

func sharesNumber(c *refCluster, li refVector) bool {
	for i, k := range li.f {
		if k.kind() == kindNumber && c.sumLI.has(li.c[i]) {
			return true
		}
	}
	return false
}
