package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"mime"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// feedEpoch is the update time of a feed with no items: a fixed instant, so
// that an empty feed renders to the same bytes (and ETag) on every run.
var feedEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// tagYear is the date part of the tag: URIs minted for ids. It must never
// change, or every subscriber would see every item again.
const tagYear = "2026"

// summaryRunes bounds the plain-text summary of an item.
const summaryRunes = 400

// category is one tag of an item, in every form the formats need.
type category struct {
	Kind   string // region, country, place, actor, topic
	Term   string // the taxonomy id (ISO code for countries)
	Label  string // display name
	Scheme string // absolute IRI naming the vocabulary of Kind
}

// outlet is the source an item came from.
type outlet struct {
	Name    string
	FeedURL string // the outlet's own feed, or its site root
	SiteURL string
	Known   bool // FeedURL is the configured feed, not the site-root stand-in
}

// entry is one feed item, format-neutral and already safe: plain texts are
// clean, HTML is sanitized, URLs are absolute http(s) or empty.
type entry struct {
	ID          string // tag: URI, stable
	Key         string // story key (story unit) for page anchors
	Title       string // plain text
	Link        string
	ContentHTML string // sanitized HTML
	Summary     string // plain text
	Published   time.Time
	Updated     time.Time
	Author      string
	Language    string
	Image       string
	Enclosures  []model.Enclosure
	Categories  []category
	Source      outlet
	Also        []alsoLink // other outlets that carried the story
}

// alsoLink is another outlet's article on the same story.
type alsoLink struct {
	Name string
	URL  string
}

// builder turns stories into entries for one topic.
type builder struct {
	o      Options
	l      Labeler
	san    *sanitizer
	labels map[[2]string]string // memo of {kind, id} → clean label, per build
	memo   *htmlMemo            // optional: sanitized content across builds
}

// contentHTML sanitizes an article's HTML, through the memo when there is one.
func (b *builder) contentHTML(fragment, base string) string {
	if b.memo != nil {
		return b.memo.sanitize(b.san, fragment, base)
	}
	return b.san.HTML(fragment, base)
}

// label returns the clean display name of a tag, asking the Labeler once per
// tag and build. The pseudo-kind "source" memoizes the clean form of a
// configured outlet name (passed as id) the same way.
func (b *builder) label(kind, id string) string {
	k := [2]string{kind, id}
	if s, ok := b.labels[k]; ok {
		return s
	}
	if b.labels == nil {
		b.labels = map[[2]string]string{}
	}
	var s string
	if kind == "source" {
		s = b.san.Text(id) // id is the configured outlet name
	} else {
		s = b.san.Text(label(b.l, kind, id))
	}
	b.labels[k] = s
	return s
}

// entries returns the items of topic t from stories, newest change first,
// cut to the topic's limit.
func (b *builder) entries(t Topic, stories []model.Story) []entry {
	var out []entry
	if t.Unit == UnitArticle {
		for i := range stories {
			s := &stories[i]
			arts := s.Articles
			if len(arts) == 0 {
				arts = []model.Article{s.Lead}
			}
			seen := map[string]bool{}
			for j := range arts {
				e := b.articleEntry(s, &arts[j])
				if !seen[e.ID] {
					seen[e.ID] = true
					out = append(out, e)
				}
			}
		}
	} else {
		for i := range stories {
			out = append(out, b.storyEntry(t, &stories[i]))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Updated.Equal(out[j].Updated) {
			return out[i].Updated.After(out[j].Updated)
		}
		return out[i].ID < out[j].ID
	})
	seen := make(map[string]bool, len(out))
	uniq := out[:0]
	for _, e := range out {
		if !seen[e.ID] {
			seen[e.ID] = true
			uniq = append(uniq, e)
		}
	}
	if n := b.o.limitOf(t); len(uniq) > n {
		uniq = uniq[:n]
	}
	return uniq
}

