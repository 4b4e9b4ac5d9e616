package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/intlwire/aggregator/internal/fetch"
)

// A conditional GET round trip, as the pipeline does it: store the
// validators and hash, send them back, and skip work on a 304.
func ExampleClient_Fetch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
	}))
	defer srv.Close()
	// AllowPrivate only because the test server is on loopback.
	c := fetch.NewClient(fetch.Options{AllowPrivate: true})
	ctx := context.Background()

	resp, err := c.Fetch(ctx, fetch.Request{SourceID: "demo", URL: srv.URL})
	if err != nil {
		// On failure: count it and back off; 410 disables the source.
		next := fetch.Backoff(1, resp.RetryAfter, 24*time.Hour, rand.Float64)
		fmt.Println(errors.Is(err, fetch.ErrGone), next)
		return
	}
	fmt.Println(resp.Status, len(resp.Body) > 0)

	again, _ := c.Fetch(ctx, fetch.Request{SourceID: "demo", URL: srv.URL,
		ETag: resp.ETag, LastModified: resp.LastModified, BodyHash: resp.BodyHash})
	fmt.Println(again.Status, again.NotModified, again.ETag)
	// Output:
	// 200 true
	// 304 true "v1"
}
