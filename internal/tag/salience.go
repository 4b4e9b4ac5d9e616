package tag

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// params are the salience weights and thresholds, tuned on the evaluation set
// (eval/, TestEval): a country is salient at 2 points, which one title
// mention (3), one mention in the dateline (3) or first sentence (2), or two
// mentions further down (1 each) reach; a passing mention deep in the text
// does not.
type params struct {
	wTitle, wDateline, wLead1, wLead2, wBody float64
	fDemonym, fCity                          float64
	fDemonymWeak                             float64 // a demonym before a name or thing ("Bulgarian Grigor", "Chinese restaurants")
	fPrefixed                                float64 // "anti-Israel", "pro-Russian", "ancient Egyptian", "Iran-backed", "London-based": an attitude, history or epithet more than the country
	threshold                                float64 // countries and regions
	placeThreshold                           float64
	relCut                                   float64 // a country needs this share of the top country's score
	fWorkTitle                               float64 // a name inside 《》, the title of a newspaper, book or film (《纽约时报》)
	fRefuge                                  float64 // where someone fled or was flown to ("fled to India"): the story is where they left
	fShout                                   float64 // a case-sensitive name in an all-capitals title ("TRADERS WHO SOLD", "JORDAN MARSH SALES"): the case that told the name from the word is gone
	fUnit                                    float64 // a currency unit in an amount ("50 доларів США", "2 billion U.S. dollars", "US$5"): a measure, not the country
	listBonus                                float64 // a country listed with two salient ones ("Russia, Turkey and Iran")
	actorThreshold                           float64
	memberThreshold                          float64 // places and armed groups of a salient country
	venueOther                               float64 // another country this well named outside the dateline makes the dateline a venue
	topicTitleHits, topicBodyHits            int
	nearWindow                               int // bytes each side of a match that near/not_near may look
	leadMinBytes                             int // shorter first lines (captions) do not make the lead
}

func defaultParams() params {
	return params{
		wTitle: 3, wDateline: 3, wLead1: 2, wLead2: 1.5, wBody: 1,
		fDemonym: 1, fDemonymWeak: 0.75, fPrefixed: 0.5, fCity: 1,
		threshold: 2, placeThreshold: 1.5, relCut: 0.14, listBonus: 1,
		fWorkTitle:     0.25,
		fRefuge:        0,
		fUnit:          0.25,
		fShout:         0.4,
		actorThreshold: 1.5, memberThreshold: 1,
		venueOther:     1,
		topicTitleHits: 1, topicBodyHits: 2,
		nearWindow:   300,
		leadMinBytes: 50,
	}
}

