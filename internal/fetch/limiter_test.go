package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// peakServer counts concurrent requests and records the peak.
type peakServer struct {
	*httptest.Server
	cur, peak atomic.Int32
	delay     time.Duration
}

func newPeakServer(t *testing.T, delay time.Duration) *peakServer {
	p := &peakServer{delay: delay}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := p.cur.Add(1)
		defer p.cur.Add(-1)
		for {
			old := p.peak.Load()
			if n <= old || p.peak.CompareAndSwap(old, n) {
				break
			}
		}
		select {
		case <-time.After(p.delay):
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, sampleRSS)
	}))
	t.Cleanup(p.Close)
	return p
}

// fetchAll fetches n distinct URLs from base concurrently; any error fails t.
func fetchAll(t *testing.T, c *Client, base string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/feed/%d", base, i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func TestPerHostAndGlobalLimits(t *testing.T) {
	a := newPeakServer(t, 30*time.Millisecond)
	b := newPeakServer(t, 30*time.Millisecond)
	c := testClient(t, Options{Concurrency: 3, PerHost: 2})
	var wg sync.WaitGroup
	for _, s := range []*peakServer{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); fetchAll(t, c, s.URL, 12) }()
	}
	wg.Wait()
	if a.peak.Load() > 2 || b.peak.Load() > 2 {
		t.Errorf("per-host limit 2 exceeded: peaks %d and %d", a.peak.Load(), b.peak.Load())
	}
	if a.peak.Load()+b.peak.Load() < 3 {
		t.Errorf("limits too tight: peaks %d and %d", a.peak.Load(), b.peak.Load())
	}
	if c.InFlight() != 0 {
		t.Errorf("%d slots still held", c.InFlight())
	}
}

func TestGlobalLimit(t *testing.T) {
	s := newPeakServer(t, 20*time.Millisecond)
	c := testClient(t, Options{Concurrency: 4, PerHost: 4})
	fetchAll(t, c, s.URL, 40)
	if p := s.peak.Load(); p > 4 || p < 2 {
		t.Errorf("global limit 4: peak %d", p)
	}
}

func TestSlowHostDoesNotBlockOthers(t *testing.T) {
	slow := newPeakServer(t, 3*time.Second)
	fast := newPeakServer(t, 0)
	// PerHost 2 of Concurrency 4: however many slow-host requests queue up,
	// they hold at most 2 global slots, leaving 2 for everyone else.
	c := testClient(t, Options{Concurrency: 4, PerHost: 2, Timeout: 10 * time.Second})

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Fetch(ctx, Request{URL: fmt.Sprintf("%s/slow/%d", slow.URL, i)})
		}()
	}
	defer func() { cancel(); wg.Wait() }()
	// Wait until the slow host is saturated.
	for deadline := time.Now().Add(5 * time.Second); slow.cur.Load() < 2; {
		if time.Now().After(deadline) {
			t.Fatal("slow server never got 2 requests")
		}
		time.Sleep(5 * time.Millisecond)
	}

	start := time.Now()
	fetchAll(t, c, fast.URL, 20)
	if el := time.Since(start); el > 1500*time.Millisecond {
		t.Fatalf("20 fetches from the fast host took %s while the slow host was busy", el)
	}
	if slow.peak.Load() > 2 {
		t.Errorf("slow host saw %d concurrent requests, limit 2", slow.peak.Load())
	}
}

func TestQueuedFetchHonoursContext(t *testing.T) {
	s := newPeakServer(t, time.Second)
	c := testClient(t, Options{Concurrency: 1, PerHost: 1})
	go c.Fetch(context.Background(), Request{URL: s.URL + "/hold"})
	for s.cur.Load() < 1 {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	resp, err := c.Fetch(ctx, Request{URL: s.URL + "/queued"})
	if err == nil || time.Since(start) > 500*time.Millisecond {
		t.Fatalf("queued fetch: err %v after %s", err, time.Since(start))
	}
	if resp.Queued < 40*time.Millisecond || resp.Status != 0 {
		t.Errorf("queued %s status %d", resp.Queued, resp.Status)
	}
}

func TestLimiterForgetsIdleHosts(t *testing.T) {
	l := newLimiter(4, 2)
	for i := range 100 {
		rel, err := l.acquire(context.Background(), fmt.Sprintf("h%d:80", i))
		if err != nil {
			t.Fatal(err)
		}
		rel()
		rel() // a second call is harmless
	}
	l.mu.Lock()
	n := len(l.hosts)
	l.mu.Unlock()
	if n != 0 || l.inFlight() != 0 {
		t.Fatalf("%d host entries and %d slots left after all released", n, l.inFlight())
	}
}

func TestTimeoutStartsAfterQueueing(t *testing.T) {
	// One slot, eight fetches of 150ms each, a 1s deadline: the last one
	// waits over a second in the queue, yet succeeds, because the deadline
	// only starts when the fetch gets its slot.
	s := newPeakServer(t, 150*time.Millisecond)
	c := testClient(t, Options{Concurrency: 1, PerHost: 1, Timeout: time.Second})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var longest time.Duration
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/%d", s.URL, i)})
			if err != nil {
				t.Errorf("fetch %d: %v (queued %s)", i, err, resp.Queued)
			}
			mu.Lock()
			longest = max(longest, resp.Queued)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if longest < time.Second {
		t.Errorf("longest queue wait %s; the test did not exercise the queue", longest)
	}
}
