package pipeline

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestHostileStoreWriteFailureKeepsItems: when the store refuses a feed's
// articles (here a trigger makes every insert fail, as a full or read-only
// disk would), the failure is recorded with a backoff, the feed's new
// validators are NOT kept, and once the store works again the next fetch
// stores the items instead of being told "not modified". StoreError says
// the store is failing meanwhile, for /healthz.
func TestHostileStoreWriteFailureKeepsItems(t *testing.T) {
	var conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(goodFeed("faulty")))
	}))
	defer srv.Close()
	p, st := hostilePipeline(t, [][2]string{{"faulty", srv.URL + "/feed"}})
	ctx := context.Background()

	db, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`); err != nil {
		t.Fatal(err)
	}
	sum, err := p.Round(ctx, RoundOptions{All: true})
	if err != nil || sum.Failed != 1 {
		t.Fatalf("round with a failing store: %+v %v", sum, err)
	}
	fs, err := st.FetchState(ctx, "faulty")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fs.LastError, "simulated write failure") || fs.ErrorCount != 1 || !fs.NextDue.After(time.Now()) {
		t.Errorf("failure not recorded: error %q, count %d, next due %v", fs.LastError, fs.ErrorCount, fs.NextDue)
	}
	if fs.ETag != "" || fs.BodyHash != "" {
		t.Errorf("validators of a body that was not stored were kept: etag %q, body hash %q", fs.ETag, fs.BodyHash)
	}
	if msg, since := p.StoreError(); !strings.Contains(msg, "simulated write failure") || time.Since(since) > time.Minute {
		t.Errorf("StoreError() = %q, %v: the failing store is not reported", msg, since)
	}

	if _, err := db.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	sum, err = p.Round(ctx, RoundOptions{All: true})
	if err != nil || sum.Fetched != 1 || sum.NewArticles != 3 {
		t.Errorf("round after the store recovered: %+v %v", sum, err)
	}
	if msg, _ := p.StoreError(); msg != "" {
		t.Errorf("StoreError() = %q after a successful write", msg)
	}
	if conditional.Load() != 0 {
		t.Errorf("the retry was a conditional GET answered 304: the items would never be stored")
	}
	if fs, _ := st.FetchState(ctx, "faulty"); fs.LastError != "" || fs.ErrorCount != 0 || fs.ETag != `"v1"` {
		t.Errorf("state after recovery: error %q, count %d, etag %q", fs.LastError, fs.ErrorCount, fs.ETag)
	}
}
