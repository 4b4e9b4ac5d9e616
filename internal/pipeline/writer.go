package pipeline

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/story"
)

// The one writer, by group commit. Storing a feed's new articles is
// serialized (story assignment must see every article stored before it),
// but it need not be one feed at a time: a worker hands its prepared feed
// (fetched, parsed, looked up, tagged and sketched, all outside any lock)
// to the writer and waits; whoever holds the writer takes every feed
// waiting, up to a bound, and for all of them at once does the catch-up,
// the assignment (in order, each feed seeing the ones before it: see
// story.Stage.AssignGroup), ONE store transaction, the stage's index update
// and the topic membership of every story they touched, once each. Then
// each waiting worker finds its own feed's result. On a fleet the assignment
// lock is taken once per group. A round of 1,000 changed feeds on 16
// workers so writes a few dozen groups instead of 1,000 one-item
// transactions, each with its own membership update.

// Bounds of one write group: enough feeds that the per-group costs are
// shared, few enough that the lock (and a fleet's assignment lock) is not
// held for long and a failed group's feed-by-feed retry stays small.
const (
	maxGroupFeeds    = 64
	maxGroupArticles = 2000
)

// pendingWrite is one feed handed to the writer, and what writing it did.
type pendingWrite struct {
	ctx   context.Context // the feed's own: its retry alone runs under it
	fs    model.FetchState
	batch *story.Batch

	// Set by the writer, under ingestMu.
	done   bool
	ir     model.IngestResult
	stored bool  // the articles and fetch state were committed
	err    error // with stored: only topic membership failed
}

// writeQueue holds the feeds waiting for the writer, in arrival order,
// and counts those on their way to it (gather.go).
type writeQueue struct {
	mu      sync.Mutex
	waiting []*pendingWrite
	// inFlight counts the feeds whose fetch began and that are not yet
	// waiting here (nor gave up).
	inFlight int
	// moved is signalled, without blocking, when a feed arrives or gives
	// up: what gather waits for.
	moved chan struct{}
	// lastWrite is how long the writer took to write the last group; the
	// writer's, under ingestMu.
	lastWrite time.Duration
}

// add queues w, whose flight f (nil: not counted) ends with it, in one
// step: gather never finds the feed in neither place.
func (q *writeQueue) add(w *pendingWrite, f *flight) {
	q.mu.Lock()
	q.waiting = append(q.waiting, w)
	if f != nil {
		f.endLocked()
	}
	q.signal()
	q.mu.Unlock()
}

// take removes and returns the oldest waiting feeds, up to the group's
// bounds (at least one).
func (q *writeQueue) take() []*pendingWrite { return q.takeMore(nil) }

// takeMore removes and returns the oldest waiting feeds that fit in a
// group beside g, up to the group's bounds; at least one when g is empty.
func (q *writeQueue) takeMore(g []*pendingWrite) []*pendingWrite {
	q.mu.Lock()
	defer q.mu.Unlock()
	arts := articlesIn(g)
	n := 0
	for n < len(q.waiting) && len(g)+n < maxGroupFeeds {
		arts += len(q.waiting[n].batch.Articles)
		if len(g)+n > 0 && arts > maxGroupArticles {
			break
		}
		n++
	}
	taken := slices.Clone(q.waiting[:n])
	q.waiting = slices.Delete(q.waiting, 0, n)
	return taken
}

// articlesIn is how many articles the feeds ws bring, what a group's
// article bound counts.
func articlesIn(ws []*pendingWrite) int {
	n := 0
	for _, w := range ws {
		n += len(w.batch.Articles)
	}
	return n
}

// writeFeed hands w, whose flight f ends there, to the writer and returns
// once it is written: by this worker, with the feeds waiting beside it and
// those that arrive while it gathers them (gather.go), or by another
// worker that held the writer and took it with its own.
func (p *Pipeline) writeFeed(st *state, w *pendingWrite, f *flight) {
	p.queue.add(w, f)
	for {
		p.ingestMu.Lock()
		if w.done {
			p.ingestMu.Unlock()
			return
		}
		p.queue.gather(gatherLimit(p.queue.lastWrite))
		// The group runs under this worker's context: if it ends, the
		// group fails and its feeds are written again each under its own.
		began := time.Now()
		changed := p.writeGroup(w.ctx, st, p.queue.take(), true)
		p.queue.lastWrite = time.Since(began)
		p.ingestMu.Unlock()
		p.notify(changed)
	}
}

