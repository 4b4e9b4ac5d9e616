package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestConditionalGET(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Tue, 24 Nov 2026 10:00:00 GMT"
	var full, conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, sampleRSS)
	}))
	defer srv.Close()
	c := testClient(t, Options{})

	first, err := fetch(t, c, Request{SourceID: "s", URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if first.Status != 200 || first.NotModified || string(first.Body) != sampleRSS {
		t.Fatalf("first fetch: status %d notModified %v body %q", first.Status, first.NotModified, first.Body)
	}
	if first.ETag != etag || first.LastModified != lastMod || first.BodyHash == "" {
		t.Fatalf("validators not returned: %+v", first)
	}

	second, err := fetch(t, c, Request{SourceID: "s", URL: srv.URL, ETag: first.ETag,
		LastModified: first.LastModified, BodyHash: first.BodyHash})
	if err != nil {
		t.Fatal(err)
	}
	if second.Status != 304 || !second.NotModified || second.Body != nil {
		t.Fatalf("second fetch: status %d notModified %v body %d bytes", second.Status, second.NotModified, len(second.Body))
	}
	// A 304 that does not repeat the validators keeps the stored ones.
	if second.ETag != etag || second.LastModified != lastMod || second.BodyHash != first.BodyHash {
		t.Fatalf("304 lost the validators: %+v", second)
	}
	if full.Load() != 1 || conditional.Load() != 1 {
		t.Fatalf("server saw %d full and %d conditional requests, want 1 and 1", full.Load(), conditional.Load())
	}
}

func TestUnchangedBodyWithoutValidators(t *testing.T) {
	body := sampleRSS
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, body) // no ETag, no Last-Modified
	}))
	defer srv.Close()
	c := testClient(t, Options{})

	first, err := fetch(t, c, Request{URL: srv.URL})
	if err != nil || first.Unchanged || first.Body == nil {
		t.Fatalf("first: unchanged %v body %v err %v", first.Unchanged, first.Body != nil, err)
	}
	again, err := fetch(t, c, Request{URL: srv.URL, BodyHash: first.BodyHash})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Unchanged || again.Body != nil || again.BodyHash != first.BodyHash || again.Status != 200 {
		t.Fatalf("same body not reported unchanged: %+v", again)
	}
	body = strings.Replace(sampleRSS, "Geneva", "Vienna", 1)
	changed, err := fetch(t, c, Request{URL: srv.URL, BodyHash: first.BodyHash})
	if err != nil {
		t.Fatal(err)
	}
	if changed.Unchanged || !bytes.Contains(changed.Body, []byte("Vienna")) || changed.BodyHash == first.BodyHash {
		t.Fatalf("changed body reported unchanged: %+v", changed)
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		fmt.Fprint(w, sampleRSS)
	}))
	defer srv.Close()

	if _, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if ua := got.Get("User-Agent"); ua != DefaultUserAgent || !strings.Contains(ua, "https://") {
		t.Errorf("default User-Agent %q", ua)
	}
	for _, want := range []string{"application/rss+xml", "application/atom+xml", "application/feed+json"} {
		if !strings.Contains(got.Get("Accept"), want) {
			t.Errorf("Accept %q lacks %s", got.Get("Accept"), want)
		}
	}
	for _, want := range []string{"gzip", "br", "deflate"} {
		if !strings.Contains(got.Get("Accept-Encoding"), want) {
			t.Errorf("Accept-Encoding %q lacks %s", got.Get("Accept-Encoding"), want)
		}
	}
	if got.Get("If-None-Match") != "" || got.Get("If-Modified-Since") != "" {
		t.Errorf("conditional headers sent without stored validators: %v", got)
	}

	const ua = "example-reader/2.0 (+https://example.org/bot)"
	if _, err := fetch(t, testClient(t, Options{UserAgent: ua}), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if got.Get("User-Agent") != ua {
		t.Errorf("configured User-Agent not sent: %q", got.Get("User-Agent"))
	}
}

// redirectServer serves /feed, and redirects /r/<code>/<rest> with that code
// to /<rest>.
func redirectServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, sampleRSS) })
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/r/", func(w http.ResponseWriter, r *http.Request) {
		var code int
		var rest string
		parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/r/"), "/", 2)
		fmt.Sscan(parts[0], &code)
		if len(parts) == 2 {
			rest = parts[1]
		}
		http.Redirect(w, r, "/"+rest, code)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestRedirects(t *testing.T) {
	srv := redirectServer(t)
	c := testClient(t, Options{MaxRedirects: 3})
	cases := []struct {
		path      string
		permanent bool
		hops      int
	}{
		{"/r/301/feed", true, 1},
		{"/r/308/r/301/feed", true, 2},
		{"/r/301/r/302/feed", false, 2}, // one temporary hop: keep the stored URL
		{"/r/307/feed", false, 1},
		{"/r/303/feed", false, 1},
		{"/feed", false, 0},
	}
	for _, tc := range cases {
		resp, err := fetch(t, c, Request{URL: srv.URL + tc.path})
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		if resp.FinalURL != srv.URL+"/feed" || resp.Redirects != tc.hops || string(resp.Body) != sampleRSS {
			t.Errorf("%s: final %s after %d hops", tc.path, resp.FinalURL, resp.Redirects)
		}
		if got := resp.PermanentURL != ""; got != tc.permanent {
			t.Errorf("%s: PermanentURL %q, want permanent=%v", tc.path, resp.PermanentURL, tc.permanent)
		} else if tc.permanent && resp.PermanentURL != resp.FinalURL {
			t.Errorf("%s: PermanentURL %q != FinalURL", tc.path, resp.PermanentURL)
		}
	}

	// A permanent redirect to a broken URL must not move the source.
	resp, err := fetch(t, c, Request{URL: srv.URL + "/r/301/missing"})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 404 || resp.PermanentURL != "" {
		t.Errorf("301 to a 404: err %v PermanentURL %q", err, resp.PermanentURL)
	}

	// Longer than the limit.
	_, err = fetch(t, c, Request{URL: srv.URL + "/r/302/r/302/r/302/r/302/feed"})
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("4 hops with limit 3: %v", err)
	}
	// Redirects disabled.
	_, err = fetch(t, testClient(t, Options{MaxRedirects: -1}), Request{URL: srv.URL + "/r/301/feed"})
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("redirect with redirects disabled: %v", err)
	}
}

