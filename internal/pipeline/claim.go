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

// claim decides whether this pipeline fetches src now, and returns its fetch
// state to fetch it from. Without leases that is whether src is due (or
// force); with leases, whether this fetcher won the claim on it — so that,
// however many fetchers share the database, one fetches each due source.
// The claim's state carries the lease, which the write recording the fetch
// ends.
//
// A claim the database refuses (locked past the busy timeout, full,
// read-only) is that source's failed fetch: it is logged and reported on
// /healthz as a failed write after the fetch would be, and nothing is
// fetched that could not be stored. The source is tried again on its next
// tick; its items are fetched once the database is back.
func (p *Pipeline) claim(ctx context.Context, src model.Source, force bool) (model.FetchState, bool, error) {
	now := p.now()
	if p.leases == nil {
		fs, err := p.sources.FetchState(ctx, src.ID)
		return fs, err == nil && (force || !fs.Disabled && !fs.NextDue.After(now)), err
	}
	won, err := p.leases.ClaimSources(ctx, []string{src.ID}, p.owner, now, leaseFor(p.current().cfg), force)
	if err != nil {
		p.claimFailed(ctx, src, err)
		return model.FetchState{}, false, err
	}
	if len(won) != 1 {
		return model.FetchState{}, false, nil
	}
	return won[0], true, nil
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
