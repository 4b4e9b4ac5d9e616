package publish_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// newTestServer starts the publisher over the sample stories on a loopback
// httptest server.
func newTestServer(t *testing.T, o publish.Options) (*publish.Server, *publishtest.Reader, *httptest.Server) {
	t.Helper()
	r := publishtest.NewReader(map[string][]model.Story{
		"syria-diplomacy": publishtest.SyriaStories(),
		"humanitarian":    publishtest.HumanitarianStories(),
	})
	s := publish.NewServer(o, r, publishtest.SampleLabels())
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); _ = s.Close() })
	return s, r, ts
}

// do sends one request with the given headers and returns the response with
// its body read.
func do(t *testing.T, method, url string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestFeedContentTypesAndValidators(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	want := map[string]string{
		".rss":  "application/rss+xml; charset=utf-8",
		".atom": "application/atom+xml; charset=utf-8",
		".json": "application/feed+json; charset=utf-8",
	}
	for ext, ctype := range want {
		resp, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy"+ext, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctype {
			t.Fatalf("%s: %d %q", ext, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		etag := resp.Header.Get("ETag")
		if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
			t.Errorf("%s: ETag %q not strong", ext, etag)
		}
		if resp.Header.Get("Last-Modified") != "Fri, 20 Nov 2026 11:20:00 GMT" {
			t.Errorf("%s: Last-Modified %q, want newest item change", ext, resp.Header.Get("Last-Modified"))
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=300" {
			t.Errorf("%s: Cache-Control %q", ext, cc)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", ext)
		}
		want, err := publish.Render(strings.TrimPrefix(ext, "."), syriaTopic, publishtest.SyriaStories(), testOptions(), publishtest.SampleLabels())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("%s: served bytes differ from Render", ext)
		}
	}
}

func TestConditionalRequests(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	url := ts.URL + "/feeds/syria-diplomacy.atom"
	resp, _ := do(t, "GET", url, nil)
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")

	cases := []struct {
		name string
		hdr  map[string]string
		code int
	}{
		{"matching etag", map[string]string{"If-None-Match": etag}, 304},
		{"etag in list", map[string]string{"If-None-Match": `"other", ` + etag}, 304},
		{"weak form of etag", map[string]string{"If-None-Match": "W/" + etag}, 304},
		{"star", map[string]string{"If-None-Match": "*"}, 304},
		{"other etag", map[string]string{"If-None-Match": `"nope"`}, 200},
		{"other etag wins over date", map[string]string{"If-None-Match": `"nope"`, "If-Modified-Since": lm}, 200},
		{"same date", map[string]string{"If-Modified-Since": lm}, 304},
		{"later date", map[string]string{"If-Modified-Since": "Sat, 21 Nov 2026 00:00:00 GMT"}, 304},
		{"earlier date", map[string]string{"If-Modified-Since": "Fri, 20 Nov 2026 11:19:59 GMT"}, 200},
		{"garbage date", map[string]string{"If-Modified-Since": "yesterday"}, 200},
	}
	for _, c := range cases {
		resp, body := do(t, "GET", url, c.hdr)
		if resp.StatusCode != c.code {
			t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.code)
		}
		if c.code == 304 && (len(body) != 0 || resp.Header.Get("ETag") != etag) {
			t.Errorf("%s: 304 with body %d bytes or etag %q", c.name, len(body), resp.Header.Get("ETag"))
		}
	}
}