// score weighs every match by where it is (title, dateline, lead sentences,
// body) and what matched (a name, a demonym, a city), and sums the weights per
// entry; places add their weight to their country too. Countries named in a
// list together ("Russia, Turkey and Iran") get a bonus.
func (t *Tagger) score(an *analysis, sc *scratch, titleLen int) {
	p := &t.params
	nt := &sc.nt
	// The body's first sentence: the first break at or after the title's end.
	bodySent := sort.Search(len(nt.breaks), func(i int) bool {
		return int(nt.orig[nt.breaks[i]]) >= titleLen
	})
	// Short lines at the top of the body (captions, bylines, "Vladimir
	// Putin", datelines like "МОСКВА, 12 апреля.") do not push the real
	// first sentence out of the lead.
	leadSent := bodySent
	for skips := 0; skips < 3 && leadSent+1 < len(nt.breaks); skips++ {
		line := nt.b[nt.breaks[leadSent]:nt.breaks[leadSent+1]]
		// A short first "sentence" is a caption, a byline or a dateline
		// ended by a full stop ("КИЇВ, 11 листопада."): the lead goes on.
		if len(line) >= p.leadMinBytes {
			break
		}
		leadSent++
	}
	dateline := datelineEnd(an.full, min(titleLen+1, len(an.full)))
	shouting := allCapitals(an.full[:titleLen])
	// Whether the title capitalizes every word, worked out only when a name
	// that needs it is found in the title (rare; this is the hot path).
	titleCaseKnown, titleCase := false, false
	inTitleCase := func() bool {
		if !titleCaseKnown {
			titleCaseKnown, titleCase = true, shouting || headlineCase(an.full[:titleLen])
		}
		return titleCase
	}
	get := func(e int32) *score {
		s := an.scores[e]
		if s == nil {
			s = an.newScore(e)
		}
		return s
	}
	geo := an.geo[:0]
	reactK, reactHit := int32(-1), false // the last sentence judged a reaction, and the verdict
	formerEnd := -1                      // the end of the last name or demonym of a past office ("former Soviet")
	bonus := map[int32]bool{}
	towns := t.townsElsewhere(an.full, an.matches)
	titleDL := t.titleDateline(an, titleLen, dateline)
	for mi, m := range an.matches {
		var w float64
		sent := int32(-1) // the title, the dateline or the lead
		inDateline := false
		inTitle := m.start < titleLen
		switch {
		case mi == titleDL:
			w = p.wDateline
			inDateline = true
		case inTitle:
			w = p.wTitle
		case m.start >= titleLen+1 && m.start < dateline:
			w = p.wDateline
			inDateline = true
		default:
			// The lead: the body's first real sentence (captions, bylines
			// and other short lines before it count as lead too).
			k := sort.Search(len(nt.breaks), func(i int) bool { return int(nt.breaks[i]) > m.nstart }) - 1
			switch {
			case k <= leadSent:
				w = p.wLead1
			case k == leadSent+1:
				w = p.wLead2
				sent = int32(k)
			default:
				w = p.wBody
				sent = int32(k)
			}
		}
		// The context of the words, the same for every alias of the match
		// (topic words are not judged by it).
		ctx := 1.0
		if !m.topic {
			if negatedPrefix(an.full, m.start) || ancient(an.full, m.start) || t.ctx.ethnic(an.full, m.start) || epithet(an.full, m.end) {
				ctx *= p.fPrefixed
			}
			if inWorkTitle(an.full, m.start, m.end) || pressOrigin(an.full, m.start, m.end) || t.ctx.pressSource(an.full, m.end) {
				ctx *= p.fWorkTitle
			}
			if t.ctx.away(an.full, m.start) {
				ctx *= p.fRefuge
			}
			if !t.actorsOnly(m) && (t.ctx.former(an.full, m.start) || formerCJK(an.full, m.start, m.end)) {
				ctx *= p.fUnit
				formerEnd = m.end
			}
			if currencyUnit(an.full, m.start, m.end) || t.ctx.passingMention(an.full, m.start) || t.ctx.sweep(an.full, m.start, m.end) ||
				(inTitle && len(t.ctx.reacted) > 0 && t.ctx.answeringClause(an.full[:titleLen], m.start, nt)) {
				ctx *= p.fUnit
			}
			// A sentence after the lead that reports a reaction
			// ("Moscow condemned the move"): its countries reacted.
			if sent >= 0 && len(t.ctx.reacted) > 0 {
				if sent != reactK {
					reactK, reactHit = sent, t.ctx.reaction(nt, int(sent))
				}
				if reactHit {
					ctx *= p.fUnit
				}
			}
		}
		townIn := int32(-1)
		if !m.topic {
			townIn = t.townElsewhere(an.full, an.matches, mi)
			if towns != nil && townIn < 0 {
				if c, ok := towns[strings.ToLower(an.full[m.start:m.end])]; ok {
					townIn = c // "ATHENS, Ga." names the town; "rallied in Athens" is it again
				}
			}
		}
		last := int32(-1)
		for _, ai := range m.aliases {
			a := &t.aliases[ai]
			if a.entry == last {
				continue
			}
			last = a.entry
			f := ctx
			if townIn >= 0 && t.entries[a.entry].country != townIn {
				f = 0 // "Paris, Texas": a town of another country
			}
			if inTitle && shouting && a.caseSensitive {
				f *= p.fShout
			}
			if a.personLike && (!inTitle || !inTitleCase()) && inPersonName(an.full, m.start, m.end) {
				f = 0 // "Chad Everett", "Hamilton Jordan", "Jordan Marsh"
			}
			switch a.src {
			case srcDemonym:
				f *= p.fDemonym
				// The English test of what follows a demonym does not read
				// another language that spells it alike (Turkish "Türk
				// hükümeti" is "Turk" folded): a name too, it counts as one.
				if !pluralNoun(a.text) && !demonymAsActor(an.full, m.end) && !t.alsoName(m.aliases, a, an.full[m.start:m.end]) {
					f = ctx * p.fDemonymWeak
				}
			case srcCity:
				f *= p.fCity
				if marketCity(an.full, m.start, m.end) {
					f *= p.fUnit // "London traders said", "said in London"
				}
			}
			if (a.src == srcCity || t.entries[a.entry].Kind == model.KindPlace) && longerPlaceName(an.full, an.matches, mi) {
				f = 0 // "San Antonio del Táchira": another town
			}
			s := get(a.entry)
			if !m.topic && t.entries[a.entry].Kind == model.KindActor && formerEnd >= 0 && m.start >= formerEnd && m.start-formerEnd <= 40 && !strings.ContainsAny(an.full[formerEnd:m.start], ".,;:!?") {
				s.former = true // "former Soviet leader Mikhail Gorbachev"
			}
			s.total += w * f
			s.mentions++
			if inDateline {
				s.dateline++
				s.datelineW += w * f
			}
			if inTitle {
				s.title++
			} else {
				s.body++
			}

			ent := &t.entries[a.entry]
			if ent.Kind == model.KindPlace && ent.country >= 0 {
				cs := get(ent.country)
				cs.total += w * f
				cs.mentions++
				if inDateline {
					cs.dateline++
					cs.datelineW += w * f
				}

			}
			if ent.country >= 0 {
				geo = append(geo, geoHit{ent.country, m.start, m.end})
			}
		}
	}
	// Lists of countries: a country listed together with two or more
	// already salient ones ("talks between Russia, Turkey and Iran" in a
	// story about Russia and Turkey) gains a bonus; "Senegal and Ivory
	// Coast" in passing, or "Iraq and Syria" beside one salient country, do
	// not.
	for i := 0; i < len(geo); {
		j := i + 1
		for j < len(geo) && geo[j].start >= geo[j-1].end && isListGap(an.full[geo[j-1].end:geo[j].start]) {
			j++
		}
		salient := map[int32]bool{}
		for _, g := range geo[i:j] {
			if an.scores[g.country].total >= p.threshold {
				salient[g.country] = true
			}
		}
		if len(salient) >= 2 {
			for _, g := range geo[i:j] {
				if !salient[g.country] {
					bonus[g.country] = true
				}
			}
		}
		i = j
	}
	an.geo = geo
	for c := range bonus {
		an.scores[c].total += p.listBonus
		an.scores[c].listed = true
	}
}

