package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestRetentionDoesNotBringTheDeadBack runs issue 17's case through the
// pipeline with simulated days: a story fetched, pruned by retention 40 days
// later while its feed still lists it, and the feed fetched again — nothing
// comes back as new, no new story, nothing in the topic.
func TestRetentionDoesNotBringTheDeadBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		feed := &datedFeed{}
		p, now := pacedPipelineOn(t, feed, "", database)
		st := p.topicStore.(interface {
			PruneAt(ctx context.Context, now, cutoff time.Time, keep int) (int64, error)
		})
		feed.mu.Lock()
		feed.body = syriaFeed
		feed.mu.Unlock()
		if res := p.fetchDesk(t); res.New != 2 {
			t.Fatalf("first fetch: %+v", res)
		}
		*now = now.Add(40 * 24 * time.Hour)
		if n, err := st.PruneAt(ctx, *now, now.Add(-30*24*time.Hour), 0); err != nil || n != 2 {
			t.Fatalf("prune: %d %v", n, err)
		}
		res := p.fetchDesk(t)
		if res.New != 0 || res.NewStories != 0 {
			t.Fatalf("the pruned items came back: %+v", res)
		}
		ids, err := p.topicStore.StoryIDsSince(ctx, time.Time{})
		if err != nil || len(ids) != 0 {
			t.Fatalf("stories after the re-fetch: %v %v", ids, err)
		}
	})
}

// TestRotatingFeedLoggedOnceStoredOnce: a feed that gives every item a new
// GUID and session parameter on every fetch is stored once per item and
// logged once.
func TestRotatingFeedLoggedOnceStoredOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		var fetches atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := fetches.Add(1)
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Rotating</title>`)
			for i := range 5 {
				fmt.Fprintf(&b, `<item><title>Envoys report %d from the talks in Geneva</title><link>https://rot.example.org/a/%d?sessionid=%d</link><guid>%d-%d</guid><description>Report %d: the envoys met for a second day in Geneva.</description></item>`,
					i, i, n, n, i, i)
			}
			b.WriteString("</channel></rss>")
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, b.String())
		}))
		defer srv.Close()
		p, st := buildPipeline(t, testSetup{database: database, sources: [][2]string{{"desk", srv.URL + "/feed.xml"}}, topics: syriaTopic})
		var logs bytes.Buffer
		p.log = slog.New(slog.NewTextHandler(&logs, nil))
		total := 0
		for range 6 {
			total += p.fetchDesk(t).New
		}
		if total != 5 {
			t.Fatalf("%d articles stored from 6 fetches of 5 rotating items, want 5", total)
		}
		if n := strings.Count(logs.String(), "rotates item identifiers"); n != 1 {
			t.Fatalf("rotation logged %d times:\n%s", n, logs.String())
		}
		if n, err := st.ArticlesSince(context.Background(), "desk", time.Time{}); err != nil || n != 5 {
			t.Fatalf("%d articles stored (%v)", n, err)
		}
	})
}
