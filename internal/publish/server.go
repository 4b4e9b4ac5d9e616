package publish

import (
	"context"
	"encoding/json"
	"html/template"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/intlwire/aggregator/internal/publish/render"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server renders and serves the topic feeds, pages and OPML. It implements
// http.Handler with the routes of DESIGN.md:
//
//	GET /                       home page: topics, subscribe links, newest stories
//	GET /feeds/SLUG             HTML preview of one topic (also SLUG.html)
//	GET /feeds/SLUG.rss|.atom|.json  the topic feed
//	GET /feeds.opml             OPML of all topic feeds
//	GET /search?q=WORDS         stories whose articles match every word (full-text index)
//	GET /static/...             embedded CSS and icon
//	GET /healthz, GET /metrics  liveness (JSON) and Prometheus metrics
//
// Renders are cached until Invalidate names their topic (or SetTopics
// replaces the topics); all methods are safe for concurrent use.
type Server struct {
	opts   atomic.Pointer[Options] // swapped whole by SetOptions; read with opt
	r      StoryReader
	l      Labeler
	tmpl   *template.Template
	m      *metrics
	client HTTPDoer
	static map[string]*rendition
	prom   http.Handler
	memo   render.Memo // sanitized article HTML across rebuilds

	mu     sync.Mutex
	topics map[string]Topic
	order  []Topic
	cache  map[string]*slot
	opml   *rendition
	health func() (bool, map[string]any)
	closed bool

	ctx       context.Context // cancelled by Close; bounds background pings
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	pending   map[string]bool   // topics waiting for a WebSub ping
	pinging   bool              // the ping worker is running
	pinged    map[string]string // topic → Atom ETag the hub was last told about
	pingSlots chan struct{}     // WebSub pings in flight
}

// NewServer returns a Server that reads stories through r and labels tags
// through l (which may be nil).
func NewServer(o Options, r StoryReader, l Labeler) *Server {
	o = o.withDefaults()
	s := &Server{
		r:       r,
		l:       l,
		tmpl:    parseTemplates(),
		m:       newMetrics(o.Registerer),
		client:  o.HTTPClient,
		cache:   map[string]*slot{},
		pending: map[string]bool{},
		pinged:  map[string]string{},
		// Bounds the WebSub pings in flight (see pingFeeds).
		pingSlots: make(chan struct{}, o.PingConcurrency),
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: o.PingTimeout}
	}
	s.opts.Store(&o)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.static = loadStatic(o.MaxAge)
	if o.Metrics != nil {
		s.prom = o.Metrics
	} else if g, ok := o.Registerer.(prometheus.Gatherer); ok {
		s.prom = promhttp.HandlerFor(g, promhttp.HandlerOpts{})
	}
	s.SetTopics(o.Topics)
	return s
}

// opt returns the current options; they are never changed in place.
func (s *Server) opt() *Options { return s.opts.Load() }

// SetOptions applies a reloaded configuration's publishing settings — the
// topics and what OptionsFromConfig takes from publish.*, base_url, the
// dedupe window and the sources (title, WebSub hub, max-age, default
// limit, outlet names and feeds, schedules) — and makes every cached render
// stale, so the next request of each page or feed is rendered with them.
// What the server was built with besides (logger, metrics, WebSub client
// and memory, NoPings, admin split) stays: a reload changes no listener.
// The static assets keep the max-age they were loaded with.
func (s *Server) SetOptions(o Options) {
	next := *s.opt()
	next.BaseURL, next.SiteTitle, next.WebSubHub, next.MaxAge, next.Limit = o.BaseURL, o.SiteTitle, o.WebSubHub, o.MaxAge, o.Limit
	next.StoryWindow, next.Sources, next.SourceFeeds, next.SourcePeriods = o.StoryWindow, o.Sources, o.SourceFeeds, o.SourcePeriods
	next.Topics = o.Topics
	next = next.withDefaults()
	s.opts.Store(&next)
	s.SetTopics(next.Topics)
}

// SetTopics replaces the published topics (on a config reload). Every cached
// render turns stale, since titles, rules and limits may have changed.
func (s *Server) SetTopics(ts []Topic) {
	topics := make(map[string]Topic, len(ts))
	var order []Topic
	for _, t := range ts {
		if !render.ValidSlug(t.Slug) {
			s.opt().Logger.Warn("publish: topic slug not publishable, skipped", "slug", t.Slug)
			continue
		}
		if _, dup := topics[t.Slug]; dup {
			continue
		}
		if t.Unit == "" {
			t.Unit = UnitStory
		}
		topics[t.Slug] = t
		order = append(order, t)
	}
	opml := newRendition(render.OPML(order, s.opt().render()), render.ContentTypeOPML, time.Now(), s.opt().MaxAge, false)
	s.mu.Lock()
	s.topics, s.order = topics, order
	// Renders of removed topics go; the others turn stale, so they are
	// rebuilt on their next request but still served if storage fails then.
	for key, sl := range s.cache {
		if _, ok := topics[key]; !ok && key != homeKey && !strings.HasPrefix(key, render.TagPathPrefix) {
			delete(s.cache, key)
			continue
		}
		sl.markStale()
	}
	s.opml = opml
	s.mu.Unlock()
}

// Topics returns the published topics in configuration order.
func (s *Server) Topics() []Topic {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Topic(nil), s.order...)
}

// topic looks up a published topic by slug.
func (s *Server) topic(slug string) (Topic, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.topics[slug]
	return t, ok
}

// Invalidate marks the named topics (all topics when none is named) as
// changed: their next request renders afresh from storage, and until then
// the cached bytes are served without touching storage. The home page is
// invalidated too. When a WebSub hub is configured (and NoPings is not set)
// the hub is pinged for each named topic in the background.
func (s *Server) Invalidate(slugs ...string) {
	s.mu.Lock()
	if len(slugs) == 0 {
		for slug := range s.topics {
			slugs = append(slugs, slug)
		}
	}
	var known []string
	for _, slug := range slugs {
		if _, ok := s.topics[slug]; !ok {
			continue
		}
		known = append(known, slug)
		if sl := s.cache[slug]; sl != nil {
			sl.markStale()
		}
	}
	// Home and tag pages mix stories of every topic: any change may be theirs.
	for key, sl := range s.cache {
		if key == homeKey || strings.HasPrefix(key, render.TagPathPrefix) {
			sl.markStale()
		}
	}
	s.mu.Unlock()
	s.m.invalidations.Add(float64(len(known)))
	if s.opt().WebSubHub != "" && !s.opt().NoPings && len(known) > 0 {
		s.queuePings(known)
	}
}

// queuePings adds slugs to the topics waiting for a WebSub ping and starts
// the single ping worker if it is not running. Pending pings coalesce: a
// topic invalidated ten times while the hub is slow is pinged once.
func (s *Server) queuePings(slugs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	for _, slug := range slugs {
		s.pending[slug] = true
	}
	if s.pinging {
		return
	}
	s.pinging = true
	s.wg.Add(1)
	go s.pingLoop()
}

// pingLoop pings the hub for pending topics until none is left or the
// server closes.
func (s *Server) pingLoop() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		if len(s.pending) == 0 || s.ctx.Err() != nil {
			s.pinging = false
			s.mu.Unlock()
			return
		}
		batch := make([]string, 0, len(s.pending))
		for slug := range s.pending {
			batch = append(batch, slug)
		}
		clear(s.pending)
		s.mu.Unlock()
		sort.Strings(batch)
		s.pingAll(s.ctx, batch)
	}
}

// SetHealth installs a hook that adds to /healthz: ok=false makes it answer
// 503, and detail is merged into the JSON body.
func (s *Server) SetHealth(f func() (ok bool, detail map[string]any)) {
	s.mu.Lock()
	s.health = f
	s.mu.Unlock()
}

// Close stops background WebSub pings and waits for them to end.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, code := s.route(w, r)
	s.m.requests.WithLabelValues(route, codeLabel(code)).Inc()
	if s.opt().Logger.Enabled(r.Context(), slog.LevelDebug) {
		s.opt().Logger.Debug("publish: request", "method", r.Method, "path", r.URL.Path, "status", code,
			"inm", r.Header.Get("If-None-Match") != "", "ims", r.Header.Get("If-Modified-Since") != "")
	}
}