// geoHit is a match of an entry in a country (the country itself or a place
// of it), for finding the lists of countries.
type geoHit struct {
	country    int32
	start, end int
}

// roleWords are the nouns that make a demonym stand for its country as an
// actor: "Turkish President", "Syrian forces", "Iranian officials".
var roleWords = map[string]bool{
	"president": true, "president's": true, "prime": true, "pm": true, "premier": true, "chancellor": true,
	"foreign": true, "defence": true, "defense": true, "interior": true, "finance": true, "economy": true,
	"minister": true, "ministers": true, "ministry": true, "government": true, "government's": true,
	"authorities": true, "officials": true, "official": true, "army": true, "military": true,
	"forces": true, "troops": true, "soldiers": true, "police": true, "navy": true, "air": true,
	"warplanes": true, "jets": true, "parliament": true, "lawmakers": true, "leader": true,
	"leaders": true, "leadership": true, "king": true, "queen": true, "state": true, "embassy": true,
	"ambassador": true, "diplomats": true, "diplomat": true, "envoy": true, "delegation": true,
	"court": true, "courts": true, "coast": true, "border": true, "capital": true, "people": true,
	"citizens": true, "nationals": true, "national": true, "opposition": true, "rebels": true,
	"activists": true, "protesters": true, "refugees": true, "migrants": true, "counterpart": true,
	"side": true, "central": true, "currency": true, "election": true, "elections": true,
	"voters": true, "security": true, "intelligence": true, "nuclear": true, "regime": true,
	"junta": true, "president-elect": true, "capital's": true, "cabinet": true, "opposition's": true,
	"media": true, "press": true, "news": true, "agency": true, "sources": true, "counterparts": true,
	"territory": true, "waters": true, "airspace": true, "side's": true, "population": true,
	"president,": true, "crisis": true, "war": true, "conflict": true, "civil": true, "peace": true,
	"talks": true, "ceasefire": true, "economy's": true, "markets": true, "exports": true, "imports": true,
	// Plurals and the people of a country, who stand for it as much as its
	// officials do ("British and Irish governments", "Palestinian civilians").
	"governments": true, "presidents": true, "parliaments": true, "armies": true, "navies": true,
	"civilians": true, "children": true, "students": true, "workers": true, "tourists": true,
	"hostages": true, "prisoners": true, "fighters": true, "militants": true, "guerrillas": true,
	"militiamen": true, "militias": true, "villagers": true, "families": true, "residents": true,
	"voters'": true, "negotiators": true, "diplomatic": true, "economic": true, "embassies": true,
}

