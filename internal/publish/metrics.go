package publish

import (
	promreg "github.com/intlwire/aggregator/internal/metrics"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the publisher's Prometheus collectors.
type metrics struct {
	requests      *prometheus.CounterVec // by route and status code
	renders       *prometheus.CounterVec // by kind: topic, home
	renderErrors  prometheus.Counter     // failed builds (storage errors)
	renderSeconds prometheus.Histogram   // time to query and render one topic
	invalidations prometheus.Counter     // topics invalidated
	pings         *prometheus.CounterVec // WebSub pings by result
	staleServed   prometheus.Counter     // responses served from a stale render after an error
}

// newMetrics creates the collectors and registers them with reg (which may
// be nil). A collector that is already registered (a second Server on the
// same registry) is reused.
func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "publish_http_requests_total", Help: "HTTP requests answered by the publisher, by route and status code.",
		}, []string{"route", "code"}),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "publish_renders_total", Help: "Pages and topic feeds rendered from storage (cache misses).",
		}, []string{"kind"}),
		renderErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "publish_render_errors_total", Help: "Renders that failed, usually because storage failed.",
		}),
		renderSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "publish_render_seconds", Help: "Time to read and render one topic in every format.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		invalidations: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "publish_invalidations_total", Help: "Topic feeds invalidated because their membership changed.",
		}),
		pings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "publish_websub_pings_total", Help: "WebSub publish notifications, by result (ok, error, unchanged: skipped because the bytes were already announced).",
		}, []string{"result"}),
		staleServed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "publish_stale_served_total", Help: "Responses served from the last good render because a fresh one failed.",
		}),
	}
	if reg == nil {
		return m
	}
	m.requests = promreg.Register(reg, m.requests)
	m.renders = promreg.Register(reg, m.renders)
	m.renderErrors = promreg.Register(reg, m.renderErrors)
	m.renderSeconds = promreg.Register(reg, m.renderSeconds)
	m.invalidations = promreg.Register(reg, m.invalidations)
	m.pings = promreg.Register(reg, m.pings)
	m.staleServed = promreg.Register(reg, m.staleServed)
	return m
}

// codeLabel turns a status code into a label value without allocating for
// the common codes.
func codeLabel(code int) string {
	switch code {
	case 200:
		return "200"
	case 304:
		return "304"
	case 404:
		return "404"
	case 405:
		return "405"
	case 500:
		return "500"
	case 503:
		return "503"
	}
	return strconv.Itoa(code)
}
