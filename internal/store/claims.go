package store

import (
	"context"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// Fetch leases: several fetchers (`aggregator run -role fetch`, or daemons
// of role all) share one database and must fetch each due source once. A
// fetcher claims due sources before fetching them with one conditional
// UPDATE … RETURNING: a row is claimed only when the source is due (or the
// claim is forced) and nobody else holds an unexpired lease on it. The
// statement is atomic on SQLite (one writer); on PostgreSQL the rows are
// picked by a sub-select FOR UPDATE SKIP LOCKED, so a row another fetcher
// is claiming at that moment is left to it rather than waited for, and the
// WHERE clause is checked again on the row as it is once locked (READ
// COMMITTED). Two fetchers can never both get a row; a fetcher that dies
// keeps its claims only until lease_until, then any other may take them.
//
// A round claims its sources a batch at a time (ClaimSources), as its
// workers are ready for them, so a lease is not held long by a source
// waiting for a worker; the scheduler of a daemon claims each source on its
// own jittered slot, in one statement with the sources it claims meanwhile
// (the pipeline's claimGroup). The claim returns the sources' fetch
// states, read under the lease, so nothing is read again before the fetch;
// and the write that records a fetch ends its lease (saveStateSQL), so a
// fetch costs no separate release. On PostgreSQL the same statement also
// names the ids it left for their host's limit (ClaimSourcesPolitely), so
// a claim is one round trip however much of it another fetcher won.

// ClaimSource gives source id to owner until now+lease, when the source is
// enabled and due at now (unless force) and not leased to another owner. It
// reports whether owner now holds the lease. force is for a fetch asked for
// by hand (`fetch -all`, `fetch -source`): it ignores the due time and a
// disabled flag, as those commands always did, but still respects another
// fetcher's lease.
func (s *Store) ClaimSource(ctx context.Context, id, owner string, now time.Time, lease time.Duration, force bool) (bool, error) {
	won, err := s.ClaimSources(ctx, []string{id}, owner, now, lease, force)
	return len(won) == 1, err
}

// ClaimSources is ClaimSource for many sources in one statement: it claims
// those of ids it can for owner and returns their fetch states (in no
// particular order), each with Lease set to owner so that saving it ends
// the lease. The ids it does not return are not due, disabled, unknown or
// leased to another fetcher. It sets no per-host limit (ClaimSourcesPolitely).
func (s *Store) ClaimSources(ctx context.Context, ids []string, owner string, now time.Time, lease time.Duration, force bool) ([]model.FetchState, error) {
	won, _, err := s.ClaimSourcesPolitely(ctx, ids, owner, now, lease, force, 0)
	return won, err
}

// ClaimSourcesPolitely is ClaimSources that also keeps fetch.per_host
// fleet-wide: it leaves a source whose host would then have more than
// perHost live leases, counting every fetcher's. Those ids it returns as
// hostBusy (due and free, to be claimed again once the host's leases end),
// apart from the others it did not claim. perHost 0 sets no limit.
//
// The count has one exception, so that a fetcher alone on a host loses
// nothing: while no other fetcher holds a live lease on a host, owner may
// claim as many of its sources as it likes, since its own limiter already
// keeps its requests to that host within per_host. Once two fetchers hold
// leases on one host, neither claims there until their leases together are
// fewer than per_host: requests in flight never exceed leases held, so the
// fleet never has more than per_host requests to one host at once.
func (s *Store) ClaimSourcesPolitely(ctx context.Context, ids []string, owner string, now time.Time, lease time.Duration, force bool, perHost int) (won []model.FetchState, hostBusy []string, err error) {
	for len(ids) > 0 {
		n := min(len(ids), maxClaimBatch)
		var (
			got  []model.FetchState
			busy []string
			err  error
		)
		if s.d.postgres {
			got, busy, err = s.claimBatchPostgres(ctx, ids[:n], owner, now, lease, force, perHost)
		} else {
			got, busy, err = s.claimBatchSQLite(ctx, ids[:n], owner, now, lease, force, perHost)
		}
		if err != nil {
			return won, hostBusy, err
		}
		won, hostBusy = append(won, got...), append(hostBusy, busy...)
		ids = ids[n:]
	}
	return won, hostBusy, nil
}

// maxClaimBatch bounds the ids of one claim statement, far below both
// databases' limits on parameters.
const maxClaimBatch = 500

// claimCond is the condition under which owner may claim a source row:
// due (unless ?1 is 0: forced) and not leased to another owner at now. Its
// parameters ?1–?3 are claimArgs.
const claimCond = `(?1 = 0 OR (disabled = 0 AND next_due <= ?2)) AND (lease_until < ?2 OR claimed_by = ?3)`

// claimArgs are claimCond's parameters: whether the source must be due, now
// and the claiming owner.
func claimArgs(owner string, now time.Time, force bool) []any {
	due := 1
	if force {
		due = 0
	}
	return []any{due, now.Unix(), owner}
}

// claimBatchPostgres is one claim statement on PostgreSQL: the function of
// migrations/postgres/008_claim_batch.sql, which serializes the claims of
// the fleet that count leases and answers, in the same statement, which
// ids it left for their host's limit.
func (s *Store) claimBatchPostgres(ctx context.Context, ids []string, owner string, now time.Time, lease time.Duration, force bool, perHost int) (won []model.FetchState, hostBusy []string, err error) {
	return s.claimed(ctx, owner, true, `SELECT `+stateCols+`, host_busy FROM aggregator_claim_batch(?, ?, ?, ?, ?, ?)`,
		owner, unix(now.Add(lease)), force, now.Unix(), perHost, ids)
}

// claimBatchSQLite is one claim statement on SQLite (sqliteClaim) and, when
// a per-host limit may have left some ids, the read of those
// (stillClaimable): the one writer makes the two as good as one.
func (s *Store) claimBatchSQLite(ctx context.Context, ids []string, owner string, now time.Time, lease time.Duration, force bool, perHost int) (won []model.FetchState, hostBusy []string, err error) {
	q, args := sqliteClaim(ids, owner, now, lease, force, perHost)
	if won, _, err = s.claimed(ctx, owner, false, q, args...); err != nil {
		return nil, nil, err
	}
	if perHost > 0 && len(won) < len(ids) {
		hostBusy, err = s.stillClaimable(ctx, ids, won, owner, now, force)
	}
	return won, hostBusy, err
}

// claimed runs claim statement q, through the writer's prepared
// statements, and reads the fetch states it returns,
// now leased to owner; with busyCol each row ends with whether its source
// was left for its host's limit (hostBusy) rather than won.
func (s *Store) claimed(ctx context.Context, owner string, busyCol bool, q string, args ...any) (won []model.FetchState, hostBusy []string, err error) {
	stmt, own, err := s.stmts.prepared(ctx, s.w, q)
	if err != nil {
		return nil, nil, fmt.Errorf("store: claim sources: %w", err)
	}
	if own {
		defer stmt.Close()
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: claim sources: %w", err)
	}
	defer rows.Close()
	var busy bool
	var extra []any
	if busyCol {
		extra = []any{&busy}
	}
	for rows.Next() {
		st := model.FetchState{Lease: owner}
		if err := scanState(rows, &st, extra...); err != nil {
			return nil, nil, fmt.Errorf("store: claim sources: %w", err)
		}
		if busy {
			hostBusy = append(hostBusy, st.SourceID)
		} else {
			won = append(won, st)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: claim sources: %w", err)
	}
	return won, hostBusy, nil
}

// sqliteClaim is the claim statement on SQLite, the one writer, where a
// statement is atomic: it ranks the claimable rows of ids by host and takes
// those that keep each host within perHost live leases (ClaimSourcesPolitely),
// counting the leases as they were before the statement.
func sqliteClaim(ids []string, owner string, now time.Time, lease time.Duration, force bool, perHost int) (string, []any) {
	args := append(claimArgs(owner, now, force), unix(now.Add(lease)), perHost)
	for _, id := range ids {
		args = append(args, id)
	}
	// Numbered parameters: ?1–?3 (claimCond's: due, now, owner), ?4 the
	// lease's end and ?5 perHost are used more than once, and the ids
	// follow them.
	in := numberedList(6, len(ids))
	return `UPDATE sources SET claimed_by = ?3, lease_until = ?4 WHERE id IN (
		SELECT r.id FROM (
			SELECT id, host, row_number() OVER (PARTITION BY host ORDER BY id) AS rn FROM sources
			WHERE id IN ` + in + ` AND ` + claimCond + `
		) r LEFT JOIN (
			SELECT host, sum(claimed_by <> ?3) AS others, count(*) AS total FROM sources
			WHERE claimed_by <> '' AND lease_until >= ?2 AND ?5 > 0
				AND host IN (SELECT host FROM sources WHERE id IN ` + in + `)
			GROUP BY host
		) l ON l.host = r.host
		WHERE ?5 <= 0 OR r.host = '' OR coalesce(l.others, 0) = 0 OR coalesce(l.total, 0) + r.rn <= ?5
	) RETURNING ` + stateCols, args
}

// stillClaimable returns those of ids, less the won ones, that owner could
// claim but for the per-host limit: due (unless force) and free at now.
func (s *Store) stillClaimable(ctx context.Context, ids []string, won []model.FetchState, owner string, now time.Time, force bool) ([]string, error) {
	got := make(map[string]bool, len(won))
	for _, st := range won {
		got[st.SourceID] = true
	}
	var rest []string
	for _, id := range ids {
		if !got[id] {
			rest = append(rest, id)
		}
	}
	args := claimArgs(owner, now, force)
	for _, id := range rest {
		args = append(args, id)
	}
	rows, err := s.w.QueryContext(ctx, `SELECT id FROM sources WHERE `+claimCond+`
		AND id IN `+numberedList(4, len(rest)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: claim sources: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: claim sources: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: claim sources: %w", err)
	}
	return out, nil
}

// ReleaseSource ends owner's lease on source id without recording a fetch.
// A lease that already passed to another owner is left alone.
func (s *Store) ReleaseSource(ctx context.Context, id, owner string) error {
	return s.ReleaseSources(ctx, []string{id}, owner)
}

// ReleaseSources ends owner's leases on ids in one statement: for sources a
// round claimed and then did not fetch (it was stopped), which would
// otherwise wait for their leases to run out.
func (s *Store) ReleaseSources(ctx context.Context, ids []string, owner string) error {
	for len(ids) > 0 {
		n := min(len(ids), maxClaimBatch)
		in, idArgs := inList(ids[:n])
		if _, err := s.w.ExecContext(ctx, `UPDATE sources SET claimed_by = '', lease_until = 0
			WHERE claimed_by = ? AND id IN `+in, append([]any{owner}, idArgs...)...); err != nil {
			return fmt.Errorf("store: release sources: %w", err)
		}
		ids = ids[n:]
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