// demonymAsActor reports whether the demonym ending at end stands for its
// country: followed by a role word ("Turkish President", "Syrian forces"),
// or by no word at all (a noun: "the Syrians.", "Germans and French"). A
// demonym before a name or a thing ("Bulgarian Grigor Dimitrov", "Chinese
// restaurants", "Mexican Mafia") is a weaker sign. Only Latin-script text
// is judged; elsewhere the demonym counts in full.
func demonymAsActor(full string, end int) bool {
	rest := full[end:]
	i := 0
	for i < len(rest) && (rest[i] == ' ' || rest[i] == '-') {
		i++
	}
	if i == 0 && i < len(rest) && rest[i] != '\'' {
		// Glued to something (non-Latin scripts, "’s"): no judgement.
		return true
	}
	j := i
	for j < len(rest) && (isASCIILetter(rest[j]) || rest[j] == '\'') {
		j++
	}
	if j < len(rest) && rest[j] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRuneInString(rest[j:]); unicode.IsLetter(r) {
			// A word with letters English does not write: another
			// language's, which reads the name as its own ("Italian
			// pääministeri" is Finnish "Italy's prime minister").
			return true
		}
	}
	if j == i {
		return true // punctuation or end: used as a noun
	}
	if j-i > 32 {
		return false
	}
	// Lower-case the ASCII word on the stack: no allocation per demonym.
	var buf [32]byte
	for k := i; k < j; k++ {
		c := rest[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k-i] = c
	}
	w := buf[:j-i]
	switch string(w) {
	case "and", "or", "who", "have", "has", "were", "are", "said", "say":
		return true // a noun: "Germans and French", "Syrians who fled"
	}
	return roleWords[string(w)] || foreignRoleWords[string(w)]
}

// foreignRoleWords are the Finnish and Dutch nouns, in ASCII, that follow a
// country's genitive or adjective when it stands for the state. A Finnish
// genitive often reads as an English demonym ("Italian", "Latvian",
// "Belgian" + "hallitus"), and Dutch writes some adjectives as English does
// ("Chinese", "Vietnamese", "Congolese" + "regering"); the longer English
// pattern wins the match, and these words, which no English text has, say
// which language it is. Those with letters English does not write
// ("pääministeri") are another language's words already.
var foreignRoleWords = map[string]bool{
	// Finnish
	"presidentti": true, "presidentin": true, "hallitus": true, "hallituksen": true, "armeija": true,
	"joukot": true, "ulkoministeri": true, "ulkoministerin": true, "puolustusministeri": true,
	"valtiovarainministeri": true, "parlamentti": true, "parlamentin": true, "keskuspankki": true,
	"poliisi": true, "viranomaiset": true, "rajalla": true, "rajan": true, "raja": true, "talous": true,
	"vaalit": true, "vaaleissa": true, "kansalaiset": true, "kansalaisia": true, "sotilaat": true,
	"puolustusvoimat": true, "johto": true, "kuningas": true, "kuningatar": true, "oppositio": true,
	"valtio": true, "liittokansleri": true, "presidentinvaalit": true, "pankki": true,
	// Dutch
	"regering": true, "regeringen": true, "leger": true, "ambassade": true, "ambassadeur": true,
	"autoriteiten": true, "overheid": true, "staatsmedia": true, "staatstelevisie": true, "kabinet": true,
	"troepen": true, "militairen": true, "kustwacht": true, "ministerie": true,
	"parlement": true, "verkiezingen": true, "grens": true, "hoofdstad": true, "persbureau": true,
	"politie": true, "leider": true, "leiders": true, "oppositie": true, "burgers": true,
	"bevolking": true, "economie": true, "strijdkrachten": true, "delegatie": true, "diplomaten": true,
	"staatshoofd": true, "regeringsleider": true, "minister-president": true,
}

