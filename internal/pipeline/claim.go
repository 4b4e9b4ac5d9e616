package pipeline

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
)

// leaseFor is how long a claim on a source lasts: longer than any fetch and
// its write can take (the request deadline, waits for a per-host slot and
// for the writer), short enough that the sources of a fetcher that died are
// taken over within minutes. fetch.lease sets it (validated to at least
// twice the timeout).
func leaseFor(cfg *config.Config) time.Duration {
	if l := cfg.Fetch.Lease.D(); l > 0 {
		return l
	}
	return 3*cfg.Fetch.Timeout.D() + 2*time.Minute
}

// claim decides whether this pipeline fetches src now, and returns its fetch
// state to fetch it from. Without leases that is whether src is due; with
// leases, whether this fetcher won the claim on it — so that, however many
// fetchers share the database, one fetches each due source. The claim
// goes out in one statement with the other sources this fetcher claims
// meanwhile (claimGroup). The claim's state carries the lease, which the
// write recording the fetch ends. hostBusy reports a source left only
// because its host has all the leases fetch.per_host allows across the
// fleet: claim it again shortly.
//
// A claim the database refuses (locked past the busy timeout, full,
// read-only) is that source's failed fetch: it is logged and reported on
// /healthz as a failed write after the fetch would be, and nothing is
// fetched that could not be stored. The source is tried again on its next
// tick; its items are fetched once the database is back.
func (p *Pipeline) claim(ctx context.Context, src model.Source) (fs model.FetchState, ok, hostBusy bool, err error) {
	now := p.now()
	if p.leases == nil {
		fs, err := p.sources.FetchState(ctx, src.ID)
		return fs, err == nil && !fs.Disabled && !fs.NextDue.After(now), false, err
	}
	fs, ok, hostBusy, err = p.claims.claim(ctx, src, p.claimDue)
	if err != nil {
		p.claimFailed(ctx, src, err)
	}
	return fs, ok, hostBusy, err
}

// claimDue claims those of srcs that are due, for this fetcher, keeping
// fetch.per_host fleet-wide: one statement of the scheduler's claimGroup.
func (p *Pipeline) claimDue(ctx context.Context, srcs []model.Source) ([]model.FetchState, []string, error) {
	cfg := p.current().cfg
	ids := make([]string, len(srcs))
	for i, s := range srcs {
		ids[i] = s.ID
	}
	won, hostBusy, err := p.leases.ClaimSourcesPolitely(ctx, ids, p.owner, p.now(), leaseFor(cfg), false, cfg.Fetch.PerHost)
	p.metrics.claimed(len(ids), len(hostBusy))
	return won, hostBusy, err
}

// claimOutcome indexes a claim's outcome by source id: the fetch states
// won, and the ids left for a busy host.
func claimOutcome(won []model.FetchState, hostBusy []string) (map[string]model.FetchState, map[string]bool) {
	byID := make(map[string]model.FetchState, len(won))
	for _, fs := range won {
		byID[fs.SourceID] = fs
	}
	busy := make(map[string]bool, len(hostBusy))
	for _, id := range hostBusy {
		busy[id] = true
	}
	return byID, busy
}

// hostRetry is the wait before claiming again a source whose host was busy
// (claim's hostBusy), after waiting last: from hostRetryMin doubling to
// hostRetryMax, with up to half again at random so that the fetchers that
// were refused together do not all come back at once.
func hostRetry(last time.Duration) time.Duration {
	next := min(max(2*last, hostRetryMin), hostRetryMax)
	return next + rand.N(next/2+1)
}

// Bounds of hostRetry: a host's leases end as its fetches are written, in
// tens of milliseconds on loopback and seconds on a slow server.
const (
	hostRetryMin = 100 * time.Millisecond
	hostRetryMax = 2 * time.Second
)

// pause waits d, or returns false once ctx ends first.
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// claimFailed reports a claim the database refused as src's failed fetch
// (unless the context ended: then nothing failed).
func (p *Pipeline) claimFailed(ctx context.Context, src model.Source, err error) SourceResult {
	res := SourceResult{Source: src.ID, URL: src.URL, Outcome: OutcomeFailed, Error: err.Error()}
	if ctx.Err() != nil {
		return SourceResult{} // reported as cancelled with the others
	}
	p.storeHealth.record(err)
	p.logResult(res)
	return res
}
