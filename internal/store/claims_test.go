package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// onBackends runs fn on SQLite, and on PostgreSQL when the tests have one
// (scripts/pg.sh), with a fresh database each.
func onBackends(t *testing.T, fn func(t *testing.T, database string)) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.Database(t)) })
	}
}

// twoStores opens the same database twice, as two fetchers do.
func twoStores(t *testing.T, path string) (*Store, *Store) {
	t.Helper()
	ctx := context.Background()
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.SyncSources(ctx, []model.Source{{ID: "s1", URL: "http://h/1"}, {ID: "s2", URL: "http://h/2"}}); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

func TestClaimSourceOneWinnerPerDueTime(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		now := time.Unix(1_800_000_000, 0)
		lease := time.Minute

		// Both race for the same due source many times over: one wins each time.
		var wins [2]int
		var wg sync.WaitGroup
		for i, st := range []*Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					ok, err := st.ClaimSource(ctx, "s1", []string{"fetcher-a", "fetcher-b"}[i], now, lease, false)
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						wins[i]++
					}
				}
			}()
		}
		wg.Wait()
		if (wins[0] == 0) == (wins[1] == 0) {
			t.Fatalf("exactly one fetcher must hold the lease; wins %v", wins)
		}
		winner, loser, loserName := a, b, "fetcher-b"
		if wins[1] > 0 {
			winner, loser, loserName = b, a, "fetcher-a"
		}
		l, err := loser.SourceLease(ctx, "s1")
		if err != nil || l.Owner == loserName || !l.Until.Equal(now.Add(lease)) {
			t.Fatalf("lease %+v %v", l, err)
		}

		// The winner records its fetch (next due in 15 minutes) and releases:
		// the source is not due, so the other fetcher does not fetch it again.
		fs, _ := winner.FetchState(ctx, "s1")
		fs.NextDue = now.Add(15 * time.Minute)
		if err := winner.SaveFetchState(ctx, fs); err != nil {
			t.Fatal(err)
		}
		if err := winner.ReleaseSource(ctx, "s1", l.Owner); err != nil {
			t.Fatal(err)
		}
		if ok, _ := loser.ClaimSource(ctx, "s1", loserName, now.Add(time.Second), lease, false); ok {
			t.Fatal("a source fetched for this due time was claimed again")
		}
		// At the next due time it is anyone's.
		if ok, _ := loser.ClaimSource(ctx, "s1", loserName, now.Add(15*time.Minute), lease, false); !ok {
			t.Fatal("the source was not claimable at its next due time")
		}
	})
}

func TestClaimSourceLeaseExpiresWhenFetcherDies(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		now := time.Unix(1_800_000_000, 0)
		if ok, err := a.ClaimSource(ctx, "s2", "dead", now, time.Minute, false); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		// "dead" never releases. Within the lease nobody else may take it, not
		// even by hand (force ignores the due time, not the lease).
		for _, force := range []bool{false, true} {
			if ok, _ := b.ClaimSource(ctx, "s2", "alive", now.Add(59*time.Second), time.Minute, force); ok {
				t.Fatalf("force=%v: claimed a source under another fetcher's lease", force)
			}
		}
		// A release by the wrong owner changes nothing.
		if err := b.ReleaseSource(ctx, "s2", "alive"); err != nil {
			t.Fatal(err)
		}
		if l, _ := b.SourceLease(ctx, "s2"); l.Owner != "dead" {
			t.Fatalf("lease after a stranger's release: %+v", l)
		}
		if ok, _ := b.ClaimSource(ctx, "s2", "alive", now.Add(61*time.Second), time.Minute, false); !ok {
			t.Fatal("an expired lease was not taken over")
		}
	})
}

func TestClaimSourceDisabledAndNotDue(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, _ := twoStores(t, database)
		now := time.Unix(1_800_000_000, 0)
		fs, _ := a.FetchState(ctx, "s1")
		fs.NextDue = now.Add(time.Hour)
		a.SaveFetchState(ctx, fs)
		if ok, _ := a.ClaimSource(ctx, "s1", "x", now, time.Minute, false); ok {
			t.Fatal("claimed a source that is not due")
		}
		if ok, _ := a.ClaimSource(ctx, "s1", "x", now, time.Minute, true); !ok {
			t.Fatal("a forced claim of a free source failed")
		}
		fs, _ = a.FetchState(ctx, "s2")
		fs.Disabled = true
		a.SaveFetchState(ctx, fs)
		if ok, _ := a.ClaimSource(ctx, "s2", "x", now, time.Minute, false); ok {
			t.Fatal("the scheduler claimed a disabled source")
		}
		if ok, _ := a.ClaimSource(ctx, "s2", "x", now, time.Minute, true); !ok {
			t.Fatal("fetch -source could not claim a disabled source")
		}
	})
}

func TestTopicVersionsCountChanges(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		v, err := b.TopicVersions(ctx)
		if err != nil || len(v) != 0 {
			t.Fatalf("fresh database: %v %v", v, err)
		}
		if err := a.BumpTopics(ctx, []string{"syria", "sahel"}); err != nil {
			t.Fatal(err)
		}
		if err := a.BumpTopics(ctx, []string{"syria", "syria"}); err != nil { // named twice: one change
			t.Fatal(err)
		}
		v, err = b.TopicVersions(ctx)
		if err != nil || v["syria"] != 2 || v["sahel"] != 1 || len(v) != 2 {
			t.Fatalf("versions seen by the other node: %v %v", v, err)
		}
	})
}

func TestReleaseOwnerFreesADeadFetchersLeases(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		now := time.Unix(1_800_000_000, 0)
		for _, id := range []string{"s1", "s2"} {
			if ok, _ := a.ClaimSource(ctx, id, "dead", now, time.Hour, false); !ok {
				t.Fatal("claim failed")
			}
		}
		owners, err := b.LeaseOwners(ctx, now)
		if err != nil || len(owners) != 1 || owners[0] != "dead" {
			t.Fatalf("owners %v %v", owners, err)
		}
		if n, err := b.ReleaseOwner(ctx, "dead"); n != 2 || err != nil {
			t.Fatalf("released %d %v", n, err)
		}
		if ok, _ := b.ClaimSource(ctx, "s1", "alive", now, time.Hour, false); !ok {
			t.Fatal("a released source could not be claimed")
		}
		if owners, _ := b.LeaseOwners(ctx, now.Add(2*time.Hour)); len(owners) != 0 {
			t.Fatalf("expired leases listed: %v", owners)
		}
	})
}