func TestRedirectLoopIsAnError(t *testing.T) {
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/b", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); http.Redirect(w, r, "/a", http.StatusFound) })
	mux.HandleFunc("/self", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/self", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(t, Options{MaxRedirects: 50})

	for _, p := range []string{"/a", "/self"} {
		hits.Store(0)
		start := time.Now()
		_, err := fetch(t, c, Request{URL: srv.URL + p})
		if !errors.Is(err, ErrRedirectLoop) {
			t.Errorf("%s: want ErrRedirectLoop, got %v", p, err)
		}
		if n := hits.Load(); n > 2 {
			t.Errorf("%s: loop detected only after %d requests", p, n)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("%s: loop took %s", p, time.Since(start))
		}
	}
}

func TestRedirectWithCookieIsNotALoop(t *testing.T) {
	// A consent wall: the first visit sets a cookie and redirects to the
	// same URL, which then serves the feed.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("consent"); err != nil {
			http.SetCookie(w, &http.Cookie{Name: "consent", Value: "yes", Path: "/"})
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
			return
		}
		fmt.Fprint(w, sampleRSS)
	}))
	defer srv.Close()
	resp, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL + "/feed"})
	if err != nil || string(resp.Body) != sampleRSS || resp.Redirects != 1 {
		t.Fatalf("consent redirect: err %v redirects %d", err, resp.Redirects)
	}
}

func TestStatusErrors(t *testing.T) {
	retryDate := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	mux := http.NewServeMux()
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) })
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	mux.HandleFunc("/503", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", retryDate)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(t, Options{})

	resp, err := fetch(t, c, Request{URL: srv.URL + "/gone"})
	if !errors.Is(err, ErrGone) || resp.Status != 410 {
		t.Errorf("410: err %v status %d", err, resp.Status)
	}
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 410 {
		t.Errorf("410 is not a *StatusError: %v", err)
	}
	if Outcome(resp, err) != "gone" {
		t.Errorf("410 outcome %q", Outcome(resp, err))
	}

	resp, err = fetch(t, c, Request{URL: srv.URL + "/500"})
	if !errors.As(err, &se) || se.Status != 500 || errors.Is(err, ErrGone) || resp.Status != 500 {
		t.Errorf("500: err %v", err)
	}

	resp, err = fetch(t, c, Request{URL: srv.URL + "/429"})
	if !errors.As(err, &se) || se.Status != 429 || resp.RetryAfter != 120*time.Second {
		t.Errorf("429: err %v RetryAfter %s", err, resp.RetryAfter)
	}
	resp, err = fetch(t, c, Request{URL: srv.URL + "/503"})
	if !errors.As(err, &se) || se.Status != 503 || resp.RetryAfter < 80*time.Second || resp.RetryAfter > 91*time.Second {
		t.Errorf("503 with HTTP-date Retry-After: err %v RetryAfter %s", err, resp.RetryAfter)
	}
	if Outcome(resp, err) != "rate_limited" {
		t.Errorf("503 outcome %q", Outcome(resp, err))
	}
}

func TestTotalDeadline(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.WriteHeader(200)
		fmt.Fprint(w, "<rss>") // headers and a first byte arrive quickly...
		w.(http.Flusher).Flush()
		select { // ...then the body stalls
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	c := testClient(t, Options{Timeout: 300 * time.Millisecond})
	start := time.Now()
	resp, err := fetch(t, c, Request{URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("stalled body: want DeadlineExceeded, got %v", err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("deadline of 300ms ended the fetch only after %s", el)
	}
	if Outcome(resp, err) != "timeout" {
		t.Errorf("outcome %q", Outcome(resp, err))
	}

	// The caller's own context is honoured too.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = NewClient(Options{AllowPrivate: true}).Fetch(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled fetch: %v", err)
	}
}

func TestBadURLs(t *testing.T) {
	c := testClient(t, Options{})
	for _, u := range []string{"ftp://example.org/feed", "file:///etc/passwd", "javascript:alert(1)"} {
		if _, err := c.Fetch(context.Background(), Request{URL: u}); !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"http://", "http://%zz/", "/relative/feed"} {
		if _, err := c.Fetch(context.Background(), Request{URL: u}); err == nil {
			t.Errorf("%s: no error", u)
		}
	}
	// A redirect to a non-HTTP scheme is refused too.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusMovedPermanently)
	}))
	defer srv.Close()
	if _, err := fetch(t, c, Request{URL: srv.URL}); !errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("redirect to file: %v", err)
	}
}

func TestCacheHeadersReported(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=1800")
		fmt.Fprint(w, sampleRSS)
	}))
	defer srv.Close()
	resp, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL})
	if err != nil || resp.MaxAge != 30*time.Minute {
		t.Fatalf("MaxAge %s err %v", resp.MaxAge, err)
	}
}
