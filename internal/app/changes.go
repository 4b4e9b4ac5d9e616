package app

import (
	"context"
	"time"
)

// FollowChanges keeps the publisher's renders in step with changes other
// processes make to the database (a fetch node, another daemon, `aggregator
// fetch`): every `every` it reads the topics' change counters — one small
// query, whatever the traffic — and invalidates the topics whose counter
// moved. An unchanged feed keeps its cached bytes and ETag; a changed one is
// rendered afresh on its next request. A reload's publish.refresh replaces
// every. It returns when ctx ends.
func (p *Parts) FollowChanges(ctx context.Context, every time.Duration) {
	if p.Server == nil {
		return
	}
	seen, err := p.Store.TopicVersions(ctx)
	if err != nil && ctx.Err() == nil {
		p.log.Warn("app: change counters", "error", err)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case d := <-p.refresh:
			if d > 0 && d != every {
				every = d
				t.Reset(d)
			}
			continue
		case <-t.C:
		}
		now, err := p.Store.TopicVersions(ctx)
		if err != nil {
			if ctx.Err() == nil {
				p.log.Warn("app: change counters", "error", err)
			}
			continue
		}
		var changed []string
		for slug, v := range now {
			if seen == nil || seen[slug] != v {
				changed = append(changed, slug)
			}
		}
		seen = now
		if len(changed) > 0 {
			p.log.Debug("app: feeds changed elsewhere", "topics", changed)
			p.Server.Invalidate(changed...)
		}
	}
}