// writeGroup writes a group of feeds and marks each done with its result;
// the caller holds ingestMu. A group whose transaction failed is written
// again feed by feed, so that one bad feed (an item the database refuses)
// does not lose the others (and without growing: see assignAndStore). It
// returns the topics whose feeds changed.
func (p *Pipeline) writeGroup(ctx context.Context, st *state, g []*pendingWrite, grow bool) []string {
	var results []model.IngestResult
	var err error
	g, results, err = p.assignAndStore(ctx, st, g, grow)
	if err != nil {
		if len(g) == 1 {
			g[0].err, g[0].done = err, true
			return nil
		}
		var changed []string
		for _, w := range g {
			changed = append(changed, p.writeGroup(w.ctx, st, []*pendingWrite{w}, false)...)
		}
		return changed
	}
	p.metrics.wroteGroup(len(g))
	changed, err := p.groupTopics(ctx, st, results)
	for k, w := range g {
		w.ir, w.stored, w.err, w.done = results[k], true, err, true
	}
	if err != nil {
		return nil
	}
	return changed
}

// assignAndStore decides the stories of a group's new articles, stores the
// group in one transaction and adds the articles to the stage's indexes.
// With an Assignment it does so under the database's assignment lock,
// after the stage caught up with the articles other processes stored, and
// the group grows (when grow is set), once the lock is held, by the feeds
// that were handed to the writer while it waited: it returns the group
// written.
//
// The lock is held for what needs it: the last of the catch-up, the
// assignment and the ingest transaction, which must commit before another
// process assigns. The bulk of the catch-up (reading and indexing what the
// others stored while they held the lock) is done before waiting for it,
// and the stage's own index update after releasing it (only this process's
// memory, guarded by ingestMu), and a group with no new or changed item
// does not take it at all: with several fetchers, each holder of the
// lock would otherwise index the others' feeds while they all wait.
// Reading without the lock is safe because only the holder stores articles
// and its transaction commits whole before it lets go: the ids committed
// are always every id up to the highest one seen, so what is read before
// the lock and what is read under it are the same articles once.
func (p *Pipeline) assignAndStore(ctx context.Context, st *state, g []*pendingWrite, grow bool) ([]*pendingWrite, []model.IngestResult, error) {
	var batches []*story.Batch
	var feeds []model.FeedWrite
	articles := 0
	add := func(ws []*pendingWrite) []model.FeedWrite {
		var fs []model.FeedWrite
		for _, w := range ws {
			batches = append(batches, w.batch)
			fs = append(fs, model.FeedWrite{State: w.fs, Articles: w.batch.Articles})
			articles += len(w.batch.Articles)
		}
		return fs
	}
	feeds = add(g)
	var results []model.IngestResult
	var err error
	// A group with nothing new or changed has nothing to assign: its fetch
	// states are written without waiting for the lock (most feeds of a
	// fleet's steady state).
	if p.assignment == nil || articles == 0 {
		p.stage.AssignGroup(batches)
		results, err = p.articles.IngestGroup(ctx, withMerges(feeds, batches))
	} else {
		var more func() []model.FeedWrite
		if grow {
			more = func() []model.FeedWrite {
				extra := p.queue.takeMore(g)
				g = append(g, extra...)
				return add(extra)
			}
		}
		results, err = p.assignLocked(ctx, st, &batches, feeds, more)
	}
	if err != nil {
		for _, b := range batches {
			p.stage.Abort(b)
		}
		return g, nil, err
	}
	for k, b := range batches {
		p.stage.Commit(b, results[k].Added, results[k].Provisional)
	}
	return g, results, nil
}

// groupTopics updates the topic membership of every story a group created
// or changed, once each. A story one feed of the group created with one
// article is evaluated from that article; one that more articles or feeds
// touched is read back.
func (p *Pipeline) groupTopics(ctx context.Context, st *state, results []model.IngestResult) ([]string, error) {
	touchedBy := map[int64]int{} // story → feeds of the group that touched it
	var stories []int64
	for _, ir := range results {
		for _, id := range ir.Stories {
			if touchedBy[id] == 0 {
				stories = append(stories, id)
			}
			touchedBy[id]++
		}
	}
	fresh := map[int64]*model.Story{}
	joined := map[int64]bool{}
	for _, ir := range results {
		for i := range ir.Added {
			a := &ir.Added[i]
			if !ir.Created[a.StoryID] || joined[a.StoryID] || touchedBy[a.StoryID] > 1 {
				continue
			}
			if fresh[a.StoryID] != nil {
				delete(fresh, a.StoryID)
				joined[a.StoryID] = true
				continue
			}
			fresh[a.StoryID] = &model.Story{ID: a.StoryID, Title: a.Title, Updated: a.FetchedAt.Truncate(time.Second),
				Lead: *a, Articles: []model.Article{*a}, Tags: a.Tags}
		}
	}
	slices.Sort(stories)
	return p.updateTopics(ctx, st, stories, fresh, true)
}

// withMerges hands the store the merges the stage decided for each feed of
// a group (story.Batch.Merges), with its articles.
func withMerges(feeds []model.FeedWrite, batches []*story.Batch) []model.FeedWrite {
	for k, b := range batches {
		feeds[k].Merges = b.Merges
	}
	return feeds
}
