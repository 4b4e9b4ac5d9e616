package publish_test

import (
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// hubStub is a local WebSub hub that records publish notifications.
type hubStub struct {
	mu    sync.Mutex
	pings []string // "mode url"
	got   chan struct{}
	code  int
}

func (h *hubStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if err := r.ParseForm(); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	h.pings = append(h.pings, r.PostForm.Get("hub.mode")+" "+r.PostForm.Get("hub.url"))
	h.mu.Unlock()
	w.WriteHeader(h.code)
	h.got <- struct{}{}
}

func TestWebSubHubLinkAndPing(t *testing.T) {
	hub := &hubStub{got: make(chan struct{}, 16), code: http.StatusNoContent}
	hs := httptest.NewServer(hub)
	defer hs.Close()
	o := testOptions()
	o.WebSubHub = hs.URL + "/hub"
	s, r, ts := newTestServer(t, o)

	for _, ext := range []string{".rss", ".atom", ".json"} {
		_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy"+ext, nil)
		if !strings.Contains(string(body), hs.URL+"/hub") {
			t.Errorf("%s does not name the hub", ext)
		}
	}
	s.Invalidate("syria-diplomacy", "no-such-topic")
	for i := 0; i < 3; i++ {
		select {
		case <-hub.got:
		case <-time.After(5 * time.Second):
			t.Fatalf("hub got %d pings, want 3", i)
		}
	}
	hub.mu.Lock()
	got := append([]string(nil), hub.pings...)
	hub.mu.Unlock()
	sort.Strings(got)
	want := []string{
		"publish https://feeds.example.org/feeds/syria-diplomacy.atom",
		"publish https://feeds.example.org/feeds/syria-diplomacy.json",
		"publish https://feeds.example.org/feeds/syria-diplomacy.rss",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("pings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// An invalidation that changes no byte does not wake the hub...
	s.Invalidate("syria-diplomacy")
	select {
	case <-hub.got:
		t.Fatal("hub pinged for an unchanged feed")
	case <-time.After(300 * time.Millisecond):
	}
	// ...a real change does.
	stories := publishtest.SyriaStories()
	stories[0].Lead.Title = "Changed"
	r.Set("syria-diplomacy", stories)
	s.Invalidate("syria-diplomacy")
	for i := 0; i < 3; i++ {
		select {
		case <-hub.got:
		case <-time.After(5 * time.Second):
			t.Fatalf("after a change the hub got %d pings, want 3", i)
		}
	}
}

func TestWebSubPingDoesNotBlockAndStopsOnClose(t *testing.T) {
	// A hub that never answers: Invalidate must return at once, and Close
	// must cancel the pending ping.
	block := make(chan struct{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer hs.Close()
	defer close(block)
	o := testOptions()
	o.WebSubHub = hs.URL
	o.PingTimeout = time.Minute
	s, _, _ := newTestServer(t, o)
	start := time.Now()
	s.Invalidate("syria-diplomacy")
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Fatalf("Invalidate blocked for %v", d)
	}
	time.Sleep(50 * time.Millisecond)
	start = time.Now()
	_ = s.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Close waited %v for a hung hub", d)
	}
}

func TestNoHubNoPingNoLink(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.atom", nil)
	if strings.Contains(string(body), `rel="hub"`) {
		t.Fatal("hub link without a hub")
	}
}

func TestWebSubPingsCoalesce(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	count := 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		mu.Lock()
		count++
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer hs.Close()
	o := testOptions()
	o.WebSubHub = hs.URL
	s, _, _ := newTestServer(t, o)
	for i := 0; i < 50; i++ {
		s.Invalidate("syria-diplomacy")
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := count
		mu.Unlock()
		if n >= 3 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // room for a second, coalesced round
	mu.Lock()
	defer mu.Unlock()
	// The burst coalesces into the round in flight plus at most one more.
	// The burst coalesces; a second round finds the bytes unchanged.
	if count != 3 {
		t.Fatalf("50 invalidations made %d pings, want 3 (one round of 3 feeds)", count)
	}
}

// TestNoPingsLinksHubButNeverPings is a web node of a fleet: its feeds name
// the hub, and a change it hears of re-renders them (new ETag) without a
// ping — the fetch node that made the change pings.
func TestNoPingsLinksHubButNeverPings(t *testing.T) {
	hub := &hubStub{got: make(chan struct{}, 16), code: http.StatusNoContent}
	hs := httptest.NewServer(hub)
	defer hs.Close()
	o := testOptions()
	o.WebSubHub, o.NoPings = hs.URL+"/hub", true
	s, r, ts := newTestServer(t, o)
	resp, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.atom", nil)
	if !strings.Contains(string(body), hs.URL+"/hub") {
		t.Fatal("the feed does not name the hub")
	}
	etag := resp.Header.Get("ETag")
	stories := publishtest.SyriaStories()
	stories[0].Lead.Title = "Changed"
	r.Set("syria-diplomacy", stories)
	s.Invalidate("syria-diplomacy")
	resp, _ = do(t, "GET", ts.URL+"/feeds/syria-diplomacy.atom", nil)
	if resp.Header.Get("ETag") == etag {
		t.Fatal("the changed feed kept its ETag")
	}
	select {
	case <-hub.got:
		t.Fatal("a node with NoPings pinged the hub")
	case <-time.After(300 * time.Millisecond):
	}
}
