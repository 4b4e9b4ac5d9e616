package store

import (
	"context"
	"fmt"
	"time"
)

// Fetch leases: several fetchers (`aggregator run -role fetch`, or daemons
// of role all) share one database and must fetch each due source once. A
// fetcher claims a source just before fetching it with one conditional
// UPDATE: it succeeds only when the source is due (or the claim is forced)
// and nobody else holds an unexpired lease on it. The statement is atomic on
// SQLite (one writer) and on PostgreSQL (a concurrent UPDATE of the same row
// waits for the first to commit and then re-checks the WHERE clause under
// READ COMMITTED), so two fetchers can never both get the row; the loser
// sees zero rows affected and skips the source. A fetcher that dies keeps
// its claims only until lease_until; then any other fetcher may take them.
//
// Claims are per source rather than a batch "claim the next N due rows",
// because the scheduler fires each source on its own jittered slot: a batch
// claim (the PostgreSQL form would be SELECT … FOR UPDATE SKIP LOCKED) would
// hold leases on sources while they wait for a free worker.

// ClaimSource gives source id to owner until now+lease, when the source is
// enabled and due at now (unless force) and not leased to another owner. It
// reports whether owner now holds the lease. force is for a fetch asked for
// by hand (`fetch -all`, `fetch -source`): it ignores the due time and a
// disabled flag, as those commands always did, but still respects another
// fetcher's lease.
func (s *Store) ClaimSource(ctx context.Context, id, owner string, now time.Time, lease time.Duration, force bool) (bool, error) {
	due := 0
	if !force {
		due = 1
	}
	res, err := s.w.ExecContext(ctx, claimSourceSQL, owner, unix(now.Add(lease)), id,
		due, now.Unix(), now.Unix(), owner)
	if err != nil {
		return false, fmt.Errorf("store: claim source %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim source %s: %w", id, err)
	}
	return n == 1, nil
}

// claimSourceSQL is portable SQL: placeholders are the store's `?`.
const claimSourceSQL = `UPDATE sources SET claimed_by = ?, lease_until = ?
	WHERE id = ?
	  AND (? = 0 OR (disabled = 0 AND next_due <= ?))
	  AND (lease_until < ? OR claimed_by = ?)`

// ReleaseSource ends owner's lease on source id, once its fetch is recorded,
// so that the next due time is the only thing that holds the source back. A
// lease that already passed to another owner is left alone.
func (s *Store) ReleaseSource(ctx context.Context, id, owner string) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE sources SET claimed_by = '', lease_until = 0
		WHERE id = ? AND claimed_by = ?`, id, owner); err != nil {
		return fmt.Errorf("store: release source %s: %w", id, err)
	}
	return nil
}

// Lease is who holds a source's fetch lease, and until when.
type Lease struct {
	Owner string
	Until time.Time
}

// SourceLease returns the lease on source id (zero when none was taken).
func (s *Store) SourceLease(ctx context.Context, id string) (Lease, error) {
	var l Lease
	var until int64
	if err := s.r.QueryRowContext(ctx, `SELECT claimed_by, lease_until FROM sources WHERE id = ?`, id).Scan(&l.Owner, &until); err != nil {
		return l, fmt.Errorf("store: lease of %s: %w", id, err)
	}
	l.Until = fromUnix(until)
	return l, nil
}

// LeaseOwners returns the owners holding unexpired leases at now.
func (s *Store) LeaseOwners(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT claimed_by FROM sources
		WHERE claimed_by <> '' AND lease_until >= ? ORDER BY claimed_by`, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: lease owners: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, fmt.Errorf("store: lease owners: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: lease owners: %w", err)
	}
	return out, nil
}

// ReleaseOwner ends every lease owner holds — for a fetcher known to be dead
// (its process is gone), so that its sources need not wait for the lease to
// run out. It returns the number of sources released.
func (s *Store) ReleaseOwner(ctx context.Context, owner string) (int64, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE sources SET claimed_by = '', lease_until = 0 WHERE claimed_by = ?`, owner)
	if err != nil {
		return 0, fmt.Errorf("store: release %s: %w", owner, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: release %s: %w", owner, err)
	}
	return n, nil
}
