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

// assignLocked is the catch-up, assignment and ingest of assignAndStore
// across processes: the catch-up before and under the assignment lock, the
// rest under it, once for the whole group.
func (p *Pipeline) assignLocked(ctx context.Context, st *state, batches []*story.Batch, feeds []model.FeedWrite) ([]model.IngestResult, error) {
	since := p.now().Add(-st.cfg.Dedupe.Window.D())
	if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
		return nil, fmt.Errorf("pipeline: story catch-up: %w", err)
	}
	asked := time.Now()
	release, err := p.assignment.LockAssignment(ctx)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	got := time.Now()
	defer func() {
		release()
		p.metrics.assignmentLock(got.Sub(asked), time.Since(got))
	}()
	if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
		return nil, fmt.Errorf("pipeline: story catch-up: %w", err)
	}
	p.stage.AssignGroup(batches)
	return p.articles.IngestGroup(ctx, withMerges(feeds, batches))
}
