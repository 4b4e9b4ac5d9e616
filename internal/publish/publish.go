// Package publish turns stored stories into the product's public face: topic
// feeds in RSS 2.0, Atom 1.0 and JSON Feed 1.1, the HTML pages, the OPML list of
// feeds, and a static export of all of them. It serves them over HTTP with
// strong ETags, Last-Modified, 304s, precompressed gzip and a render cache that
// is only dropped when the pipeline says a topic changed, so that a poll of an
// unchanged feed costs no database query. When a WebSub hub is configured the
// feeds name it and Invalidate pings it.
//
// The package does not import the store: it reads through the small
// StoryReader interface, which the store satisfies (through an adapter where
// needed). Wiring, in the daemon:
//
//	o := publish.OptionsFromConfig(cfg)
//	o.Logger, o.Registerer = logger, registry
//	srv := publish.NewServer(o, storeAdapter, taggerLabels)
//	httpSrv := publish.NewHTTPServer(cfg.Listen, srv) // timeouts and header limit set
//	// pipeline, after a round changed topic membership:
//	srv.Invalidate(changedSlugs...)
//	// SIGHUP: srv.SetTopics(publish.TopicsFromConfig(newCfg.Topics))
//	// publish -out DIR: srv.Export(ctx, dir)
//
// Conformance with outside tools (jing, ajv, feedparser, newsboat, Chromium)
// is checked by scripts/conformance/run.sh, HTTP throughput with wrk by
// scripts/conformance/bench.sh.
package publish

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/intlwire/aggregator/internal/model"
)

// StoryReader is what publish needs from storage.
type StoryReader interface {
	// TopicStories returns the newest stories of a topic (by Updated desc),
	// each with Lead, Articles and Tags filled in.
	TopicStories(ctx context.Context, slug string, limit int) ([]model.Story, error)
	// RecentStories returns the newest stories overall (for the home page).
	RecentStories(ctx context.Context, limit int) ([]model.Story, error)
}

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
	homeStories      = 30
)

// Options configure rendering and serving. The zero value of each field has a
// sensible default, except BaseURL, which feeds need for their absolute self
// links and ids (it defaults to http://localhost:8080/).
type Options struct {
	BaseURL   string // absolute site root, e.g. https://news.example.org/
	SiteTitle string // site title on pages, OPML and as the feeds' author
	WebSubHub string // WebSub hub URL; empty disables rel="hub" and pings
	// MaxAge is the Cache-Control max-age of responses.
	MaxAge time.Duration
	// Limit is the number of items per feed when a topic sets none.
	Limit  int
	Topics []Topic
	// Sources maps source id to the outlet's display name.
	Sources map[string]string
	// SourceFeeds optionally maps source id to the outlet's own feed URL, used
	// for RSS <source url=> and Atom <source>; without it the outlet's site
	// root (from the article URL) stands in.
	SourceFeeds map[string]string
	Logger      *slog.Logger
	// Registerer receives the package's metrics; when it is also a
	// prometheus.Gatherer the server answers /metrics from it.
	Registerer prometheus.Registerer
	// Metrics, when set, answers /metrics (e.g. the daemon's promhttp
	// handler); otherwise Registerer is used if it is a Gatherer.
	Metrics http.Handler
	// PingTimeout bounds one WebSub ping (default DefaultPingTimeout).
	PingTimeout time.Duration
	// PingConcurrency bounds the WebSub pings in flight
	// (default DefaultPingConcurrency).
	PingConcurrency int
	// PingAttempts and PingBackoff: a failed ping is tried PingAttempts
	// times in all, waiting PingBackoff, then twice that, between tries
	// (defaults DefaultPingAttempts, DefaultPingBackoff).
	PingAttempts int
	PingBackoff  time.Duration
	// PingMemory, when set, keeps what the hub was told across restarts.
	PingMemory PingMemory
	// HTTPClient sends WebSub pings (default: a client with PingTimeout).
	HTTPClient HTTPDoer
}

// withDefaults returns o with its zero fields filled in.
func (o Options) withDefaults() Options {
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
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.PingTimeout <= 0 {
		o.PingTimeout = DefaultPingTimeout
	}
	if o.PingConcurrency <= 0 {
		o.PingConcurrency = DefaultPingConcurrency
	}
	if o.PingAttempts <= 0 {
		o.PingAttempts = DefaultPingAttempts
	}
	if o.PingBackoff <= 0 {
		o.PingBackoff = DefaultPingBackoff
	}
	return o
}

// limitOf returns the number of items topic t publishes.
func (o Options) limitOf(t Topic) int {
	if t.Limit > 0 {
		return t.Limit
	}
	if o.Limit > 0 {
		return o.Limit
	}
	return DefaultLimit
}

// FeedURL returns the absolute URL of topic slug's feed in format
// ("rss", "atom", "json"), as used in self links, OPML and WebSub pings.
func (o Options) FeedURL(slug, format string) string {
	return o.withDefaults().BaseURL + "feeds/" + slug + "." + format
}

// pageURL returns the absolute URL of topic slug's HTML page.
func (o Options) pageURL(slug string) string {
	return o.BaseURL + "feeds/" + slug
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
