package pipeline

import (
	"context"
	"sync"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/fetch"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/robfig/cron/v3"
)

func parseSchedule(spec string) (cron.Schedule, error) { return config.ParseSchedule(spec) }

// jittered shifts a schedule by a fixed per-source offset so that thousands of
// sources on the same "@every 15m" do not all fire in the same second.
type jittered struct {
	inner  cron.Schedule
	offset time.Duration
}

// Next implements cron.Schedule. An "@every" schedule counts its delay from
// whenever it is asked, so shifting it does nothing (issue 17: eight sources
// on "@every 1m" fired in the same second); its ticks are put on fixed slots
// instead, offset past each multiple of the period.
func (j jittered) Next(t time.Time) time.Time {
	if every, ok := j.inner.(cron.ConstantDelaySchedule); ok {
		return fetch.NextSlot(t, every.Delay, j.offset)
	}
	return j.inner.Next(t.Add(-j.offset)).Add(j.offset)
}

// Run schedules every source with robfig/cron — the default schedule or its own
// — and fetches each one when its time comes and it is due (backoff and
// adaptive polling move the due time). It fetches everything due once at start,
// and again as soon as Reload installs a new configuration (its sources and
// schedules), and returns when ctx ends, after in-flight fetches finish.
func (p *Pipeline) Run(ctx context.Context) error { return p.RunUntil(ctx, ctx) }

// RunUntil is Run with two contexts: when sched ends no fetch starts any
// more, but the fetches in flight (and their writes) go on under work until
// they finish or work ends too. RunUntil returns once they have. This is the
// daemon's graceful stop: sched ends on SIGTERM, work at the grace deadline.
func (p *Pipeline) RunUntil(sched, work context.Context) error {
	ctx := sched
	var (
		mu      sync.Mutex
		c       *cron.Cron
		loaded  *state
		running = map[string]bool{}
		wg      sync.WaitGroup
		slots   chan struct{}
	)
	fire := func(src model.Source) {
		mu.Lock()
		if running[src.ID] || ctx.Err() != nil {
			mu.Unlock()
			return
		}
		running[src.ID] = true
		wg.Add(1)
		sem := slots
		mu.Unlock()
		go func() {
			defer func() {
				mu.Lock()
				delete(running, src.ID)
				mu.Unlock()
				wg.Done()
			}()
			// A source whose host is busy across the fleet is claimed again
			// shortly (not on its next tick), without holding a slot meanwhile.
			for wait := time.Duration(0); pause(ctx, wait); wait = hostRetry(wait) {
				if !p.claimAndFetch(ctx, work, sem, src) {
					return
				}
			}
		}()
	}
	install := func(st *state) {
		mu.Lock()
		defer mu.Unlock()
		if c != nil {
			c.Stop()
		}
		slots = make(chan struct{}, max(1, writeAhead*st.cfg.Fetch.Concurrency))
		c = cron.New()
		for _, src := range st.sources {
			if src.Disabled {
				continue
			}
			sched, err := parseSchedule(scheduleSpec(st, src))
			if err != nil {
				continue // config validation rejects this; never reached
			}
			now := time.Now()
			period := sched.Next(sched.Next(now)).Sub(sched.Next(now))
			s := src
			c.Schedule(jittered{sched, fetch.Jitter(s.ID, period)}, cron.FuncJob(func() { fire(s) }))
			// A due source (new, or overdue after a restart) is fetched now.
			go fire(s)
		}
		c.Start()
		loaded = st
	}
	install(p.current())
	for {
		select {
		case <-ctx.Done():
			mu.Lock()
			stopCtx := c.Stop()
			mu.Unlock()
			<-stopCtx.Done()
			wg.Wait()
			return nil
		case <-p.reloaded:
			if st := p.current(); st != loaded {
				install(st)
			}
		}
	}
}

// writeAhead is how many fetches the scheduler runs at once per request
// the fetch client lets be in flight (fetch.concurrency, which the client
// keeps): the others are fetched feeds waiting for the writer (in a fleet,
// for the assignment lock) or their requests queued at the client. Without
// it a write that waits holds a request slot idle; with it the requests of
// a daemon go out at the pace of the network while the writer catches up,
// and what waits for it stays bounded (one parsed feed a slot). Each fetch
// holds its source's lease, so a fleet sharing one host holds up to
// writeAhead × concurrency leases there per fetcher (fetch.per_host).
const writeAhead = 2

// claimAndFetch takes a slot of sem, claims src and fetches it under work
// (its state write ends the lease). It reports whether src should be
// claimed again: only when its host was busy across the fleet; not when it
// was fetched, not due, another fetcher has it, the database refused
// (logged), or ctx ended.
func (p *Pipeline) claimAndFetch(ctx, work context.Context, sem chan struct{}, src model.Source) (again bool) {
	select {
	case sem <- struct{}{}:
		defer func() { <-sem }()
	case <-ctx.Done():
		return false
	}
	if ctx.Err() != nil {
		return false
	}
	fs, ok, hostBusy, _ := p.claim(work, src)
	if ok {
		p.fetchWithState(work, src, fs)
	}
	return hostBusy
}
