package pipeline

import (
	"context"
	"sync"

	"github.com/intlwire/aggregator/internal/model"
)

// claimGroup gathers the scheduler's claims into shared statements, as a
// group commit gathers writes. The scheduler claims each source when its
// slot comes and it holds a worker, so in a fleet every fetcher asks for
// every due source and most of those claims are lost to another fetcher
// (3,012 claims for 1,000 fetches with three fetchers, each one statement
// under the fleet-wide claim lock). While one claim statement is in flight
// the sources that ask meanwhile wait, and the next statement claims them
// all: the worker that asks first leads, and hands the lead to the first
// of those still waiting when its statement returns. Alone, a claim costs
// what it did; under load the statements are as few as the database is
// slow, and no source waits for a batch to fill.
//
// The zero value is ready to use.
type claimGroup struct {
	mu      sync.Mutex
	waiting []*claimCall
	leading bool // a call is running a statement or about to
}

// claimCall is one source's place in a claimGroup: filled in and done
// closed by the call that ran its statement, or woken with lead set to run
// the next statement itself.
type claimCall struct {
	src  model.Source
	done chan struct{}
	lead bool

	state    model.FetchState
	won      bool
	hostBusy bool
	err      error
}

// claimFunc claims a batch of sources: the fetch states of those won, the
// ids left because their host was busy, or the database's error.
type claimFunc func(ctx context.Context, srcs []model.Source) (won []model.FetchState, hostBusy []string, err error)

// claim claims src through run, in one statement with whichever other
// sources ask while the statement before theirs is in flight. It returns
// src's fetch state when won, whether its host was busy, and the error of
// the statement that carried it (the same for every source of the batch).
// The statement runs under its leader's ctx, and a waiting call does not
// watch its own: the scheduler gives every claim of a group the same
// context (the fetch work's), which ends them all together.
func (g *claimGroup) claim(ctx context.Context, src model.Source, run claimFunc) (fs model.FetchState, won, hostBusy bool, err error) {
	c := &claimCall{src: src, done: make(chan struct{})}
	g.mu.Lock()
	g.waiting = append(g.waiting, c)
	if g.leading {
		g.mu.Unlock()
		<-c.done
		if !c.lead {
			return c.state, c.won, c.hostBusy, c.err
		}
		g.mu.Lock()
	}
	g.leading = true
	batch := g.waiting
	g.waiting = nil
	g.mu.Unlock()

	g.runBatch(ctx, c, batch, run)

	g.mu.Lock()
	if len(g.waiting) > 0 {
		next := g.waiting[0]
		next.lead = true
		close(next.done)
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return c.state, c.won, c.hostBusy, c.err
}

// runBatch runs one statement for batch and gives each call its outcome,
// waking all but the leader's own (whose done is closed already, or waited
// on by nobody).
func (g *claimGroup) runBatch(ctx context.Context, leader *claimCall, batch []*claimCall, run claimFunc) {
	srcs := make([]model.Source, len(batch))
	for i, c := range batch {
		srcs[i] = c.src
	}
	won, busy, err := run(ctx, srcs)
	byID, busyIDs := claimOutcome(won, busy)
	for _, c := range batch {
		c.state, c.won = byID[c.src.ID]
		c.hostBusy, c.err = busyIDs[c.src.ID], err
		if c != leader {
			close(c.done)
		}
	}
}
