package pipeline

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/prometheus/client_golang/prometheus"
)

// writeUp is another outlet's report of the event of syriaFeed's first item:
// the story stage joins it to that item's story (see
// TestAnOutletsOwnWriteUpJoinsTheStoryWithoutMovingIt).
const writeUp = `<rss version="2.0"><channel><title>Other</title><item><title>Idlib ceasefire on the table as Putin hosts talks</title>
<link>https://other.example.org/a/9</link><guid>o9</guid><description>Vladimir Putin hosted talks on Tuesday about a ceasefire for Idlib province in Syria, where fighting has displaced thousands.</description></item></channel></rss>`

// marketsOnly is syriaFeed without the event: what warms a pipeline up
// (taxonomy matcher, story index) without touching the event.
var marketsOnly = strings.Replace(syriaFeed, `<item><title>Putin hosts Syria talks</title><link>https://news.example.org/syria-talks</link><guid>a1</guid>
<description>Russian President Vladimir Putin hosted talks on a ceasefire in Idlib, the Syrian province, on Tuesday.</description></item>
`, "", 1)

// twoProcesses returns two pipelines on one fresh database of the backend,
// as two fetch processes would have them (each its own connection pool and
// story stage), both sharing story assignment through the store.
func twoProcesses(t *testing.T, database func(testing.TB) string) (first, second *Pipeline, st *store.Store) {
	t.Helper()
	if !strings.Contains(marketsOnly, "Markets") || strings.Contains(marketsOnly, "Putin") {
		t.Fatal("marketsOnly still holds the event (syriaFeed changed?)")
	}
	first, st = newTestPipelineOn(t, database)
	first.assignment = st
	cfg := first.Config()
	other, err := store.Open(context.Background(), cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	second, err = New(context.Background(), Options{Store: other, Assignment: other, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return first, second, st
}

// TestAStageCatchesUpWithAnotherProcessesArticles: a fetcher whose story
// index was built before another process stored an event's first report
// still joins its own outlet's write-up of that event to that story. Without
// the catch-up it only knows what it ingested itself and starts a second story.
func TestAStageCatchesUpWithAnotherProcessesArticles(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		first, second, st := twoProcesses(t, database)
		if _, err := second.IngestBody(ctx, "other", []byte(strings.Replace(marketsOnly, "<guid>a2</guid>", "<guid>m2</guid>", 1))); err != nil {
			t.Fatal(err)
		}
		if _, err := first.IngestBody(ctx, "src", []byte(syriaFeed)); err != nil {
			t.Fatal(err)
		}
		res, err := second.IngestBody(ctx, "other", []byte(writeUp))
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 1 || res.NewStories != 0 {
			t.Errorf("the write-up stored by the second process started a story of its own: %+v", res)
		}
		assertOneEventStory(ctx, t, st)
	})
}

// TestTwoProcessesIngestingOneEventAtOnceMakeOneStory: two fetchers on one
// database ingest two outlets' reports of one event at the same moment,
// several times over (a fresh database each time): each time they end in
// one story, whichever assigns first.
func TestTwoProcessesIngestingOneEventAtOnceMakeOneStory(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		for range 4 {
			first, second, st := twoProcesses(t, database)
			// Warm both up, so that the two ingests below take about as long.
			if _, err := first.IngestBody(ctx, "src", []byte(marketsOnly)); err != nil {
				t.Fatal(err)
			}
			if _, err := second.IngestBody(ctx, "other", []byte(strings.Replace(marketsOnly, "<guid>a2</guid>", "<guid>m2</guid>", 1))); err != nil {
				t.Fatal(err)
			}
			start := make(chan struct{})
			var wg sync.WaitGroup
			for _, job := range []struct {
				p            *Pipeline
				source, body string
			}{{first, "src", syriaFeed}, {second, "other", writeUp}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					if _, err := job.p.IngestBody(ctx, job.source, []byte(job.body)); err != nil {
						t.Error(err)
					}
				}()
			}
			close(start)
			wg.Wait()
			assertOneEventStory(ctx, t, st)
		}
	})
}

// assertOneEventStory checks that the event's two reports (a1 of src, o9 of
// other) are stored in one story.
func assertOneEventStory(ctx context.Context, t *testing.T, st *store.Store) {
	t.Helper()
	stories, err := st.RecentStories(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var holding []string
	for _, s := range stories {
		for _, a := range s.Articles {
			if a.GUID == "a1" || a.GUID == "o9" {
				holding = append(holding, s.Key+":"+a.GUID)
			}
		}
	}
	if len(holding) != 2 {
		t.Fatalf("the event's reports are stored as %v, want a1 and o9", holding)
	}
	if strings.Split(holding[0], ":")[0] != strings.Split(holding[1], ":")[0] {
		t.Errorf("one event split into two stories: %v", holding)
	}
}

// watchedAssignment is the store's Assignment, counting the articles the
// catch-up reads while this process holds the assignment lock.
type watchedAssignment struct {
	*store.Store
	mu         sync.Mutex
	held       bool
	locks      int // times the lock was taken
	readLocked int // articles read by a catch-up under the lock
	readFree   int // and without it
}

func (w *watchedAssignment) IngestAssigned(ctx context.Context, feeds []model.FeedWrite, more func() []model.FeedWrite, decide func(ctx context.Context, group []model.FeedWrite, held bool) error) ([]model.IngestResult, error) {
	defer func() {
		w.mu.Lock()
		w.held = false
		w.mu.Unlock()
	}()
	return w.Store.IngestAssigned(ctx, feeds, more, func(ctx context.Context, group []model.FeedWrite, held bool) error {
		if held {
			w.mu.Lock()
			w.held, w.locks = true, w.locks+1
			w.mu.Unlock()
		}
		return decide(ctx, group, held)
	})
}

func (w *watchedAssignment) ArticlesAfter(ctx context.Context, after int64, since time.Time, fn func(model.Article) error) error {
	return w.Store.ArticlesAfter(ctx, after, since, func(a model.Article) error {
		w.mu.Lock()
		if w.held {
			w.readLocked++
		} else {
			w.readFree++
		}
		w.mu.Unlock()
		return fn(a)
	})
}

// TestCatchUpReadsOtherProcessesArticlesBeforeTakingTheLock: what another
// process stored before this one ingests is read and indexed before the
// assignment lock is taken, so the lock (which every fetcher of a fleet
// waits for) is not held while it is; the write-up still joins the story.
func TestCatchUpReadsOtherProcessesArticlesBeforeTakingTheLock(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		first, second, st := twoProcesses(t, database)
		watched := &watchedAssignment{Store: st}
		first.assignment = watched
		if _, err := first.IngestBody(ctx, "src", []byte(marketsOnly)); err != nil {
			t.Fatal(err)
		}
		if _, err := second.IngestBody(ctx, "other", []byte(syriaFeed)); err != nil {
			t.Fatal(err)
		}
		res, err := first.IngestBody(ctx, "src", []byte(strings.Replace(writeUp, "o9", "w9", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if watched.readFree == 0 || watched.readLocked != 0 {
			t.Errorf("the other process's articles were read %d times without the lock and %d times under it; want all without",
				watched.readFree, watched.readLocked)
		}
		if res.New != 1 || res.NewStories != 0 {
			t.Errorf("the write-up did not join the other process's story: %+v", res)
		}
	})
}

// TestAFeedWithNothingNewDoesNotTakeTheAssignmentLock: a feed fetched again
// whose items are all stored (a changed body, the same items) writes its
// fetch state without taking the assignment lock every fetcher waits for.
func TestAFeedWithNothingNewDoesNotTakeTheAssignmentLock(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		first, _, st := twoProcesses(t, database)
		watched := &watchedAssignment{Store: st}
		first.assignment = watched
		reg := prometheus.NewRegistry()
		first.metrics = NewMetrics(reg)
		if _, err := first.IngestBody(ctx, "src", []byte(marketsOnly)); err != nil {
			t.Fatal(err)
		}
		taken, held := counter(t, reg, "aggregator_assignment_lock_acquisitions_total"), counter(t, reg, "aggregator_assignment_lock_held_seconds_total")
		if taken != 1 || held <= 0 {
			t.Errorf("metrics: the lock taken %v times, held %vs; want once, some time", taken, held)
		}
		if watched.locks != 1 {
			t.Fatalf("a feed of new items took the lock %d times, want once", watched.locks)
		}
		// The same items in another order: a new body, nothing new in it.
		res, err := first.IngestBody(ctx, "src", []byte(strings.Replace(marketsOnly, "<channel>", "<channel><description>moved</description>", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 0 || watched.locks != 1 {
			t.Errorf("a feed with nothing new (%d new) took the lock: %d times in all, want once", res.New, watched.locks)
		}
	})
}

// counter is the value of the counter named name in reg.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no counter %s", name)
	return 0
}

// TestAGroupGrowsByTheFeedsHandedWhileItWaitedForTheLock: a writer that
// waits for the assignment lock (another process holds it) takes, once it
// holds it, the feeds handed to the writer meanwhile into its group: one
// hold of the lock for both feeds, both stored. Without it, each feed
// handed while a fleet's lock is busy costs a hold of its own.
func TestAGroupGrowsByTheFeedsHandedWhileItWaitedForTheLock(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		p, st, db := groupPipeline(t, database)
		watched := &watchedAssignment{Store: st}
		p.assignment = watched
		release := holdAssignmentLock(t, db)
		wa := handed(t, p, "a", rssItem("a1", "https://a.example.org/1", "Envoy calls for Geneva talks", envoyText))
		wb := handed(t, p, "b", rssItem("b1", "https://b.example.org/1", "Earthquake shakes northern Chile", "A strong earthquake shook northern Chile on Monday, the geological service said, with no damage reported so far in the mining towns."))
		queued := func() int {
			p.queue.mu.Lock()
			defer p.queue.mu.Unlock()
			return len(p.queue.waiting)
		}
		wrote := make(chan struct{}, 2)
		p.ingestMu.Lock() // a waits for the writer until it is queued
		go func() { p.writeFeed(p.current(), wa, nil); wrote <- struct{}{} }()
		for queued() != 1 {
			time.Sleep(time.Millisecond)
		}
		p.ingestMu.Unlock()
		for queued() != 0 { // a's group is taken; it waits for the lock
			time.Sleep(time.Millisecond)
		}
		go func() { p.writeFeed(p.current(), wb, nil); wrote <- struct{}{} }()
		for queued() != 1 {
			time.Sleep(time.Millisecond)
		}
		release()
		<-wrote
		<-wrote
		for _, w := range []*pendingWrite{wa, wb} {
			if !w.stored || w.err != nil || w.ir.New != 1 {
				t.Errorf("feed %s: stored %v, err %v, %d new; want stored, 1 new", w.fs.SourceID, w.stored, w.err, w.ir.New)
			}
		}
		if watched.locks != 1 {
			t.Errorf("two feeds took the assignment lock %d times, want once (b joins a's group under the lock)", watched.locks)
		}
	})
}

// holdAssignmentLock takes the story assignment lock of the database at db
// from another process's store (writing source "c"'s state under it) and
// holds it until the returned release is called, which waits for that
// write to end.
func holdAssignmentLock(t *testing.T, db string) (release func()) {
	t.Helper()
	ctx := context.Background()
	other, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	held, hold, holderDone := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		_, err := other.IngestAssigned(ctx, []model.FeedWrite{{State: model.FetchState{SourceID: "c", URL: "http://c.example.org/feed"}}}, nil,
			func(_ context.Context, _ []model.FeedWrite, h bool) error {
				if h {
					close(held)
					<-hold
				}
				return nil
			})
		holderDone <- err
	}()
	<-held
	return func() {
		close(hold)
		if err := <-holderDone; err != nil {
			t.Fatal(err)
		}
	}
}
