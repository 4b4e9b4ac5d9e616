package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/store/storetest"
	"github.com/jackc/pgx/v5"
)

// TestPostgresClaimIsOneStatement: on PostgreSQL a claim that loses some of
// its sources to another fetcher and leaves others for their host's limit
// is one statement, which says which were left for the host (before, those
// were read in a second statement after every claim that lost any).
func TestPostgresClaimIsOneStatement(t *testing.T) {
	ctx := context.Background()
	database := storetest.PostgresURL(t)
	var c tripCounter
	a, err := openPostgres(ctx, database, func(cfg *pgx.ConnConfig) { cfg.Tracer = &c })
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ids := hostSources(t, a, 1, 10)[0]
	b, err := Open(ctx, database)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Unix(1_800_000_000, 0)
	const perHost = 4
	if won, _, err := b.ClaimSourcesPolitely(ctx, ids[:2], "fetcher-b", now, time.Minute, false, perHost); err != nil || len(won) != 2 {
		t.Fatalf("b: won %d, %v", len(won), err)
	}
	// The first claim prepares the statement on a's connection; the
	// second, of the same shape, is the steady state.
	if _, _, err := a.ClaimSourcesPolitely(ctx, ids[2:3], "fetcher-a", now, time.Minute, false, perHost); err != nil {
		t.Fatal(err)
	}
	var won, busy int
	trips := c.record(func() {
		w, hb, err := a.ClaimSourcesPolitely(ctx, ids, "fetcher-a", now, time.Minute, false, perHost)
		if err != nil {
			t.Fatal(err)
		}
		won, busy = len(w), len(hb)
	})
	// The host has 3 live leases, b's 2 and a's 1: a renews its own (the
	// 4th), the other 7 free sources are left for the host, b's 2 neither.
	if won != 1 || busy != 7 {
		t.Errorf("won %d, host busy %d; want 1 and 7", won, busy)
	}
	var sent []string
	for _, tr := range trips {
		if !strings.HasPrefix(tr.sql, "prepare: ") {
			sent = append(sent, tr.sql)
		}
	}
	if len(sent) != 1 {
		t.Errorf("a claim sent %d statements, want 1: %q", len(sent), sent)
	}
}

// TestPostgresClaimTakesTheClaimLockOnlyToCount: the fleet-wide claim lock
// only keeps the claims that count a host's leases from counting at once,
// so a claim without a per-host limit does not wait for it, nor does a
// claim that finds nothing to claim (its sources leased by another
// fetcher, as most claims of a fleet find); a claim that counts does.
func TestPostgresClaimTakesTheClaimLockOnlyToCount(t *testing.T) {
	ctx := context.Background()
	database := storetest.PostgresURL(t)
	a, b := twoStores(t, database)
	tx, err := b.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(0x61676772_0003)); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	wait, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	won, err := a.ClaimSources(wait, []string{"s1", "s2"}, "fetcher-a", now, time.Minute, false)
	if err != nil || len(won) != 2 {
		t.Fatalf("claim without per_host beside the held claim lock: won %d, %v; want both at once", len(won), err)
	}
	won, busy, err := a.ClaimSourcesPolitely(wait, []string{"s1", "s2"}, "fetcher-c", now, time.Minute, false, 2)
	if err != nil || len(won) != 0 || len(busy) != 0 {
		t.Fatalf("claim of sources leased elsewhere beside the held claim lock: won %d, busy %d, %v; want nothing, at once", len(won), len(busy), err)
	}
	wait, cancel = context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, _, err := a.ClaimSourcesPolitely(wait, []string{"s1"}, "fetcher-a", now, time.Minute, false, 2); err == nil {
		t.Fatal("a claim that counts leases did not wait for the claim lock")
	}
}
