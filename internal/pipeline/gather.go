package pipeline

import (
	"time"
)

// Gathering a write group. A group's cost is mostly its own, not its
// feeds': the transaction and its commit, the assignment lock and the
// catch-up, and the topic membership of every story it touched, read back
// and evaluated whole however few articles joined it. The writer used to
// take whatever was queued the moment it was free: in a changed round of
// 1,000 feeds with one new item each it wrote 240 to 430 groups, most of
// one feed, while the other workers' feeds were a few milliseconds behind.
// So the writer first waits, a little, for the feeds in flight (their
// fetch begun, not yet handed to it): until none is left, the group is
// full, or it has waited twice as long as writing the last group took,
// and never more than maxGather. A group so waits at most about what it
// would have waited behind another group's write.

// maxGather bounds the writer's wait for a group's feeds in flight.
const maxGather = 10 * time.Millisecond

// gatherFactor is how many times the last group's write the writer may
// wait for the next group's feeds in flight.
const gatherFactor = 2

// flight is one feed counted in writeQueue.inFlight from the start of its
// fetch until it is handed to the writer or gives up.
type flight struct {
	q    *writeQueue
	over bool
}

// start counts a feed whose fetch begins, until its flight ends.
func (q *writeQueue) start() *flight {
	q.mu.Lock()
	q.inFlight++
	q.mu.Unlock()
	return &flight{q: q}
}

// end stops counting the feed, if it is still counted (a fetch that
// stored nothing, failed or was not modified).
func (f *flight) end() {
	f.q.mu.Lock()
	f.endLocked()
	f.q.mu.Unlock()
}

// endLocked is end; the caller holds the queue's mu.
func (f *flight) endLocked() {
	if f.over {
		return
	}
	f.over = true
	f.q.inFlight--
	f.q.signal()
}

// signal wakes gather, if it waits; the caller holds mu.
func (q *writeQueue) signal() {
	select {
	case q.movedLocked() <- struct{}{}:
	default:
	}
}

// movedLocked returns the channel signal sends on, made on first use; the
// caller holds mu.
func (q *writeQueue) movedLocked() chan struct{} {
	if q.moved == nil {
		q.moved = make(chan struct{}, 1)
	}
	return q.moved
}

// gather waits, for at most limit, until no feed is in flight or the
// waiting feeds fill a group. The caller is the writer, about to take a
// group.
func (q *writeQueue) gather(limit time.Duration) {
	var timer *time.Timer
	for {
		q.mu.Lock()
		ready := q.inFlight == 0 || q.fullLocked()
		moved := q.movedLocked()
		q.mu.Unlock()
		if ready || limit <= 0 {
			return
		}
		if timer == nil {
			timer = time.NewTimer(limit)
			defer timer.Stop()
		}
		select {
		case <-moved:
		case <-timer.C:
			return
		}
	}
}

// fullLocked reports whether the waiting feeds fill a group (takeMore's
// bounds); the caller holds mu.
func (q *writeQueue) fullLocked() bool {
	return len(q.waiting) >= maxGroupFeeds || articlesIn(q.waiting) >= maxGroupArticles
}

// gatherLimit is how long the writer may wait for the next group's feeds:
// gatherFactor times the last group's write, at most maxGather.
func gatherLimit(lastWrite time.Duration) time.Duration {
	return min(maxGather, gatherFactor*lastWrite)
}
