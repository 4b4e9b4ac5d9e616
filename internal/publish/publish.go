// Package publish serves stored stories as the product's public face: topic
// and tag feeds in RSS 2.0, Atom 1.0 and JSON Feed 1.1 (rendered by the
// sub-package render, pure functions from stories to bytes), the HTML pages,
// the OPML list of feeds, source health, search, and a static export of all of
// them. It serves them over HTTP with
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
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish/render"
)

// StoryReader is what publish needs from storage.
type StoryReader interface {
	// TopicStories returns the newest stories of a topic (by Updated desc),
	// each with Lead, Articles and Tags filled in.
	TopicStories(ctx context.Context, slug string, limit int) ([]model.Story, error)
	// RecentStories returns the newest stories overall (for the home page).
	RecentStories(ctx context.Context, limit int) ([]model.Story, error)
}

// Defaults used when Options leaves a field zero.
const (
	homeStories = 30
	// DefaultSourcePeriod is the schedule period assumed for a source that
	// Options.SourcePeriods does not name (the default fetch schedule).
	DefaultSourcePeriod = 15 * time.Minute
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
	// StoryWindow is how far back an article may join a story (the dedupe
	// window): a story whose newest article was published longer before it
	// was seen is backlog, kept off the home page (see model.Story.Backlog).
	// Zero keeps everything.
	StoryWindow time.Duration
	// SourcePeriods maps source id to the period of its fetch schedule: a
	// source not fetched for longer than that past its due time is stale.
	// Missing sources get DefaultSourcePeriod.
	SourcePeriods map[string]time.Duration
	// AdminOnly moves the admin routes (/metrics, /sources, /sources.json)
	// off the public handler: ServeHTTP answers them 404 and AdminHandler
	// serves them (config admin_listen).
	AdminOnly bool
	// staticSite renders for a static export (Server.Export): pages are
	// linked as files (feeds/SLUG.html), and routes a static host lacks
	// (search, sources) are not linked.
	staticSite bool
	// exportTags, in a static export, is the set of tags ("kind/id") that
	// get pages: chips link only those.
	exportTags map[string]bool
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
	// NoPings keeps the feeds' rel="hub" link but sends no WebSub pings: a
	// web node of a fleet, whose feeds change because a fetch node changed
	// them — that node pings, once per change, not every web node.
	NoPings bool
	// PingMemory, when set, keeps what the hub was told across restarts.
	PingMemory PingMemory
	// HTTPClient sends WebSub pings (default: a client with PingTimeout).
	HTTPClient HTTPDoer
}

// withDefaults returns o with its zero fields filled in; the rendering
// settings take render's defaults.
func (o Options) withDefaults() Options {
	r := o.render().WithDefaults()
	o.BaseURL, o.SiteTitle, o.MaxAge, o.Limit = r.BaseURL, r.SiteTitle, r.MaxAge, r.Limit
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
func (o Options) limitOf(t Topic) int { return o.render().LimitOf(t) }

// FeedURL returns the absolute URL of topic slug's feed in format
// ("rss", "atom", "json"), as used in self links, OPML and WebSub pings.
func (o Options) FeedURL(slug, format string) string { return o.render().FeedURL(slug, format) }

// render returns the options rendering needs.
func (o Options) render() render.Options {
	return render.Options{BaseURL: o.BaseURL, SiteTitle: o.SiteTitle, WebSubHub: o.WebSubHub, MaxAge: o.MaxAge,
		Limit: o.Limit, Sources: o.Sources, SourceFeeds: o.SourceFeeds, StaticSite: o.staticSite}
}

// generator is the User-Agent of WebSub pings.
const generator = render.Generator

// Topic is one published topic feed, as configured (see config.Topic).
type Topic = render.Topic

// Labeler gives display names for tags (see render.Labeler).
type Labeler = render.Labeler

// Units a topic can publish, feed formats, content settings and rendering
// defaults (see package render).
const (
	UnitStory        = render.UnitStory
	UnitArticle      = render.UnitArticle
	FormatRSS        = render.FormatRSS
	FormatAtom       = render.FormatAtom
	FormatJSON       = render.FormatJSON
	ContentSummary   = render.ContentSummary
	ContentFull      = render.ContentFull
	DefaultLimit     = render.DefaultLimit
	DefaultMaxAge    = render.DefaultMaxAge
	DefaultSiteTitle = render.DefaultSiteTitle
)

// Render renders topic t's feed in format ("rss", "atom" or "json") from
// stories, with o's rendering options and l's labels: see render.Render.
func Render(format string, t Topic, stories []model.Story, o Options, l Labeler) ([]byte, error) {
	return render.Render(format, t, stories, o.render(), l)
}
