package pipeline

import (
	"context"
	"sync"

	"github.com/intlwire/aggregator/internal/model"
)

// stateBatch writes the fetch states of sources that stored no articles (a
// 304, an unchanged body, an error) by group commit: a fetch hands its state
// over and waits until it is committed, and whatever states arrive while a
// transaction is being written go together into the next one. A round of
// 1,000 sources answering 304 on 16 workers so writes a few dozen
// transactions instead of 1,000, and each fetch still returns only once its
// state is stored (a crash loses nothing a caller was told was saved).
type stateBatch struct {
	save func(context.Context, []model.FetchState) error

	mu      sync.Mutex
	pending []stateWrite
	running bool // a flusher goroutine is writing
}

// stateWrite is one state waiting to be written.
type stateWrite struct {
	ctx   context.Context
	state model.FetchState
	done  chan error
}

// write stores st with whatever other states are waiting, and returns the
// outcome of the transaction that held it (or ctx's error, if ctx ends
// first: the state may still be written).
func (b *stateBatch) write(ctx context.Context, st model.FetchState) error {
	w := stateWrite{ctx: ctx, state: st, done: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, w)
	if !b.running {
		b.running = true
		go b.flush()
	}
	b.mu.Unlock()
	select {
	case err := <-w.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// flush writes the waiting states, a transaction at a time, until none is
// left. A batch runs under its first writer's context, without its
// cancellation: the others' states must not fail because that one fetch
// was cancelled.
func (b *stateBatch) flush() {
	for {
		b.mu.Lock()
		batch := b.pending
		b.pending = nil
		if len(batch) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		states := make([]model.FetchState, len(batch))
		for i, w := range batch {
			states[i] = w.state
		}
		err := b.save(context.WithoutCancel(batch[0].ctx), states)
		for _, w := range batch {
			w.done <- err
		}
	}
}