// storyEntry renders one story as one item: the lead's title and link, the
// lead's content, and the other outlets named and linked.
func (b *builder) storyEntry(t Topic, s *model.Story) entry {
	lead := &s.Lead
	if lead.URL == "" && len(s.Articles) > 0 {
		lead = &s.Articles[0]
	}
	e := b.articleEntry(s, lead)
	e.ID = "tag:" + b.o.tagHost() + "," + tagYear + ":story/" + keySegment(s.Key)
	e.Key = s.Key
	// articleEntry already fell back to the story title when the lead has none.
	if e.Link == "" {
		e.Link = b.o.pageURL(t.Slug) + "#" + anchor(s.Key)
	}
	// The story's own times are the authority (Updated moves when an
	// article joins); the lead's are the fallback.
	if !s.FirstSeen.IsZero() {
		e.Published = s.FirstSeen.UTC()
	}
	if !s.Updated.IsZero() {
		e.Updated = s.Updated.UTC()
	}
	if e.Published.After(e.Updated) {
		e.Published = e.Updated
	}
	e.Categories = b.categories(s.Tags)

	// Other outlets, one link each, lead's outlet excluded.
	seen := map[string]bool{lead.SourceID: true}
	for i := range s.Articles {
		a := &s.Articles[i]
		link := safeURL(a.URL)
		if seen[a.SourceID] || link == "" {
			continue
		}
		seen[a.SourceID] = true
		e.Also = append(e.Also, alsoLink{Name: b.outletName(a.SourceID, link), URL: link})
	}
	// Outlets that ran an identical copy (stored once, as sightings).
	for _, g := range s.Sightings {
		link := safeURL(g.URL)
		if seen[g.SourceID] || link == "" {
			continue
		}
		seen[g.SourceID] = true
		e.Also = append(e.Also, alsoLink{Name: b.outletName(g.SourceID, link), URL: link})
	}
	if len(e.Also) > 0 {
		var sb strings.Builder
		sb.WriteString(e.ContentHTML)
		sb.WriteString("\n<p>Also reported by: ")
		for i, a := range e.Also {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(`<a href="` + html.EscapeString(a.URL) + `" rel="nofollow">` + html.EscapeString(a.Name) + `</a>`)
		}
		sb.WriteString("</p>")
		e.ContentHTML = sb.String()
	}
	return e
}

// articleEntry renders one article as one item.
func (b *builder) articleEntry(s *model.Story, a *model.Article) entry {
	link := safeURL(a.URL)
	if link == "" {
		link = safeURL(a.CanonicalURL)
	}
	e := entry{
		ID:        b.articleID(a),
		Key:       s.Key,
		Title:     b.san.Text(a.Title),
		Link:      link,
		Published: notFuture(firstTime(a.Published, a.Updated, a.FetchedAt), a.FetchedAt),
		Author:    b.san.Text(a.Author),
		Language:  languageTag(a.Language),
		Image:     safeURL(a.ImageURL),
	}
	e.Updated = notFuture(latest(a.Updated, e.Published), a.FetchedAt)
	if e.Title == "" {
		e.Title = b.san.Text(s.Title)
	}
	if e.Title == "" {
		e.Title = "(untitled)"
	}
	// Relative URLs resolve against the article's own link; without one
	// they are dropped (the sanitizer allows no relative URL), never resolved
	// against the aggregator's address. Ingest resolves them against the
	// feed already (issue 17), so this only matters for older rows.
	e.ContentHTML = b.contentHTML(a.ContentHTML, link)
	summary := b.san.Text(a.Summary)
	if summary == "" {
		summary = b.san.Text(a.Text)
	}
	e.Summary = truncateText(summary, summaryRunes)
	// A plain-text item is stored as text only (no copy as HTML): publish
	// the whole text, not just the summary.
	if e.ContentHTML == "" {
		if text := b.san.Text(a.Text); text != "" {
			e.ContentHTML = "<p>" + html.EscapeString(text) + "</p>"
		} else if e.Summary != "" {
			e.ContentHTML = "<p>" + html.EscapeString(e.Summary) + "</p>"
		}
	}
	for _, enc := range a.Enclosures {
		u := safeURL(enc.URL)
		if u == "" {
			continue
		}
		typ := strings.TrimSpace(cleanText(enc.Type))
		if _, _, err := mime.ParseMediaType(typ); err != nil || !strings.Contains(typ, "/") {
			typ = mime.TypeByExtension(path.Ext(urlPath(u)))
		}
		if typ == "" {
			typ = "application/octet-stream"
		}
		length := enc.Length
		if length < 0 {
			length = 0
		}
		e.Enclosures = append(e.Enclosures, model.Enclosure{URL: u, Type: typ, Length: length})
	}
	e.Source = b.outlet(a.SourceID, link)
	tags := a.Tags
	if tagCount(tags) == 0 {
		tags = s.Tags // the store may keep tags on the story only
	}
	e.Categories = b.categories(tags)
	return e
}

// tagCount is the number of tags in ts.
func tagCount(ts model.TagSet) int {
	return len(ts.Regions) + len(ts.Countries) + len(ts.Places) + len(ts.Actors) + len(ts.Topics)
}

