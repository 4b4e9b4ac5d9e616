package pipeline

import (
	"sync"
	"time"
)

// storeHealth remembers whether the store refused the last write of a fetch,
// so that /healthz can say the database is failing (a full disk, a read-only
// file, a lock held too long) while the feeds are still served from what is
// stored: the fetch log says it per source, this says it once, for probes.
type storeHealth struct {
	mu    sync.Mutex
	err   string
	since time.Time
}

// record notes the outcome of a store write: an error starts (or continues)
// a failure, nil ends it.
func (h *storeHealth) record(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil {
		h.err, h.since = "", time.Time{}
		return
	}
	if h.err == "" {
		h.since = time.Now().UTC()
	}
	h.err = err.Error()
}

// StoreError returns the error of the last failed store write of a fetch and
// since when writes have been failing, or "" once a write has succeeded.
func (p *Pipeline) StoreError() (msg string, since time.Time) {
	p.storeHealth.mu.Lock()
	defer p.storeHealth.mu.Unlock()
	return p.storeHealth.err, p.storeHealth.since
}
