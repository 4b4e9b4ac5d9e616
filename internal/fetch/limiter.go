package fetch

import (
	"context"
	"sync"
)

// limiter bounds requests in flight: globally, and per host. A request takes
// its host's slot first and only then a global slot, so requests queued behind
// a slow host wait without holding global slots: one slow host can never stall
// the fetches of every other host.
type limiter struct {
	global chan struct{}
	per    int

	mu    sync.Mutex
	hosts map[string]*hostSlots
}

// hostSlots is one host's semaphore plus the number of requests holding or
// waiting for it, so idle hosts are dropped and 10,000 sources on thousands
// of hosts do not leave a map entry each forever.
type hostSlots struct {
	sem   chan struct{}
	users int
}

func newLimiter(global, perHost int) *limiter {
	return &limiter{
		global: make(chan struct{}, global),
		per:    perHost,
		hosts:  make(map[string]*hostSlots),
	}
}

// acquire blocks until the request may run against host, or ctx ends. On
// success the returned release func must be called exactly once.
func (l *limiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	h := l.hosts[host]
	if h == nil {
		h = &hostSlots{sem: make(chan struct{}, l.per)}
		l.hosts[host] = h
	}
	h.users++
	l.mu.Unlock()

	done := func() {
		l.mu.Lock()
		h.users--
		if h.users == 0 {
			delete(l.hosts, host)
		}
		l.mu.Unlock()
	}

	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-h.sem
		done()
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-l.global
			<-h.sem
			done()
		})
	}, nil
}

// inFlight returns the number of requests holding a global slot (for tests
// and metrics).
func (l *limiter) inFlight() int { return len(l.global) }
