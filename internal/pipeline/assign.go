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
	// IngestAssigned stores a write group holding the database's
	// assignment lock: once the lock is held, more (if not nil) gives the
	// feeds that join the group, and decide runs with held true (again if
	// the store runs the transaction again), before anything is written;
	// while the lock is awaited decide may run with held false, to catch up
	// only. The lock ends with the group's commit. The results are the
	// grown group's.
	IngestAssigned(ctx context.Context, feeds []model.FeedWrite, more func() []model.FeedWrite, decide func(ctx context.Context, group []model.FeedWrite, held bool) error) ([]model.IngestResult, error)
	// ArticlesAfter streams the stored articles above an id, fetched at or
	// after since, in id order.
	ArticlesAfter(ctx context.Context, after int64, since time.Time, fn func(model.Article) error) error
}

// assignLocked is the catch-up, assignment and ingest of assignAndStore
// across processes: the catch-up before and under the assignment lock, the
// rest under it, once for the whole group, grown by more under the lock
// (more appends the new feeds' batches to batches).
func (p *Pipeline) assignLocked(ctx context.Context, st *state, batches *[]*story.Batch, feeds []model.FeedWrite, more func() []model.FeedWrite) ([]model.IngestResult, error) {
	since := p.now().Add(-st.cfg.Dedupe.Window.D())
	if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
		return nil, fmt.Errorf("pipeline: story catch-up: %w", err)
	}
	asked := time.Now()
	var got time.Time
	assigned := false
	results, err := p.assignment.IngestAssigned(ctx, feeds, more, func(ctx context.Context, group []model.FeedWrite, held bool) error {
		if !held { // waiting: what the holders commit is indexed now, not under the lock
			_, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since)
			return err
		}
		if got.IsZero() {
			got = time.Now()
		}
		if assigned { // the store runs the transaction again: decide afresh
			for _, b := range *batches {
				p.stage.Abort(b)
			}
		}
		if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
			return fmt.Errorf("pipeline: story catch-up: %w", err)
		}
		p.stage.AssignGroup(*batches)
		withMerges(group, *batches)
		assigned = true
		return nil
	})
	if !got.IsZero() {
		p.metrics.assignmentLock(got.Sub(asked), time.Since(got))
	}
	return results, err
}
