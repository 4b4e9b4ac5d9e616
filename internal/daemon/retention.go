package daemon

import (
	"context"
	"log/slog"
	"time"

	"github.com/intlwire/aggregator/internal/pipeline"
	"github.com/intlwire/aggregator/internal/store"
)

// retentionEvery is how often old articles are pruned.
const retentionEvery = time.Hour

// retain prunes articles older than retention.max_age (when set) every hour
// until ctx ends, keeping every story a topic feed still shows.
func retain(ctx context.Context, st *store.Store, pipe *pipeline.Pipeline, log *slog.Logger) {
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
