package pipeline

import (
	"context"
	"time"

	"github.com/intlwire/aggregator/internal/fetch"
	"github.com/intlwire/aggregator/internal/ingest"
	"github.com/intlwire/aggregator/internal/model"
)

// scheduleSpec is the schedule a source's scheduler ticks on: its own, else
// the default; with adaptive polling a source without its own schedule ticks
// every min_interval, so that the due time adaptive polling sets (never
// sooner than min_interval) is met within one tick.
func scheduleSpec(st *state, src model.Source) string {
	if src.Schedule != "" {
		return src.Schedule
	}
	if st.cfg.Fetch.Adaptive && st.cfg.Fetch.MinInterval > 0 {
		return "@every " + st.cfg.Fetch.MinInterval.D().String()
	}
	return st.cfg.Fetch.Schedule
}

// nextDue schedules the next fetch (fetch.NextDue): the source's schedule,
// or with adaptive polling its pace, never sooner than the feed's <ttl> and
// <sy:updatePeriod> or the server's max-age and Retry-After ask — whether or
// not polling is adaptive. perDay is the source's pace (adaptive only).
func (p *Pipeline) nextDue(st *state, src model.Source, now time.Time, resp *fetch.Response, feed *ingest.Feed, perDay float64) time.Time {
	plan := fetch.Plan{Adaptive: st.cfg.Fetch.Adaptive, PerDay: perDay,
		Min: st.cfg.Fetch.MinInterval.D(), Max: st.cfg.Fetch.MaxInterval.D()}
	if sched, err := parseSchedule(scheduleSpec(st, src)); err == nil {
		plan.Scheduled = sched.Next(now)
	}
	if resp != nil {
		plan.Hints.MaxAge, plan.Hints.RetryAfter = resp.MaxAge, resp.RetryAfter
	}
	if feed != nil {
		plan.Hints.TTL, plan.Hints.UpdatePeriod = feed.TTL, feed.UpdateInterval
	}
	return fetch.NextDue(now, plan)
}

// pace is the source's publication rate from its stored articles' own
// dates (fetch.PerDay); 0 when unknown.
func (p *Pipeline) pace(ctx context.Context, sourceID string, now time.Time) float64 {
	n, oldest, err := p.sources.PublicationPace(ctx, sourceID, now.Add(-fetch.PaceWindow))
	if err != nil {
		return 0
	}
	return fetch.PerDay(n, oldest, now)
}

// dueAfterFetch is nextDue for a fetch whose new items (if any) are not
// stored yet: with adaptive polling a 304 or an unchanged body leaves the
// pace as stored.
func (p *Pipeline) dueAfterFetch(ctx context.Context, st *state, src model.Source, now time.Time, resp *fetch.Response, feed *ingest.Feed) time.Time {
	var perDay float64
	if st.cfg.Fetch.Adaptive {
		perDay = p.pace(ctx, src.ID, now)
	}
	return p.nextDue(st, src, now, resp, feed, perDay)
}

// repace re-plans an adaptive source once its new batch is stored: issue 17
// found the pace taken before the batch, so a fresh busy source (300 items)
// was next due in a day. The fetch state is saved again only when the due
// time moves.
func (p *Pipeline) repace(ctx context.Context, st *state, src model.Source, now time.Time, resp *fetch.Response, feed *ingest.Feed, fs *model.FetchState, res *SourceResult) {
	if !st.cfg.Fetch.Adaptive || res.New == 0 {
		return
	}
	next := p.nextDue(st, src, now, resp, feed, p.pace(ctx, src.ID, now))
	if next.Equal(fs.NextDue) {
		return
	}
	fs.NextDue, res.NextDue = next, next
	if err := p.sources.SaveFetchState(ctx, *fs); err != nil {
		p.log.Warn("adaptive polling: save next due", "source", src.ID, "error", err)
	}
}
