package publish_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
	"github.com/intlwire/aggregator/internal/store"
)

// countingHub answers each publish notification with the status answer
// returns for the n-th request (from 1); a zero status never answers.
type countingHub struct {
	n      atomic.Int64
	answer func(n int64) int
}

func (h *countingHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body) // the server notices a closed connection only once the body is read
	code := h.answer(h.n.Add(1))
	if code == 0 {
		<-r.Context().Done()
		return
	}
	w.WriteHeader(code)
}

// waitCount waits until c reaches want or d passes, and returns its value.
func waitCount(c *atomic.Int64, want int64, d time.Duration) int64 {
	deadline := time.Now().Add(d)
	for c.Load() < want && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return c.Load()
}

// TestWebSubPingsAreConcurrent: issue 17 found pings sent one at a time
// with a 10 s timeout, so a hub that accepts and never answers held up the
// rest (4 of 81 in 40 s). All feeds of both topics now reach it at once.
func TestWebSubPingsAreConcurrent(t *testing.T) {
	hub := &countingHub{answer: func(int64) int { return 0 }}
	hs := httptest.NewServer(hub)
	defer hs.Close()
	o := testOptions()
	o.WebSubHub, o.PingTimeout, o.PingAttempts = hs.URL, 30*time.Second, 1
	s, _, _ := newTestServer(t, o)
	defer s.Close() // before hs.Close, which waits for the hanging requests
	s.Invalidate()
	if got := waitCount(&hub.n, 6, 2*time.Second); got != 6 {
		t.Fatalf("%d of 6 pings reached a hanging hub within 2 s", got)
	}
}

// TestWebSubPingsRetryWithBackoff: a hub failing twice (503) is tried again
// and the third try counts; a refusal (400) is not retried.
func TestWebSubPingsRetryWithBackoff(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	hub := &countingHub{answer: func(n int64) int {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if n <= 2 {
			return http.StatusServiceUnavailable
		}
		return http.StatusNoContent
	}}
	hs := httptest.NewServer(hub)
	defer hs.Close()
	o := testOptions()
	o.WebSubHub, o.PingConcurrency, o.PingBackoff = hs.URL, 1, 50*time.Millisecond
	s, _, _ := newTestServer(t, o)
	s.Invalidate("syria-diplomacy")
	// 2 failures + 3 successes (one per feed format).
	if got := waitCount(&hub.n, 5, 5*time.Second); got != 5 {
		t.Fatalf("hub got %d requests, want 5", got)
	}
	mu.Lock()
	if gap := times[1].Sub(times[0]); gap < 50*time.Millisecond {
		t.Errorf("first retry after %v, want the 50 ms backoff", gap)
	}
	if gap := times[2].Sub(times[1]); gap < 100*time.Millisecond {
		t.Errorf("second retry after %v, want the doubled backoff", gap)
	}
	mu.Unlock()
	// The topic was announced: nothing changed, nothing sent.
	s.Invalidate("syria-diplomacy")
	time.Sleep(200 * time.Millisecond)
	if got := hub.n.Load(); got != 5 {
		t.Fatalf("an unchanged topic was pinged again (%d requests)", got)
	}

	refusing := &countingHub{answer: func(int64) int { return http.StatusBadRequest }}
	rs := httptest.NewServer(refusing)
	defer rs.Close()
	o.WebSubHub = rs.URL
	s2, _, _ := newTestServer(t, o)
	s2.Invalidate("syria-diplomacy")
	waitCount(&refusing.n, 3, 2*time.Second)
	time.Sleep(300 * time.Millisecond)
	if got := refusing.n.Load(); got != 3 {
		t.Fatalf("a hub answering 400 got %d requests, want 3 (one per feed, no retry)", got)
	}
}

// TestWebSubRemembersAcrossRestarts: issue 17 found a restart or reload
// re-pinged every topic though nothing had changed. What was announced is
// kept in the store's meta table: a new server over the same database pings
// only what changed.
func TestWebSubRemembersAcrossRestarts(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "meta.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hub := &countingHub{answer: func(int64) int { return http.StatusNoContent }}
	hs := httptest.NewServer(hub)
	defer hs.Close()
	o := testOptions()
	o.WebSubHub, o.PingMemory = hs.URL, st
	first, _, _ := newTestServer(t, o)
	first.Invalidate()
	if got := waitCount(&hub.n, 6, 5*time.Second); got != 6 {
		t.Fatalf("first run: %d pings, want 6", got)
	}
	time.Sleep(100 * time.Millisecond)
	first.Close()

	second, r, _ := newTestServer(t, o)
	second.Invalidate()
	time.Sleep(300 * time.Millisecond)
	if got := hub.n.Load(); got != 6 {
		t.Fatalf("after a restart with nothing changed the hub got %d more pings", got-6)
	}
	stories := publishtest.SyriaStories()
	stories[0].Lead.Title = "Changed after the restart"
	r.Set("syria-diplomacy", stories)
	second.Invalidate()
	if got := waitCount(&hub.n, 9, 5*time.Second); got != 9 {
		t.Fatalf("after one topic changed: %d pings in all, want 9", got)
	}
	time.Sleep(200 * time.Millisecond)
	if got := hub.n.Load(); got != 9 {
		t.Fatalf("%d pings in all, want 9: only the changed topic", got)
	}
}

var _ publish.PingMemory = (*store.Store)(nil)
