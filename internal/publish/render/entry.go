package render

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

// FeedEpoch is the update time of a feed with no items: a fixed instant, so
// that an empty feed renders to the same bytes (and ETag) on every run.
var FeedEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// tagYear is the date part of the tag: URIs minted for ids. It must never
// change, or every subscriber would see every item again.
const tagYear = "2026"

// summaryRunes bounds the plain-text summary of an item.
const summaryRunes = 400

// Category is one tag of an item, in every form the formats need.
type Category struct {
	Kind   string // region, country, place, actor, topic
	Term   string // the taxonomy id (ISO code for countries)
	Label  string // display name
	Scheme string // absolute IRI naming the vocabulary of Kind
}

// Outlet is the source an item came from.
type Outlet struct {
	Name    string
	FeedURL string // the outlet's own feed, or its site root
	SiteURL string
	Known   bool // FeedURL is the configured feed, not the site-root stand-in
}

// Entry is one feed item, format-neutral and already safe: plain texts are
// clean, HTML is sanitized, URLs are absolute http(s) or empty.
type Entry struct {
	ID          string // tag: URI, stable
	Key         string // story key (story unit) for page anchors
	Title       string // plain text
	Link        string
	ContentHTML string    // sanitized HTML
	Summary     string    // plain text
	Published   time.Time // the source's publication time, clamped (model.Article.NewsTime)
	Updated     time.Time // the last change, by the sources' times; never before Published
	FirstSeen   time.Time // when the aggregator first fetched it (zero: unknown)
	Author      string
	Language    string
	Image       string
	Enclosures  []model.Enclosure
	Categories  []Category // what the feed emits: AllTags cut to the topic's kinds
	AllTags     []Category // every tag, for the pages' chips
	Named       []string   // regions the text itself names (from the tagger's evidence)
	Source      Outlet
	Also        []AlsoLink // other outlets that carried the story
	// PartOf is the earlier story a merged story's item points to (see
	// model.Story.MergedInto): its title, and its lead article's link.
	PartOf *AlsoLink
}

// AlsoLink is another outlet's article on the same story.
type AlsoLink struct {
	Name string
	URL  string
}

// Builder turns stories into entries: format-neutral feed items, already
// safe, that the encoders and the pages share. Make one per render with
// NewBuilder; it is not safe for concurrent use.
type Builder struct {
	o      Options
	l      Labeler
	san    *sanitizer
	labels map[[2]string]string // memo of {kind, id} → clean label, per build
	memo   *Memo                // optional: sanitized content across builds
	// FeedTitles maps source id to the feed's own title, the outlet name
	// when the configuration gives none.
	FeedTitles map[string]string
}

// NewBuilder returns a Builder for one render with options o (defaults
// applied), labels from l (may be nil) and, optionally, a memo of sanitized
// HTML shared across renders.
func NewBuilder(o Options, l Labeler, memo *Memo) *Builder {
	return &Builder{o: o.WithDefaults(), l: l, san: sharedSanitizer(), memo: memo}
}

// contentHTML sanitizes an article's HTML, through the memo when there is one.
func (b *Builder) contentHTML(fragment, base string) string {
	if b.memo != nil {
		return b.memo.sanitize(b.san, fragment, base)
	}
	return b.san.HTML(fragment, base)
}

