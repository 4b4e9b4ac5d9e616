package fetch

import (
	"context"
	"errors"
	"github.com/intlwire/aggregator/internal/metrics"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics holds the fetcher's Prometheus collectors. A nil *Metrics is valid
// and records nothing, so the client never needs to check.
type Metrics struct {
	// Fetches counts finished fetches by outcome: ok, not_modified, unchanged,
	// gone, rate_limited, http_error, too_large, private_address, redirect,
	// timeout, canceled, bad_encoding, network_error.
	Fetches *prometheus.CounterVec
	// Duration observes the time of each fetch that sent a request, in seconds.
	Duration prometheus.Histogram
	// Bytes counts body bytes read from the wire.
	Bytes prometheus.Counter
	// Queued observes the time fetches waited for a concurrency slot, in seconds.
	Queued prometheus.Histogram
}

// NewMetrics creates the collectors and registers them with reg (nil: not
// registered). Registering twice with the same registry reuses the collectors
// already there, so a config reload that builds a new Client is harmless.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "aggregator", Subsystem: "fetch", Name: "requests_total",
			Help: "Feed fetches by outcome.",
		}, []string{"outcome"}),
		Duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "aggregator", Subsystem: "fetch", Name: "duration_seconds",
			Help:    "Time from sending a feed request to the end of its body.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 60},
		}),
		Bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "aggregator", Subsystem: "fetch", Name: "bytes_total",
			Help: "Feed body bytes read from the network (compressed size).",
		}),
		Queued: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "aggregator", Subsystem: "fetch", Name: "queued_seconds",
			Help:    "Time fetches waited for a global or per-host concurrency slot.",
			Buckets: []float64{.001, .01, .1, .5, 1, 5, 10, 30, 60, 300},
		}),
	}
	if reg != nil {
		m.Fetches = metrics.Register(reg, m.Fetches)
		m.Duration = metrics.Register(reg, m.Duration)
		m.Bytes = metrics.Register(reg, m.Bytes)
		m.Queued = metrics.Register(reg, m.Queued)
	}
	return m
}

// observe records one finished fetch.
func (m *Metrics) observe(resp *Response, err error) {
	if m == nil {
		return
	}
	m.Fetches.WithLabelValues(Outcome(resp, err)).Inc()
	if resp.Duration > 0 {
		m.Duration.Observe(resp.Duration.Seconds())
	}
	m.Queued.Observe(resp.Queued.Seconds())
	m.Bytes.Add(float64(resp.Bytes))
}

// Outcome classifies a Fetch result into the short label used by the metrics
// (and handy for logs and the fetch summary).
func Outcome(resp *Response, err error) string {
	var se *StatusError
	switch {
	case err == nil && resp != nil && resp.NotModified:
		return "not_modified"
	case err == nil && resp != nil && resp.Unchanged:
		return "unchanged"
	case err == nil:
		return "ok"
	case errors.Is(err, ErrGone):
		return "gone"
	case errors.As(err, &se):
		if se.Status == http.StatusTooManyRequests || se.Status == http.StatusServiceUnavailable {
			return "rate_limited"
		}
		return "http_error"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrPrivateAddress):
		return "private_address"
	case errors.Is(err, ErrRedirectLoop), errors.Is(err, ErrTooManyRedirects):
		return "redirect"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, ErrBadEncoding):
		return "bad_encoding"
	}
	return "network_error"
}