// route answers r and returns the route name and the status code sent.
func (s *Server) route(w http.ResponseWriter, r *http.Request) (string, int) {
	p := r.URL.Path
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return routeOf(p), httpError(w, http.StatusMethodNotAllowed)
	}
	switch {
	case p == "/" || p == "/index.html":
		return "home", s.servePage(w, r, homeKey)
	case p == "/feeds.opml":
		s.mu.Lock()
		rd := s.opml
		s.mu.Unlock()
		return "opml", serve(w, r, rd)
	case p == "/healthz":
		return "health", s.serveHealth(w, r)
	case p == "/search":
		return "search", s.serveSearch(w, r)
	case p == "/metrics" || p == "/sources" || p == "/sources.json":
		if s.opt().AdminOnly {
			return "admin", httpError(w, http.StatusNotFound) // served on admin_listen only
		}
		return s.serveAdmin(w, r)
	case p == "/favicon.ico":
		return "static", serve(w, r, s.static["favicon.svg"])
	case strings.HasPrefix(p, "/static/"):
		rd := s.static[strings.TrimPrefix(p, "/static/")]
		if rd == nil {
			return "static", httpError(w, http.StatusNotFound)
		}
		return "static", serve(w, r, rd)
	case strings.HasPrefix(p, "/tags/"):
		return "tag", s.serveTag(w, r, strings.TrimPrefix(p, "/tags/"))
	case strings.HasPrefix(p, "/feeds/"):
		name := strings.TrimPrefix(p, "/feeds/")
		slug, format, hasExt := strings.Cut(name, ".")
		if _, ok := s.topic(slug); !ok {
			return "feed", httpError(w, http.StatusNotFound)
		}
		if !hasExt || format == "html" { // SLUG.html: the export's file name
			return "page", s.servePage(w, r, slug)
		}
		return "feed", s.serveFeed(w, r, slug, format)
	}
	return "other", httpError(w, http.StatusNotFound)
}

// routeOf names the route of a path for metrics, without answering.
func routeOf(p string) string {
	switch {
	case p == "/":
		return "home"
	case strings.HasPrefix(p, "/feeds/"):
		return "feed"
	case p == "/feeds.opml":
		return "opml"
	case strings.HasPrefix(p, "/tags/"):
		return "tag"
	}
	return "other"
}

// serveFeed answers a topic feed request.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, slug, format string) int {
	if _, ok := render.ContentTypes[format]; !ok {
		return httpError(w, http.StatusNotFound)
	}
	b, err := s.get(r.Context(), slug)
	if err != nil {
		return httpError(w, http.StatusServiceUnavailable)
	}
	return serve(w, r, b.feeds[format])
}

// serveTag answers /tags/KIND/ID (page), /tags/KIND/ID.rss|.atom|.json and
// /tags/KIND (the kind's index); rest is the path after /tags/.
func (s *Server) serveTag(w http.ResponseWriter, r *http.Request, rest string) int {
	kind, name, hasID := strings.Cut(rest, "/")
	if !hasID || name == "" {
		return s.serveTagIndex(w, r, kind)
	}
	id, format, hasExt := strings.Cut(name, ".")
	if _, _, ok := s.tagTopic(kind, id); !ok {
		// A country's ISO code or another spelling of an id: send the
		// reader to the one address of that tag.
		if info, found := s.lookupTag(id); found && info.Kind == kind && info.ID != id && render.ValidSlug(info.ID) {
			target := tagURL(s.root(), kind, info.ID)
			if hasExt {
				target += "." + format
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return http.StatusMovedPermanently
		}
		return httpError(w, http.StatusNotFound)
	}
	if _, ok := s.r.(TagReader); !ok {
		return httpError(w, http.StatusNotFound)
	}
	key := render.TagPathPrefix + kind + "/" + id
	if !hasExt || format == "html" {
		return s.servePage(w, r, key)
	}
	return s.serveFeed(w, r, key, format)
}

// servePage answers the home page (key "") or a topic page.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, key string) int {
	b, err := s.get(r.Context(), key)
	if err != nil {
		return httpError(w, http.StatusServiceUnavailable)
	}
	return serve(w, r, b.page)
}

// serveHealth answers /healthz with {"status":"ok"} and the hook's detail.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) int {
	s.mu.Lock()
	hook := s.health
	s.mu.Unlock()
	body := map[string]any{}
	ok := true
	if hook != nil {
		var detail map[string]any
		ok, detail = hook()
		for k, v := range detail {
			body[k] = v
		}
	}
	body["status"] = "ok"
	if _, counts, err := s.readSources(r.Context(), false); err == nil {
		body["sources"] = counts
		if counts.Failing+counts.Stale > 0 {
			body["status"] = "degraded"
		}
	} else if err != errNoSources {
		body["sources_error"] = err.Error()
		body["status"] = "degraded"
	}
	code := http.StatusOK
	if !ok {
		body["status"] = "error"
		code = http.StatusServiceUnavailable
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h["X-Content-Type-Options"] = hNosniff
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_ = json.NewEncoder(w).Encode(body)
	}
	return code
}

// httpError writes a short plain-text error and returns its code.
func httpError(w http.ResponseWriter, code int) int {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h["X-Content-Type-Options"] = hNosniff
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(http.StatusText(code) + "\n"))
	return code
}

// NewHTTPServer returns an http.Server for h with the timeouts and header
// limit a public server needs (slow clients cannot hold connections open).
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}
