package fetch

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Defaults applied by NewClient to zero Options fields. They match the
// defaults of internal/config.
const (
	DefaultUserAgent    = "intlwire-aggregator/1.0 (+https://github.com/intlwire/aggregator)"
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBody      = 10 << 20
	DefaultMaxRedirects = 5
	DefaultConcurrency  = 16
	DefaultPerHost      = 2
)

// acceptHeader prefers the feed formats we parse (RSS, Atom, JSON Feed), then
// generic XML and JSON, then anything: some servers label feeds text/html.
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Options configures a Client. Zero fields take the Default* values.
type Options struct {
	// UserAgent names the product and a URL where a publisher can learn who
	// is fetching and how to complain.
	UserAgent string
	// Timeout is the total deadline of one Fetch (every redirect hop, and
	// reading the body), counted from when the first request may start
	// (time queued for a concurrency slot does not count).
	Timeout time.Duration
	// MaxBody is the largest body accepted, after decompression, in bytes.
	MaxBody int64
	// MaxRedirects is the longest redirect chain followed; negative follows none.
	MaxRedirects int
	// AllowPrivate lets requests reach loopback, private, link-local and
	// metadata addresses. False (the default) refuses them at dial time.
	AllowPrivate bool
	// Concurrency is the global limit of requests in flight.
	Concurrency int
	// PerHost is the limit of requests in flight to one host (host:port).
	PerHost int
	// Metrics receives Prometheus observations; nil records nothing.
	Metrics *Metrics
}

// Client fetches feeds politely: conditional GETs, compression, concurrency
// limits per host and overall, bounded bodies and redirect chains, and no
// connections to private addresses. It is safe for concurrent use; share one
// per process so connections and limits are shared.
type Client struct {
	opts     Options
	http     *http.Client
	limits   *limiter
	gzipPool sync.Pool // *gzip.Reader, reused across fetches
	bufPool  sync.Pool // *bytes.Buffer for reading bodies
}

// NewClient returns a Client for o, with defaults filled in.
func NewClient(o Options) *Client {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	} else if o.MaxRedirects < 0 {
		o.MaxRedirects = 0
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.PerHost > o.Concurrency {
		o.PerHost = o.Concurrency
	}
	return &Client{
		opts: o,
		http: &http.Client{
			Transport: newTransport(o),
			// Redirects are followed by Fetch itself, hop by hop, so that
			// each hop takes its own host's slot and the chain is inspected.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		limits: newLimiter(o.Concurrency, o.PerHost),
	}
}

// newTransport builds the HTTP transport: the private-address guard on every
// dial, no proxy (a proxy would resolve names where the guard cannot see
// them), no transparent decompression (we decode ourselves, under the size
// limit), and enough idle connections to reuse one per host slot.
func newTransport(o Options) *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !o.AllowPrivate {
		d.Control = dialControl
	}
	return &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		DisableCompression:     true,
		MaxIdleConns:           max(100, o.Concurrency*2),
		MaxIdleConnsPerHost:    o.PerHost,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
}

// Options returns the client's options with defaults filled in.
func (c *Client) Options() Options { return c.opts }

// InFlight returns the number of requests currently holding a global slot.
func (c *Client) InFlight() int { return c.limits.inFlight() }

// CloseIdleConnections closes kept-alive connections (on shutdown or reload).
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }
