package pipeline

import (
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/story"
)

// queuedFeed is a feed handed to the writer with nothing to store.
func queuedFeed() *pendingWrite { return &pendingWrite{batch: &story.Batch{}} }

// gathering runs q.gather(limit) on a goroutine and returns a channel
// closed when it returns.
func gathering(q *writeQueue, limit time.Duration) chan struct{} {
	done := make(chan struct{})
	go func() {
		q.gather(limit)
		close(done)
	}()
	return done
}

// returned reports whether done is closed within d.
func returned(done chan struct{}, d time.Duration) bool {
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// waitingOnOneFlight starts a writer gathering with one feed waiting and
// one in flight, and checks that it waits for the flight.
func waitingOnOneFlight(t *testing.T) (*writeQueue, *flight, chan struct{}) {
	t.Helper()
	q := &writeQueue{}
	q.add(queuedFeed(), nil)
	fl := q.start()
	done := gathering(q, time.Minute)
	if returned(done, 30*time.Millisecond) {
		t.Fatal("gather returned with a feed in flight")
	}
	return q, fl, done
}

// TestGatherWaitsForTheFeedsInFlight: the writer, with one feed waiting,
// waits for the feed whose fetch began, and takes both once it arrives.
func TestGatherWaitsForTheFeedsInFlight(t *testing.T) {
	q, fl, done := waitingOnOneFlight(t)
	q.add(queuedFeed(), fl)
	if !returned(done, 10*time.Second) {
		t.Fatal("gather still waits once the feed in flight arrived")
	}
	if g := q.take(); len(g) != 2 {
		t.Errorf("the group after gathering has %d feeds, want 2", len(g))
	}
}

// TestGatherStopsWhenAFlightEnds: a fetch that stores nothing (not
// modified, failed) ends its flight, and the writer stops waiting for it.
func TestGatherStopsWhenAFlightEnds(t *testing.T) {
	q, fl, done := waitingOnOneFlight(t)
	fl.end()
	fl.end() // once only
	if !returned(done, 10*time.Second) {
		t.Fatal("gather still waits once the only flight ended")
	}
	if q.inFlight != 0 {
		t.Errorf("%d feeds in flight after the only one ended twice, want 0", q.inFlight)
	}
}

// TestGatherWaitsAtMostItsLimit: a feed whose fetch hangs holds the writer
// for the limit only, and not at all with no limit (no group written yet)
// or a full group.
func TestGatherWaitsAtMostItsLimit(t *testing.T) {
	var q writeQueue
	q.add(queuedFeed(), nil)
	q.start() // never ends
	began := time.Now()
	if !returned(gathering(&q, 40*time.Millisecond), 10*time.Second) {
		t.Fatal("gather waited past its limit")
	}
	if waited := time.Since(began); waited < 40*time.Millisecond {
		t.Errorf("gather returned after %v, before its limit of 40ms, with a feed in flight", waited)
	}
	if !returned(gathering(&q, 0), 10*time.Second) {
		t.Error("gather with no limit waited")
	}
	for len(q.waiting) < maxGroupFeeds {
		q.add(queuedFeed(), nil)
	}
	if !returned(gathering(&q, time.Minute), 10*time.Second) {
		t.Error("gather waited with a full group")
	}
}

// TestGatherLimitFollowsTheLastWrite: the writer waits up to twice the
// last group's write, never more than maxGather, and not before a first
// group was written.
func TestGatherLimitFollowsTheLastWrite(t *testing.T) {
	for _, c := range []struct{ last, want time.Duration }{
		{0, 0}, {time.Millisecond, 2 * time.Millisecond}, {time.Second, maxGather},
	} {
		if got := gatherLimit(c.last); got != c.want {
			t.Errorf("gatherLimit(%v) = %v, want %v", c.last, got, c.want)
		}
	}
}
