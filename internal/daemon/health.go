package daemon

import (
	"sync"
	"time"
)

// healthState is what /healthz adds: the outcome of the last reload, and
// whether the database is refusing the fetcher's writes.
type healthState struct {
	mu         sync.Mutex
	reloadErr  string
	reloadedAt time.Time
	store      func() (string, time.Time) // the pipeline's StoreError
}

func (h *healthState) failed(err error) {
	h.mu.Lock()
	h.reloadErr, h.reloadedAt = err.Error(), time.Now().UTC()
	h.mu.Unlock()
}

func (h *healthState) ok() {
	h.mu.Lock()
	h.reloadErr, h.reloadedAt = "", time.Now().UTC()
	h.mu.Unlock()
}

func (h *healthState) report() (bool, map[string]any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	d := map[string]any{}
	if !h.reloadedAt.IsZero() {
		d["last_reload"] = h.reloadedAt.Format(time.RFC3339)
	}
	// A failing database is reported but stays "ok": the daemon still serves
	// what is stored, and a restart by a liveness probe would not help.
	if h.store != nil {
		if msg, since := h.store(); msg != "" {
			d["store_error"] = msg
			d["store_error_since"] = since.Format(time.RFC3339)
			d["store"] = "writes failing: serving what is stored"
		}
	}
	if h.reloadErr != "" {
		d["reload_error"] = h.reloadErr
		d["reload"] = "failed: running on the previous configuration"
		return true, d
	}
	return true, d
}
