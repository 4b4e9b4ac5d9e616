package store

import (
	"context"
	"fmt"

	"github.com/intlwire/aggregator/internal/model"
)

// A round reads the fetch state of every source it may fetch and writes the
// state of every source that stored no article (a 304, an unchanged body, an
// error). One query for the reads and one transaction for many writes cost a
// warm round of 1,000 sources a few milliseconds, where a statement per
// source cost a sizeable part of it (issue 18).

// FetchStates returns the fetch state of every stored source, by id.
func (s *Store) FetchStates(ctx context.Context) (map[string]model.FetchState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+stateCols+` FROM sources`)
	if err != nil {
		return nil, fmt.Errorf("store: fetch states: %w", err)
	}
	defer rows.Close()
	out := map[string]model.FetchState{}
	for rows.Next() {
		var st model.FetchState
		if err := scanState(rows, &st); err != nil {
			return nil, fmt.Errorf("store: fetch states: %w", err)
		}
		out[st.SourceID] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: fetch states: %w", err)
	}
	return out, nil
}

// SaveFetchStates records several fetch outcomes that stored no articles in
// one transaction: all of them or, on error, none.
func (s *Store) SaveFetchStates(ctx context.Context, states []model.FetchState) error {
	if len(states) == 0 {
		return nil
	}
	// Prepared before the transaction: on SQLite the transaction holds the
	// writer's one connection, which preparing on the pool would wait for.
	prepared, own, err := s.stmts.prepared(ctx, s.w, saveStateSQL)
	if err != nil {
		return fmt.Errorf("store: save fetch states: %w", err)
	}
	if own {
		defer prepared.Close()
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save fetch states: %w", err)
	}
	defer tx.Rollback()
	stmt := tx.StmtContext(ctx, prepared)
	defer stmt.Close()
	for _, st := range states {
		if _, err := stmt.ExecContext(ctx, saveStateArgs(st)...); err != nil {
			return fmt.Errorf("store: save fetch state %s: %w", st.SourceID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save fetch states: %w", err)
	}
	return nil
}
