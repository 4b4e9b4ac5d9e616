package fetch

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	if again := NewMetrics(reg); again.Fetches != m.Fetches || again.Bytes != m.Bytes {
		t.Fatal("registering twice did not reuse the collectors")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"e"`)
		if r.Header.Get("If-None-Match") == `"e"` {
			w.WriteHeader(304)
			return
		}
		fmt.Fprint(w, sampleRSS)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(410) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(t, Options{Metrics: m})

	fetch(t, c, Request{URL: srv.URL + "/ok"})
	fetch(t, c, Request{URL: srv.URL + "/ok", ETag: `"e"`})
	fetch(t, c, Request{URL: srv.URL + "/gone"})
	fetch(t, c, Request{URL: srv.URL + "/gone"})

	families := gather(t, reg)
	outcomes := map[string]float64{}
	for _, mt := range families["aggregator_fetch_requests_total"].GetMetric() {
		outcomes[mt.GetLabel()[0].GetValue()] = mt.GetCounter().GetValue()
	}
	for outcome, want := range map[string]float64{"ok": 1, "not_modified": 1, "gone": 2} {
		if got := outcomes[outcome]; got != want {
			t.Errorf("outcome %s: %v, want %v (all: %v)", outcome, got, want, outcomes)
		}
	}
	if got := families["aggregator_fetch_bytes_total"].GetMetric()[0].GetCounter().GetValue(); got != float64(len(sampleRSS)) {
		t.Errorf("bytes %v, want %d", got, len(sampleRSS))
	}
	if h := families["aggregator_fetch_duration_seconds"].GetMetric()[0].GetHistogram(); h.GetSampleCount() != 4 {
		t.Errorf("duration histogram has %d samples, want 4", h.GetSampleCount())
	}
	if h := families["aggregator_fetch_queued_seconds"].GetMetric()[0].GetHistogram(); h.GetSampleCount() != 4 {
		t.Errorf("queued histogram has %d samples, want 4", h.GetSampleCount())
	}

	// A nil *Metrics records nothing and does not panic.
	if _, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL + "/ok"}); err != nil {
		t.Fatal(err)
	}
}

// gather collects reg's metric families by name.
func gather(t *testing.T, reg *prometheus.Registry) map[string]*dto.MetricFamily {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*dto.MetricFamily{}
	for _, f := range fams {
		out[f.GetName()] = f
	}
	return out
}
