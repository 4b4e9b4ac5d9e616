package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/story"
)

// Assignment keeps story assignment consistent when several processes
// ingest into one database (docs/scaling.md): one assigner at a time, and
// each stage up to date with what the others stored before it assigns.
type Assignment interface {
	// LockAssignment waits until this process is the only one assigning
	// stories and ingesting; release ends that.
	LockAssignment(ctx context.Context) (release func(), err error)
	// ArticlesAfter streams the stored articles above an id, fetched at or
	// after since, in id order.
	ArticlesAfter(ctx context.Context, after int64, since time.Time, fn func(model.Article) error) error
}

// assignAndStore decides the stories of a feed's new articles, stores them
// and adds them to the stage's indexes; the caller holds ingestMu. With an
// Assignment it does so under the database's assignment lock, after the
// stage caught up with the articles other processes stored.
//
// The lock is held for what needs it: the last of the catch-up, the
// assignment and the ingest transaction, which must commit before another
// process assigns. The bulk of the catch-up (reading and indexing what the
// others stored while they held the lock) is done before waiting for it,
// and the stage's own index update after releasing it (only this process's
// memory, guarded by ingestMu), and a feed with no new or changed item
// does not take it at all: with several fetchers, each holder of the
// lock would otherwise index the others' feeds while they all wait.
// Reading without the lock is safe because only the holder stores articles
// and its transaction commits whole before it lets go: the ids committed
// are always every id up to the highest one seen, so what is read before
// the lock and what is read under it are the same articles once.
func (p *Pipeline) assignAndStore(ctx context.Context, st *state, fs model.FetchState, batch *story.Batch) (model.IngestResult, error) {
	var ir model.IngestResult
	var err error
	// A feed with nothing new or changed has nothing to assign: its fetch
	// state is written without waiting for the lock (most feeds of a
	// fleet's steady state).
	if p.assignment == nil || len(batch.Articles) == 0 {
		p.stage.Assign(batch)
		ir, err = p.articles.Ingest(ctx, fs, batch.Articles)
	} else {
		ir, err = p.assignLocked(ctx, st, fs, batch)
	}
	if err != nil {
		p.stage.Abort(batch)
		return ir, err
	}
	p.stage.Commit(batch, ir.Added, ir.Provisional)
	return ir, nil
}

// assignLocked is the catch-up, assignment and ingest of assignAndStore
// across processes: the catch-up before and under the assignment lock, the
// rest under it.
func (p *Pipeline) assignLocked(ctx context.Context, st *state, fs model.FetchState, batch *story.Batch) (model.IngestResult, error) {
	since := p.now().Add(-st.cfg.Dedupe.Window.D())
	if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
		return model.IngestResult{}, fmt.Errorf("pipeline: story catch-up: %w", err)
	}
	asked := time.Now()
	release, err := p.assignment.LockAssignment(ctx)
	if err != nil {
		return model.IngestResult{}, fmt.Errorf("pipeline: %w", err)
	}
	got := time.Now()
	defer func() {
		release()
		p.metrics.assignmentLock(got.Sub(asked), time.Since(got))
	}()
	if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
		return model.IngestResult{}, fmt.Errorf("pipeline: story catch-up: %w", err)
	}
	p.stage.Assign(batch)
	return p.articles.Ingest(ctx, fs, batch.Articles)
}
