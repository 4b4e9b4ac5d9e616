package pipeline

import (
	"context"
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

// claim decides whether this pipeline fetches src now. Without leases that
// is whether src is due (or force); with leases, whether this fetcher won
// the claim on it — so that, however many fetchers share the database, one
// fetches each due source. release, to be called once the fetch is
// recorded, ends the lease.
//
// A claim the database refuses (locked past the busy timeout, full,
// read-only) is that source's failed fetch: it is logged and reported on
// /healthz as a failed write after the fetch would be, and nothing is
// fetched that could not be stored. The source is tried again on its next
// tick; its items are fetched once the database is back.
func (p *Pipeline) claim(ctx context.Context, src model.Source, force bool) (release func(), ok bool, err error) {
	now := p.now()
	if p.leases == nil {
		if force {
			return func() {}, true, nil
		}
		fs, err := p.sources.FetchState(ctx, src.ID)
		return func() {}, err == nil && !fs.Disabled && !fs.NextDue.After(now), nil
	}
	won, err := p.leases.ClaimSource(ctx, src.ID, p.owner, now, leaseFor(p.current().cfg), force)
	if err != nil {
		if ctx.Err() == nil {
			p.storeHealth.record(err)
			p.logResult(SourceResult{Source: src.ID, URL: src.URL, Outcome: OutcomeFailed, Error: err.Error()})
		}
		return nil, false, err
	}
	if !won {
		return nil, false, nil
	}
	return func() {
		// The fetch is recorded; a stop signal must not keep the lease.
		if err := p.leases.ReleaseSource(context.WithoutCancel(ctx), src.ID, p.owner); err != nil {
			p.log.Warn("release", "source", src.ID, "error", err)
		}
	}, true, nil
}
