// Package render turns stories into bytes: feed items (entries) in RSS 2.0,
// Atom 1.0 and JSON Feed 1.1, the OPML list of feeds, and the sanitizing of
// what outlets send. Its functions are pure: the same stories, options and
// labels always give the same bytes. Serving them — HTTP, caching, pages,
// search, WebSub, the static export — is package publish's.
package render

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Labeler gives display names for tags so that feeds and pages show "Syria"
// rather than "syria". kind is one of region, country, place, actor, topic;
// for countries id is the ISO 3166-1 alpha-2 code as found in
// model.TagSet.Countries. An unknown id should come back unchanged.
type Labeler interface {
	Label(kind, id string) string
}

// Topic is one published topic feed, as configured (see config.Topic).
type Topic struct {
	Slug        string
	Title       string
	Description string
	Unit        string // "story" (default) or "article"
	Limit       int    // items in the feed; 0 means Options.Limit
	// Categories lists the tag kinds the feed's items carry as categories;
	// empty means every kind. Pages show every tag whatever it says.
	Categories []string
	// Content is what items carry of each article: ContentSummary (the
	// default, also for "") or ContentFull.
	Content string
	// TagKind is set on the pseudo-topic of a tag's page and feeds
	// (/tags/KIND/ID): the tag's kind. Empty for configured topics.
	TagKind string
}

// emitted returns the categories of cs whose kind t's feed carries.
func (t Topic) emitted(cs []Category) []Category {
	if len(t.Categories) == 0 {
		return cs
	}
	out := make([]Category, 0, len(cs))
	for _, c := range cs {
		if slices.Contains(t.Categories, c.Kind) {
			out = append(out, c)
		}
	}
	return out
}

// Units a topic can publish.
const (
	UnitStory   = "story"
	UnitArticle = "article"
)

// Feed formats accepted by Render.
const (
	FormatRSS  = "rss"
	FormatAtom = "atom"
	FormatJSON = "json"
)

// Defaults used when Options leaves a field zero.
const (
	DefaultLimit     = 50
	DefaultMaxAge    = 5 * time.Minute
	DefaultSiteTitle = "International affairs feeds"
)

// Options configure rendering. BaseURL is what feeds need for their absolute
// self links and ids (it defaults to http://localhost:8080/).
type Options struct {
	BaseURL   string // absolute site root, e.g. https://news.example.org/
	SiteTitle string // site title on pages, OPML and as the feeds' author
	WebSubHub string // WebSub hub URL; empty leaves out rel="hub"
	// MaxAge is the feeds' refresh hint (RSS ttl).
	MaxAge time.Duration
	// Limit is the number of items per feed when a topic sets none.
	Limit int
	// Sources maps source id to the outlet's display name.
	Sources map[string]string
	// SourceFeeds optionally maps source id to the outlet's own feed URL, used
	// for RSS <source url=> and Atom <source>; without it the outlet's site
	// root (from the article URL) stands in.
	SourceFeeds map[string]string
	// StaticSite renders for a static export: page links name the files
	// (feeds/SLUG.html).
	StaticSite bool
}

// WithDefaults returns o with its zero fields filled in.
func (o Options) WithDefaults() Options {
	if o.BaseURL == "" {
		o.BaseURL = "http://localhost:8080/"
	}
	if !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	if o.SiteTitle == "" {
		o.SiteTitle = DefaultSiteTitle
	}
	if o.MaxAge <= 0 {
		o.MaxAge = DefaultMaxAge
	}
	if o.Limit <= 0 {
		o.Limit = DefaultLimit
	}
	return o
}

// LimitOf returns the number of items topic t publishes.
func (o Options) LimitOf(t Topic) int {
	if t.Limit > 0 {
		return t.Limit
	}
	if o.Limit > 0 {
		return o.Limit
	}
	return DefaultLimit
}

// TagPathPrefix starts the site path of a tag's page and feeds (and the
// Slug of its pseudo-topic); topic slugs cannot contain '/', so the two
// never meet.
const TagPathPrefix = "tags/"

// SitePath is the site-relative path (no leading slash, no extension) of a
// topic's page and feeds, or of a tag's for a tag pseudo-topic.
func SitePath(slug string) string {
	if strings.HasPrefix(slug, TagPathPrefix) {
		return slug
	}
	return "feeds/" + slug
}

// FeedURL returns the absolute URL of topic slug's feed in format
// ("rss", "atom", "json"), as used in self links, OPML and WebSub pings.
func (o Options) FeedURL(slug, format string) string {
	return o.WithDefaults().BaseURL + SitePath(slug) + "." + format
}

// PageURL returns the absolute URL of topic slug's HTML page.
func (o Options) PageURL(slug string) string {
	return o.BaseURL + SitePath(slug) + o.PageExt()
}

// PageExt is what page links end in: nothing on the server, ".html" in a
// static export, where a page must be linked by its file name.
func (o Options) PageExt() string {
	if o.StaticSite {
		return ".html"
	}
	return ""
}

// tagHost is the authority of the tag: URIs minted for ids (RFC 4151 wants a
// DNS name, so the port is dropped).
func (o Options) tagHost() string {
	u, err := url.Parse(o.BaseURL)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return strings.ToLower(u.Hostname())
}

// label asks l for a display name, falling back to the id.
func label(l Labeler, kind, id string) string {
	if l == nil {
		return id
	}
	if s := l.Label(kind, id); s != "" {
		return s
	}
	return id
}
