package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps statements prepared on the writer, by their SQL, for the
// writes a round repeats many times with the same text: a fetch state's
// UPDATE and a batch claim. Preparing is most of such a statement's cost
// on SQLite (parsing and planning it again for each batch of a warm round
// cost more than running it); the batches of one round reuse the
// statement. Claims of different sizes are different texts, so the cache
// holds at most a few of those (the round's batch size and its last one).
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache; past it, statements are prepared and
// closed each time.
const maxCachedStmts = 64

// prepared returns the statement for q prepared on w, cached, and whether
// the caller owns it (must close it: the cache was full).
func (c *stmtCache) prepared(ctx context.Context, w *db, q string) (*sql.Stmt, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st, false, nil
	}
	st, err := w.PrepareContext(ctx, q)
	if err != nil {
		return nil, false, err
	}
	if len(c.m) >= maxCachedStmts {
		return st, true, nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
	return st, false, nil
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