// label returns the clean display name of a tag, asking the Labeler once per
// tag and build. The pseudo-kind "source" memoizes the clean form of a
// configured outlet name (passed as id) the same way.
func (b *Builder) label(kind, id string) string {
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

// Entries returns the items of topic t from stories, newest change first,
// cut to the topic's limit.
func (b *Builder) Entries(t Topic, stories []model.Story) []Entry {
	var out []Entry
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
	if n := b.o.LimitOf(t); len(uniq) > n {
		uniq = uniq[:n]
	}
	for i := range uniq {
		e := &uniq[i]
		e.AllTags = e.Categories
		e.Categories = t.emitted(e.Categories)
		e.ContentHTML = itemBody(t, e)
	}
	return uniq
}

// storyEntry renders one story as one item: the lead's title and link, the
// lead's content, and the other outlets named and linked.
func (b *Builder) storyEntry(t Topic, s *model.Story) Entry {
	lead := &s.Lead
	if lead.URL == "" && len(s.Articles) > 0 {
		lead = &s.Articles[0]
	}
	e := b.articleEntry(s, lead)
	e.ID = "tag:" + b.o.tagHost() + "," + tagYear + ":story/" + keySegment(s.Key)
	e.Key = s.Key
	// articleEntry already fell back to the story title when the lead has none.
	// Without a safe link of its own a feed item links its place on the
	// topic's page; the home and search pages (no slug) leave it unlinked.
	if e.Link == "" && t.Slug != "" {
		e.Link = b.o.PageURL(t.Slug) + "#" + Anchor(s.Key)
	}
	e.Published, e.Updated = storyTimes(s, lead)
	if !s.FirstSeen.IsZero() {
		e.FirstSeen = s.FirstSeen.UTC()
	}
	e.Categories = b.categories(s.Tags)
	if m := s.MergedInto; m != nil {
		// The item stays where it was published and now points to the
		// earlier story: that is a change readers should see.
		e.PartOf = &AlsoLink{Name: b.san.Text(m.Title), URL: SafeURL(m.LeadURL)}
		if s.Updated.After(e.Updated) {
			e.Updated = s.Updated.UTC()
		}
	}

	// Other outlets, one link each, lead's outlet excluded.
	seen := map[string]bool{lead.SourceID: true}
	for i := range s.Articles {
		a := &s.Articles[i]
		link := SafeURL(a.URL)
		if seen[a.SourceID] || link == "" {
			continue
		}
		seen[a.SourceID] = true
		e.Also = append(e.Also, AlsoLink{Name: b.outletName(a.SourceID, link), URL: link})
	}
	// Outlets that ran an identical copy (stored once, as sightings).
	for _, g := range s.Sightings {
		link := SafeURL(g.URL)
		if seen[g.SourceID] || link == "" {
			continue
		}
		seen[g.SourceID] = true
		e.Also = append(e.Also, AlsoLink{Name: b.outletName(g.SourceID, link), URL: link})
	}
	return e
}

// articleEntry renders one article as one item.
func (b *Builder) articleEntry(s *model.Story, a *model.Article) Entry {
	link := SafeURL(a.URL)
	if link == "" {
		link = SafeURL(a.CanonicalURL)
	}
	e := Entry{
		ID:        b.articleID(a),
		Key:       s.Key,
		Title:     b.san.Text(a.Title),
		Link:      link,
		Published: orEpoch(a.NewsTime()),
		Updated:   orEpoch(a.ChangeTime()),
		FirstSeen: a.FetchedAt.UTC(),
		Author:    b.san.Text(a.Author),
		Language:  languageTag(a.Language),
		Image:     SafeURL(a.ImageURL),
	}
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
	e.Summary = TruncateText(summary, summaryRunes)
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
		u := SafeURL(enc.URL)
		if u == "" {
			continue
		}
		typ := strings.TrimSpace(CleanText(enc.Type))
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
	e.Source = b.outletOf(a.SourceID, link)
	tags := a.Tags
	if tagCount(tags) == 0 {
		tags = s.Tags // the store may keep tags on the story only
	}
	e.Categories = b.categories(tags)
	for _, m := range a.Mentions {
		if m.Kind == model.KindRegion && !slices.Contains(e.Named, m.Tag) {
			e.Named = append(e.Named, m.Tag)
		}
	}
	return e
}

// tagCount is the number of tags in ts.
func tagCount(ts model.TagSet) int {
	return len(ts.Regions) + len(ts.Countries) + len(ts.Places) + len(ts.Actors) + len(ts.Topics)
}

// articleID is a stable id for an article: its source and a hash of its GUID
// (or URL), never the database id, so a rebuilt database keeps the ids.
func (b *Builder) articleID(a *model.Article) string {
	key := a.GUID
	if key == "" {
		key = a.CanonicalURL
	}
	if key == "" {
		key = a.URL
	}
	sum := sha256.Sum256([]byte(a.SourceID + "\x00" + key))
	src := a.SourceID
	if !ValidSlug(src) {
		src = "source"
	}
	return "tag:" + b.o.tagHost() + "," + tagYear + ":article/" + src + "/" + hex.EncodeToString(sum[:12])
}

// outletOf describes source id, whose article is at link.
func (b *Builder) outletOf(id, link string) Outlet {
	o := Outlet{Name: b.outletName(id, link), SiteURL: siteRoot(link)}
	o.FeedURL = SafeURL(b.o.SourceFeeds[id])
	o.Known = o.FeedURL != ""
	if o.FeedURL == "" {
		o.FeedURL = o.SiteURL
	}
	return o
}

// outletName is the display name of a source: the configured name, else the
// feed's own title, else the host of its link, else its id.
func (b *Builder) outletName(id, link string) string {
	if name, ok := b.o.Sources[id]; ok {
		if n := b.label("source", name); n != "" {
			return n
		}
	}
	if title, ok := b.FeedTitles[id]; ok {
		if n := b.label("source", title); n != "" {
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
func (b *Builder) categories(ts model.TagSet) []Category {
	out := make([]Category, 0, tagCount(ts))
	scheme := func(kind string) string { return b.o.BaseURL + "tags/" + kind }
	add := func(kind string, ids []string) {
		sch := scheme(kind)
		for i, id := range ids {
			id = strings.TrimSpace(CleanText(id))
			if id == "" || slices.Contains(ids[:i], id) {
				continue
			}
			out = append(out, Category{
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

// FeedUpdated is the newest change among entries, or feedEpoch.
func FeedUpdated(es []Entry) time.Time {
	t := time.Time{}
	for _, e := range es {
		if e.Updated.After(t) {
			t = e.Updated
		}
	}
	if t.IsZero() {
		return FeedEpoch
	}
	return t
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

// Anchor turns a story key into an HTML id.
func Anchor(key string) string {
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
