package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// TestClaimSourcesSplitsARoundBetweenFetchers has two fetchers claim the
// same 120 due sources at once, in batches of 40 from opposite ends: every
// source goes to exactly one, with its fetch state read under the lease.
func TestClaimSourcesSplitsARoundBetweenFetchers(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		var srcs []model.Source
		var ids []string
		for i := range 120 {
			id := fmt.Sprintf("src-%03d", i)
			ids = append(ids, id)
			srcs = append(srcs, model.Source{ID: id, URL: "http://h/" + id})
		}
		if err := a.SyncSources(ctx, srcs); err != nil {
			t.Fatal(err)
		}
		now := time.Unix(1_800_000_000, 0)
		reversed := slices.Clone(ids)
		slices.Reverse(reversed)
		got := make([][]model.FetchState, 2)
		var wg sync.WaitGroup
		for i, st := range []*Store{a, b} {
			order := [][]string{ids, reversed}[i]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < len(order); k += 40 {
					won, err := st.ClaimSources(ctx, order[k:k+40], []string{"fetcher-a", "fetcher-b"}[i], now, time.Minute, false)
					if err != nil {
						t.Error(err)
						return
					}
					got[i] = append(got[i], won...)
				}
			}()
		}
		wg.Wait()
		owner := map[string]string{}
		for i, won := range got {
			name := []string{"fetcher-a", "fetcher-b"}[i]
			for _, fs := range won {
				if prev, ok := owner[fs.SourceID]; ok {
					t.Fatalf("%s claimed by %s and %s", fs.SourceID, prev, name)
				}
				owner[fs.SourceID] = name
				if fs.Lease != name || fs.URL != "http://h/"+fs.SourceID {
					t.Fatalf("claimed state %+v", fs)
				}
				if l, _ := a.SourceLease(ctx, fs.SourceID); l.Owner != name || !l.Until.Equal(now.Add(time.Minute)) {
					t.Fatalf("%s: stored lease %+v, claimed by %s", fs.SourceID, l, name)
				}
			}
		}
		if len(owner) != len(ids) {
			t.Fatalf("%d of %d sources claimed", len(owner), len(ids))
		}
		// Claimed, they are nobody else's, even by force.
		if won, err := b.ClaimSources(ctx, ids, "fetcher-c", now, time.Minute, true); len(won) != 0 || err != nil {
			t.Fatalf("a third fetcher claimed %d leased sources (%v)", len(won), err)
		}
	})
}

// TestWritingAClaimedStateEndsTheLease checks that recording a fetch, by
// any of the three writes that record one, ends the lease of the fetcher
// that claimed it, and only that fetcher's.
func TestWritingAClaimedStateEndsTheLease(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		now := time.Unix(1_800_000_000, 0)
		writes := map[string]func(model.FetchState) error{
			"SaveFetchState":  func(fs model.FetchState) error { return a.SaveFetchState(ctx, fs) },
			"SaveFetchStates": func(fs model.FetchState) error { return a.SaveFetchStates(ctx, []model.FetchState{fs}) },
			"Ingest": func(fs model.FetchState) error {
				_, err := a.Ingest(ctx, fs, []model.Article{{GUID: "g-" + fs.ETag, URL: "http://h/" + fs.ETag, CanonicalURL: "http://h/" + fs.ETag, Title: "A report " + fs.ETag,
					Text: "The words of report " + fs.ETag, Published: now, FetchedAt: now, ContentHash: "hash-" + fs.ETag}})
				return err
			},
		}
		for name, write := range writes {
			won, err := a.ClaimSources(ctx, []string{"s1"}, "fetcher-a", now, time.Hour, true)
			if err != nil || len(won) != 1 {
				t.Fatalf("%s: claim %v %v", name, won, err)
			}
			fs := won[0]
			fs.ETag = name
			// Another fetcher's write (its lease ran out and it did not know)
			// and a write that names no lease leave the claim alone.
			for _, other := range []string{"fetcher-b", ""} {
				stray := fs
				stray.Lease = other
				if err := b.SaveFetchState(ctx, stray); err != nil {
					t.Fatal(err)
				}
				if l, _ := b.SourceLease(ctx, "s1"); l.Owner != "fetcher-a" {
					t.Fatalf("%s: a write with lease %q ended fetcher-a's: %+v", name, other, l)
				}
			}
			if err := write(fs); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if l, _ := b.SourceLease(ctx, "s1"); l.Owner != "" || !l.Until.IsZero() {
				t.Fatalf("%s: the lease outlived the write: %+v", name, l)
			}
			if got, _ := b.FetchState(ctx, "s1"); got.ETag != name {
				t.Fatalf("%s: state not written: %+v", name, got)
			}
		}
	})
}

// TestReleaseSourcesEndsOnlyTheOwnersLeases checks the release of claimed
// sources a stopped round did not fetch.
func TestReleaseSourcesEndsOnlyTheOwnersLeases(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		now := time.Unix(1_800_000_000, 0)
		if ok, _ := a.ClaimSource(ctx, "s1", "fetcher-a", now, time.Hour, true); !ok {
			t.Fatal("claim s1")
		}
		if ok, _ := b.ClaimSource(ctx, "s2", "fetcher-b", now, time.Hour, true); !ok {
			t.Fatal("claim s2")
		}
		if err := a.ReleaseSources(ctx, []string{"s1", "s2"}, "fetcher-a"); err != nil {
			t.Fatal(err)
		}
		if l, _ := a.SourceLease(ctx, "s1"); l.Owner != "" {
			t.Fatalf("s1 still leased: %+v", l)
		}
		if l, _ := a.SourceLease(ctx, "s2"); l.Owner != "fetcher-b" {
			t.Fatalf("another fetcher's lease was released: %+v", l)
		}
	})
}