// negatedPrefix reports whether the name starting at start is glued to
// "anti-", "pro-" or "non-" ("anti-Israel slogan", "pro-Russian rebels").
func negatedPrefix(full string, start int) bool {
	before := full[max(0, start-5):start]
	if !strings.HasSuffix(before, "-") {
		return false
	}
	b := strings.ToLower(before)
	return strings.HasSuffix(b, "anti-") || strings.HasSuffix(b, "pro-") || strings.HasSuffix(b, "non-")
}

// ancient reports whether the name starting at start follows "ancient"
// ("ancient Egyptian relics", "ancient Greek"): history, not the country.
func ancient(full string, start int) bool {
	return start >= 8 && strings.EqualFold(full[start-8:start], "ancient ")
}

// pluralNoun reports whether a demonym is a plural noun ("Mauritanians",
// "Britons", "Aussies"): people of the country, never an adjective before a
// thing, so it always counts in full.
func pluralNoun(text string) bool {
	n := len(text)
	return n > 3 && text[n-1] == 's' && text[n-2] != 's' && isASCIILetter(text[0])
}

// inWorkTitle reports whether the span start:end lies inside Chinese title
// marks 《…》, which name newspapers, books and films (《纽约时报》,
// 《新苏黎世报》): the place in such a name is not what the text is about.
func inWorkTitle(full string, start, end int) bool {
	const open, closing = "《", "》"
	if start < 3 || !strings.Contains(full[max(0, start-45):start], open) {
		return false
	}
	lo := max(0, start-45)
	before := full[lo:start]
	i := strings.LastIndex(before, open)
	if i < 0 || strings.Contains(before[i:], closing) {
		return false
	}
	after := full[end:min(len(full), end+45)]
	j := strings.Index(after, closing)
	return j >= 0 && !strings.Contains(after[:j], open)
}

// epithetWords follow a name and a dash in the wire's stock epithets
// ("Iran-backed Houthis", "London-based Syrian Observatory", "U.S.-based
// cleric"): they describe someone else, the country is in the background.
var epithetWords = []string{"backed", "based", "aligned", "allied", "sponsored", "supported", "funded", "trained", "armed", "linked"}

// epithet reports whether the name ending at end is followed by a dash and
// one of the epithetWords.
func epithet(full string, end int) bool {
	if end >= len(full) || (full[end] != '-' && !strings.HasPrefix(full[end:], "‑")) {
		return false
	}
	rest := full[end+1:]
	if full[end] != '-' {
		rest = full[end+len("‑"):]
	}
	for _, w := range epithetWords {
		if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) && (len(rest) == len(w) || !isASCIILetter(rest[len(w)])) {
			return true
		}
	}
	return false
}

// pressOrigin reports whether the name at start:end says where a quoted
// newspaper or the media come from, as Chinese press reviews write it:
// 瑞士《新苏黎世报》, 英媒 ("British media"), 美媒.
func pressOrigin(full string, start, end int) bool {
	if strings.HasSuffix(full[start:end], "媒") {
		return true
	}
	rest := strings.TrimLeft(full[end:min(len(full), end+8)], " ")
	return strings.HasPrefix(rest, "《") || strings.HasPrefix(rest, "媒")
}

// actorsOnly reports whether every alias of m names an actor (a person or
// a body: "former President Trump" is still Trump's story).
func (t *Tagger) actorsOnly(m match) bool {
	for _, ai := range m.aliases {
		if t.entries[t.aliases[ai].entry].Kind != model.KindActor {
			return false
		}
	}
	return true
}

// ptrs lists every field of p, for the compiled tagger's codec
// (compiled.go): a field added to params and not listed here fails
// TestCompiledCodecCoversEveryField.
func (p *params) ptrs() ([]*float64, []*int) {
	return []*float64{&p.wTitle, &p.wDateline, &p.wLead1, &p.wLead2, &p.wBody, &p.fDemonym, &p.fCity,
			&p.fDemonymWeak, &p.fPrefixed, &p.threshold, &p.placeThreshold, &p.relCut, &p.fWorkTitle,
			&p.fRefuge, &p.fShout, &p.fUnit, &p.listBonus, &p.actorThreshold, &p.memberThreshold, &p.venueOther},
		[]*int{&p.topicTitleHits, &p.topicBodyHits, &p.nearWindow, &p.leadMinBytes}
}
