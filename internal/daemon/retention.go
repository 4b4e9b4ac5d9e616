package daemon

import (
	"context"
	"log/slog"
	"time"

	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/store"
)

// retentionStore is what retention asks of storage.
type retentionStore interface {
	// Prune drops articles older than cutoff, keeping every story a topic
	// feed still shows (keepPerTopic per topic).
	Prune(ctx context.Context, cutoff time.Time, keepPerTopic int) (int64, error)
	// ExpireTombstones drops the tombstones no feed listed since before.
	ExpireTombstones(ctx context.Context, before time.Time, max int) (int64, error)
}

// retentionEvery is how often old articles are pruned.
const retentionEvery = time.Hour

// retain prunes articles older than retention.max_age (when set) every hour
// until ctx ends, keeping every story a topic feed still shows.
func retain(ctx context.Context, st retentionStore, pipe *pipeline.Pipeline, log *slog.Logger) {
	t := time.NewTicker(retentionEvery)
	defer t.Stop()
	for {
		pipe.PruneIndex(time.Now())
		cfg := pipe.Config()
		if age := cfg.Retention.MaxAge.D(); age > 0 {
			keep := cfg.Publish.Limit
			for _, tp := range cfg.Topics {
				keep = max(keep, tp.Limit)
			}
			n, err := st.Prune(ctx, time.Now().Add(-age), keep)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("retention", "error", err)
			case n > 0:
				log.Info("retention", "pruned_articles", n, "older_than", age)
			}
		}
		// Pruned articles are remembered as tombstones while feeds list them;
		// those no feed has listed for a month go, and never more than a bound.
		if n, err := st.ExpireTombstones(ctx, time.Now().Add(-store.TombstoneAge), 0); err != nil && ctx.Err() == nil {
			log.Error("retention: tombstones", "error", err)
		} else if n > 0 {
			log.Info("retention", "expired_tombstones", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