// articleID is a stable id for an article: its source and a hash of its GUID
// (or URL), never the database id, so a rebuilt database keeps the ids.
func (b *builder) articleID(a *model.Article) string {
	key := a.GUID
	if key == "" {
		key = a.CanonicalURL
	}
	if key == "" {
		key = a.URL
	}
	sum := sha256.Sum256([]byte(a.SourceID + "\x00" + key))
	src := a.SourceID
	if !validSlug(src) {
		src = "source"
	}
	return "tag:" + b.o.tagHost() + "," + tagYear + ":article/" + src + "/" + hex.EncodeToString(sum[:12])
}

// outlet describes source id, whose article is at link.
func (b *builder) outlet(id, link string) outlet {
	o := outlet{Name: b.outletName(id, link), SiteURL: siteRoot(link)}
	o.FeedURL = safeURL(b.o.SourceFeeds[id])
	o.Known = o.FeedURL != ""
	if o.FeedURL == "" {
		o.FeedURL = o.SiteURL
	}
	return o
}

// outletName is the display name of a source: the configured name, else the
// host of its link, else its id.
func (b *builder) outletName(id, link string) string {
	if name, ok := b.o.Sources[id]; ok {
		if n := b.label("source", name); n != "" {
			return n
		}
	}
	if u, err := url.Parse(link); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return b.san.Text(id)
}

// categories lists every tag of ts as a category: regions, countries,
// places, actors, topics, in that order, each sorted as given.
func (b *builder) categories(ts model.TagSet) []category {
	out := make([]category, 0, tagCount(ts))
	scheme := func(kind string) string { return b.o.BaseURL + "tags/" + kind }
	add := func(kind string, ids []string) {
		sch := scheme(kind)
		for i, id := range ids {
			id = strings.TrimSpace(cleanText(id))
			if id == "" || slices.Contains(ids[:i], id) {
				continue
			}
			out = append(out, category{
				Kind:   kind,
				Term:   id,
				Label:  b.label(kind, id),
				Scheme: sch,
			})
		}
	}
	add(model.KindRegion, ts.Regions)
	add(model.KindCountry, ts.Countries)
	add(model.KindPlace, ts.Places)
	add(model.KindActor, ts.Actors)
	add(model.KindTopic, ts.Topics)
	return out
}

// feedUpdated is the newest change among entries, or feedEpoch.
func feedUpdated(es []entry) time.Time {
	t := time.Time{}
	for _, e := range es {
		if e.Updated.After(t) {
			t = e.Updated
		}
	}
	if t.IsZero() {
		return feedEpoch
	}
	return t
}

// firstTime returns the first non-zero time, in UTC.
func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t.UTC()
		}
	}
	return feedEpoch
}

// notFuture clamps t to fetched when a source dated its item more than an
// hour after we fetched it: a far-future date would pin the item to the top
// of every feed.
func notFuture(t, fetched time.Time) time.Time {
	if !fetched.IsZero() && t.After(fetched.Add(time.Hour)) {
		return fetched.UTC()
	}
	return t
}

// latest returns the latest of ts, in UTC.
func latest(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	if m.IsZero() {
		return feedEpoch
	}
	return m.UTC()
}

// languageRE is what publish accepts as a language: an ISO 639 code with
// an optional region or script subtag, as RSS dc:language and readers expect.
var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)

// languageTag normalizes a language code ("EN_us" → "en-US") or returns "".
func languageTag(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	lang, region, has := strings.Cut(s, "-")
	lang = strings.ToLower(lang)
	if has {
		if len(region) == 2 {
			region = strings.ToUpper(region)
		}
		s = lang + "-" + region
	} else {
		s = lang
	}
	if !languageRE.MatchString(s) {
		return ""
	}
	return s
}

// keySegment is the story key as it appears in ids: the key itself when it
// is made of letters, digits, '.', '_' and '-' (as the store's keys are),
// else a hash of it, so an id never carries characters a reader might
// mistake for a scheme or markup.
func keySegment(key string) string {
	ok := key != "" && len(key) <= 128
	for _, r := range key {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			ok = false
			break
		}
	}
	if ok {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "h" + hex.EncodeToString(sum[:12])
}

// anchor turns a story key into an HTML id.
func anchor(key string) string {
	var b strings.Builder
	b.WriteString("story-")
	for _, r := range key {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// urlPath returns the path of raw, or "".
func urlPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Path
}
