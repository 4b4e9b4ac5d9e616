package pipeline

import (
	"context"
	"sync"
	"time"
)

// tally sums the fetches since the last round summary, so that an operator
// reads one line per round instead of adding up one line per source.
type tally struct {
	mu    sync.Mutex
	sum   Summary
	start time.Time
}

// add counts one fetch.
func (t *tally) add(r SourceResult) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.start.IsZero() {
		t.start = time.Now()
	}
	t.sum.Sources++
	switch r.Outcome {
	case OutcomeFetched:
		t.sum.Fetched++
	case OutcomeNotModified:
		t.sum.NotModified++
	default:
		t.sum.Failed++
	}
	t.sum.NewArticles += r.New
	t.sum.Duplicates += r.Duplicates
	t.sum.Stories += r.NewStories
}

// take returns the fetches counted since the last take and starts over.
func (t *tally) take() Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.sum
	if !t.start.IsZero() {
		s.Seconds = time.Since(t.start).Seconds()
	}
	t.sum, t.start = Summary{}, time.Time{}
	return s
}

// logRound writes the one line that sums up a round.
func (p *Pipeline) logRound(s Summary) {
	args := []any{"sources", s.Sources, "fetched", s.Fetched, "not_modified", s.NotModified, "failed", s.Failed,
		"new", s.NewArticles, "duplicates", s.Duplicates, "stories", s.Stories, "seconds", roundSeconds(s.Seconds)}
	if s.Sources > 0 && s.Failed == s.Sources {
		p.log.Warn("round: every source failed", args...)
		return
	}
	p.log.Info("round", args...)
}

// LogRounds writes one summary line per period while the scheduler fetches
// sources each on its own clock: what was fetched, not modified, failed, new
// and duplicate since the last line. Periods without a fetch log nothing.
// It returns when ctx ends.
func (p *Pipeline) LogRounds(ctx context.Context, period time.Duration) {
	if period <= 0 {
		period = 15 * time.Minute
	}
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if s := p.tally.take(); s.Sources > 0 {
				p.logRound(s)
			}
		}
	}
}

// SchedulePeriod is the period of the default fetch schedule: the daemon's
// "round" for LogRounds.
func (p *Pipeline) SchedulePeriod() time.Duration {
	sched, err := parseSchedule(p.current().cfg.Fetch.Schedule)
	if err != nil {
		return 0
	}
	now := time.Now()
	return sched.Next(sched.Next(now)).Sub(sched.Next(now))
}

// roundSeconds keeps two decimals of a duration in seconds for the log.
func roundSeconds(s float64) float64 { return float64(int64(s*100+0.5)) / 100 }
