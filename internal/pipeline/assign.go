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
func (p *Pipeline) assignAndStore(ctx context.Context, st *state, fs model.FetchState, batch *story.Batch) (model.IngestResult, error) {
	if p.assignment != nil {
		release, err := p.assignment.LockAssignment(ctx)
		if err != nil {
			return model.IngestResult{}, fmt.Errorf("pipeline: %w", err)
		}
		defer release()
		since := p.now().Add(-st.cfg.Dedupe.Window.D())
		if _, err := p.stage.CatchUp(ctx, p.assignment.ArticlesAfter, since); err != nil {
			return model.IngestResult{}, fmt.Errorf("pipeline: story catch-up: %w", err)
		}
	}
	p.stage.Assign(batch)
	ir, err := p.articles.Ingest(ctx, fs, batch.Articles)
	if err != nil {
		p.stage.Abort(batch)
		return ir, err
	}
	p.stage.Commit(batch, ir.Added, ir.Provisional)
	return ir, nil
}