func TestGzipAndHead(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	url := ts.URL + "/feeds/syria-diplomacy.rss"
	_, plain := do(t, "GET", url, nil)

	resp, gz := do(t, "GET", url, map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("no gzip: %v", resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	unz, _ := io.ReadAll(zr)
	if !bytes.Equal(unz, plain) || len(gz) >= len(plain) {
		t.Fatalf("gzip body differs or is not smaller (%d vs %d)", len(gz), len(plain))
	}
	gzTag := resp.Header.Get("ETag")
	if r2, _ := do(t, "GET", url, nil); r2.Header.Get("ETag") == gzTag {
		t.Errorf("gzip and identity share the strong ETag %s", gzTag)
	}
	if r3, _ := do(t, "GET", url, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gzTag}); r3.StatusCode != 304 {
		t.Errorf("gzip etag not honoured: %d", r3.StatusCode)
	}
	if r4, _ := do(t, "GET", url, map[string]string{"Accept-Encoding": "gzip;q=0"}); r4.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still compressed")
	}

	resp, body := do(t, "HEAD", url, map[string]string{"Accept-Encoding": "gzip"})
	if resp.StatusCode != 200 || len(body) != 0 || resp.Header.Get("Content-Length") != itoa(len(gz)) {
		t.Errorf("HEAD: %d, body %d, length %q want %d", resp.StatusCode, len(body), resp.Header.Get("Content-Length"), len(gz))
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestMethodsAndRoutes(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		for _, p := range []string{"/", "/feeds/syria-diplomacy.rss", "/feeds.opml", "/healthz"} {
			resp, _ := do(t, m, ts.URL+p, nil)
			if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d allow %q", m, p, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	}
	for _, p := range []string{"/feeds/nope.rss", "/feeds/syria-diplomacy.xml", "/feeds/", "/feeds/../etc/passwd",
		"/static/../publish.go", "/static/nope.css", "/nope", "/feeds/syria-diplomacy.rss/x", "/feeds/SYRIA-DIPLOMACY.rss"} {
		resp, _ := do(t, "GET", ts.URL+p, nil)
		if resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	resp, body := do(t, "GET", ts.URL+"/static/style.css", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || len(body) == 0 {
		t.Errorf("style.css: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestHTMLPages(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	for _, p := range []string{"/", "/feeds/syria-diplomacy"} {
		resp, body := do(t, "GET", ts.URL+p, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("%s: %d %q", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers %v", p, resp.Header)
		}
		page := string(body)
		for _, want := range []string{
			`<link rel="alternate" type="application/atom+xml"`,
			`href="/feeds/syria-diplomacy.rss"`,
			`Russia, Turkey and Iran agree on Syria safe zones at Astana talks`,
			`<meta name="viewport"`,
			`href="/static/style.css"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
		if strings.Contains(page, "<script") || strings.Contains(page, " style=") || strings.Contains(page, "http://") && !strings.Contains(page, "https://") {
			t.Errorf("%s: inline script/style or insecure asset", p)
		}
		// Well-formed enough for an XML tokenizer in non-strict HTML mode.
		d := xml.NewDecoder(strings.NewReader(page))
		d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
		for {
			if _, err := d.Token(); err != nil {
				if err != io.EOF {
					t.Errorf("%s: %v", p, err)
				}
				break
			}
		}
	}
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	for _, want := range []string{"Also reported by", "Site C", "Recep Tayyip Erdoğan", `id="story-s-astana-zones"`, "Idlib"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("topic page lacks %q", want)
		}
	}
}

func TestOPML(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	resp, body := do(t, "GET", ts.URL+"/feeds.opml", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/x-opml") {
		t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var doc struct {
		Head struct {
			Title string `xml:"title"`
		} `xml:"head"`
		Outlines []struct {
			Type   string `xml:"type,attr"`
			Text   string `xml:"text,attr"`
			XMLURL string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Head.Title != "Intlwire" || len(doc.Outlines) != 2 || doc.Outlines[0].XMLURL != "https://feeds.example.org/feeds/syria-diplomacy.rss" || doc.Outlines[0].Text != "Syria diplomacy" {
		t.Fatalf("opml %+v", doc)
	}
	if r2, _ := do(t, "GET", ts.URL+"/feeds.opml", map[string]string{"If-None-Match": resp.Header.Get("ETag")}); r2.StatusCode != 304 {
		t.Errorf("opml conditional: %d", r2.StatusCode)
	}
}

func TestCachedFeedCostsNoRead(t *testing.T) {
	s, r, ts := newTestServer(t, testOptions())
	url := ts.URL + "/feeds/syria-diplomacy.atom"
	_, first := do(t, "GET", url, nil)
	calls := r.Calls.Load()
	if calls != 1 {
		t.Fatalf("first request made %d reads, want 1", calls)
	}
	// Every format and the topic page come from that one read.
	for _, p := range []string{".atom", ".rss", ".json", ""} {
		for i := 0; i < 5; i++ {
			do(t, "GET", ts.URL+"/feeds/syria-diplomacy"+p, nil)
		}
	}
	if got := r.Calls.Load(); got != calls {
		t.Fatalf("cached polls made %d reads", got-calls)
	}
	// Invalidation of another topic leaves this one cached.
	s.Invalidate("humanitarian")
	do(t, "GET", url, nil)
	if got := r.Calls.Load(); got != calls {
		t.Fatalf("invalidating another topic re-read this one")
	}
	// A change plus Invalidate: one new read, new bytes, new ETag.
	stories := publishtest.SyriaStories()
	// The source edited its article: a new title and updated time.
	stories[0].Title = "A changed title"
	stories[0].Lead.Title = "A changed title"
	stories[0].Lead.Updated, stories[0].Lead.FetchedAt = publishtest.Base, publishtest.Base
	stories[0].Articles[0] = stories[0].Lead
	stories[0].Updated = publishtest.Base
	r.Set("syria-diplomacy", stories)
	do(t, "GET", url, nil)
	if got := r.Calls.Load(); got != calls {
		t.Fatalf("a store change without Invalidate was read")
	}
	s.Invalidate("syria-diplomacy")
	resp, second := do(t, "GET", url, nil)
	if got := r.Calls.Load(); got != calls+1 {
		t.Fatalf("after Invalidate: %d reads, want 1", got-calls)
	}
	if bytes.Equal(first, second) || !bytes.Contains(second, []byte("A changed title")) {
		t.Fatalf("invalidated feed not re-rendered")
	}
	if resp.Header.Get("Last-Modified") != "Fri, 20 Nov 2026 12:00:00 GMT" {
		t.Errorf("Last-Modified %q did not move", resp.Header.Get("Last-Modified"))
	}
}

func TestConcurrentColdRequestsShareOneRead(t *testing.T) {
	_, r, ts := newTestServer(t, testOptions())
	r.Delay = 50e6 // 50ms: requests pile up on the build
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(ts.URL + "/feeds/syria-diplomacy.json")
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if n := r.Calls.Load(); n != 1 {
		t.Fatalf("%d concurrent cold requests made %d reads, want 1", 20, n)
	}
}

func TestStorageFailureServesLastGoodFeed(t *testing.T) {
	s, r, ts := newTestServer(t, testOptions())
	url := ts.URL + "/feeds/syria-diplomacy.rss"
	_, good := do(t, "GET", url, nil)
	r.Fail(errors.New("disk I/O error"))
	s.Invalidate("syria-diplomacy")
	resp, body := do(t, "GET", url, nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, good) {
		t.Fatalf("storage failure: %d, same bytes %v", resp.StatusCode, bytes.Equal(body, good))
	}
	// A topic never rendered has nothing to fall back on: 503, not a crash.
	resp, _ = do(t, "GET", ts.URL+"/feeds/humanitarian.rss", nil)
	if resp.StatusCode != 503 {
		t.Fatalf("never-rendered topic during failure: %d", resp.StatusCode)
	}
	r.Fail(nil)
	s.Invalidate("humanitarian")
	if resp, _ := do(t, "GET", ts.URL+"/feeds/humanitarian.rss", nil); resp.StatusCode != 200 {
		t.Fatalf("after recovery: %d", resp.StatusCode)
	}
}

func TestSetTopicsReplacesTopics(t *testing.T) {
	s, _, ts := newTestServer(t, testOptions())
	_, before := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil)
	s.SetTopics([]publish.Topic{{Slug: "syria-diplomacy", Title: "Syria talks"}, {Slug: "../evil", Title: "x"}})
	resp, after := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil)
	if resp.StatusCode != 200 || bytes.Equal(before, after) || !bytes.Contains(after, []byte("<title>Syria talks – Intlwire</title>")) {
		t.Fatalf("retitled topic not re-rendered")
	}
	if resp, _ := do(t, "GET", ts.URL+"/feeds/humanitarian.rss", nil); resp.StatusCode != 404 {
		t.Fatalf("removed topic still served: %d", resp.StatusCode)
	}
	if got := len(s.Topics()); got != 1 {
		t.Fatalf("%d topics, want 1 (bad slug refused)", got)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	o := testOptions()
	reg := prometheus.NewRegistry()
	o.Registerer = reg
	s, r, ts := newTestServer(t, o)
	resp, body := do(t, "GET", ts.URL+"/healthz", nil)
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"sources":{"total":0,"failing":0,"stale":0},"status":"ok"}` {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	// A failing source: still 200 (alive), but degraded, with the counts.
	now := time.Now()
	r.SetSources([]model.FetchState{{SourceID: "wire-a", LastFetch: now, LastSuccess: now, NextDue: now.Add(time.Minute)},
		{SourceID: "paper-b", LastFetch: now, ErrorCount: 3, LastError: "HTTP 500", NextDue: now.Add(time.Hour)}})
	resp, body = do(t, "GET", ts.URL+"/healthz", nil)
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"sources":{"total":2,"failing":1,"stale":0},"status":"degraded"}` {
		t.Fatalf("healthz with a failing source: %d %s", resp.StatusCode, body)
	}
	s.SetHealth(func() (bool, map[string]any) { return false, map[string]any{"database": "locked"} })
	resp, body = do(t, "GET", ts.URL+"/healthz", nil)
	var h map[string]any
	if err := json.Unmarshal(body, &h); err != nil || resp.StatusCode != 503 || h["status"] != "error" || h["database"] != "locked" {
		t.Fatalf("unhealthy: %d %s", resp.StatusCode, body)
	}
	do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil)
	do(t, "GET", ts.URL+"/feeds/syria-diplomacy.rss", nil)
	_, m := do(t, "GET", ts.URL+"/metrics", nil)
	for _, want := range []string{`publish_http_requests_total{code="200",route="feed"} 2`, `publish_renders_total{kind="topic"} 1`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// A second server on the same registry does not panic.
	_ = publish.NewServer(o, publishtest.NewReader(nil), nil)
}

func TestArticleUnitPageHasUniqueAnchors(t *testing.T) {
	o := testOptions()
	o.Topics[0].Unit = publish.UnitArticle
	_, _, ts := newTestServer(t, o)
	_, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy", nil)
	ids := map[string]bool{}
	for _, part := range strings.Split(string(body), `id="`)[1:] {
		id, _, _ := strings.Cut(part, `"`)
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
	}
	if len(ids) != 6 {
		t.Errorf("%d story anchors, want 6 articles", len(ids))
	}
}

func TestReloadDuringStorageFailureKeepsServing(t *testing.T) {
	s, r, ts := newTestServer(t, testOptions())
	_, good := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.atom", nil)
	r.Fail(errors.New("database is locked"))
	s.SetTopics(testOptions().Topics)
	resp, body := do(t, "GET", ts.URL+"/feeds/syria-diplomacy.atom", nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, good) {
		t.Fatalf("after reload during failure: %d", resp.StatusCode)
	}
}

func TestNewHTTPServerLimits(t *testing.T) {
	s, _, _ := newTestServer(t, testOptions())
	hs := publish.NewHTTPServer("127.0.0.1:0", s)
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 || hs.MaxHeaderBytes > 64<<10 {
		t.Fatalf("limits not set: %+v", hs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	resp, _ := do(t, "GET", base+"/feeds/syria-diplomacy.rss", map[string]string{"X-Big": strings.Repeat("a", 64<<10)})
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("64 KiB header: %d, want 431", resp.StatusCode)
	}
	if resp, _ := do(t, "GET", base+"/feeds/syria-diplomacy.rss", nil); resp.StatusCode != 200 {
		t.Fatalf("normal request: %d", resp.StatusCode)
	}
}

func TestLastModifiedMovesWhenBytesChangeWithoutNewerItem(t *testing.T) {
	s, r, ts := newTestServer(t, testOptions())
	url := ts.URL + "/feeds/syria-diplomacy.rss"
	resp, _ := do(t, "GET", url, nil)
	lm := resp.Header.Get("Last-Modified")
	// The newest story leaves the topic: the newest remaining item is older.
	r.Set("syria-diplomacy", publishtest.SyriaStories()[1:])
	s.Invalidate("syria-diplomacy")
	resp, _ = do(t, "GET", url, map[string]string{"If-Modified-Since": lm})
	if resp.StatusCode != 200 {
		t.Fatalf("changed feed answered %d to If-Modified-Since", resp.StatusCode)
	}
	// Unchanged bytes keep their validators.
	s.Invalidate("syria-diplomacy")
	resp2, _ := do(t, "GET", url, map[string]string{"If-None-Match": resp.Header.Get("ETag"), "If-Modified-Since": resp.Header.Get("Last-Modified")})
	if resp2.StatusCode != 304 {
		t.Fatalf("re-render of the same bytes: %d", resp2.StatusCode)
	}
	if r3, _ := do(t, "GET", url, nil); r3.Header.Get("Last-Modified") != resp.Header.Get("Last-Modified") {
		t.Fatalf("Last-Modified moved (%s → %s) for the same bytes", resp.Header.Get("Last-Modified"), r3.Header.Get("Last-Modified"))
	}
}
