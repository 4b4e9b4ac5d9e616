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
// taken over within minutes.
func leaseFor(cfg *config.Config) time.Duration {
	return 3*cfg.Fetch.Timeout.D() + 2*time.Minute
}

// claim decides whether this pipeline fetches src now. Without leases that
// is whether src is due (or force); with leases, whether this fetcher won
// the claim on it — so that, however many fetchers share the database, one
// fetches each due source. release, to be called once the fetch is
// recorded, ends the lease.
//
// A claim the database refuses (locked past the busy timeout, full,
// read-only) falls back to the lease-less decision: the fetch goes on and
// its write meets the fault, which is recorded and reported (/healthz) as
// any failed write is, and the items are fetched again once the database
// is back. At worst two fetchers then fetch the same feed; the store keeps
// one copy of each item.
func (p *Pipeline) claim(ctx context.Context, src model.Source, force bool) (release func(), ok bool) {
	now := p.now()
	if p.leases != nil {
		won, err := p.leases.ClaimSource(ctx, src.ID, p.owner, now, leaseFor(p.current().cfg), force)
		switch {
		case err == nil && !won:
			return nil, false
		case err == nil:
			return func() {
				// The fetch is recorded; a stop signal must not keep the lease.
				if err := p.leases.ReleaseSource(context.WithoutCancel(ctx), src.ID, p.owner); err != nil {
					p.log.Warn("release", "source", src.ID, "error", err)
				}
			}, true
		case ctx.Err() != nil:
			return nil, false
		}
		p.log.Warn("claim refused by the database: fetching without a lease", "source", src.ID, "error", err)
	}
	if force {
		return func() {}, true
	}
	fs, err := p.sources.FetchState(ctx, src.ID)
	return func() {}, err == nil && !fs.Disabled && !fs.NextDue.After(now)
}
