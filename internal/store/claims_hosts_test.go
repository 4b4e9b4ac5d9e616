package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// hostSources stores n sources on each of hosts (source "h<host>-<i>" at
// http://h<host>.example:8080/i) and returns their ids, host by host.
func hostSources(t *testing.T, st *Store, hosts, n int) [][]string {
	t.Helper()
	var srcs []model.Source
	ids := make([][]string, hosts)
	for h := range hosts {
		for i := range n {
			id := fmt.Sprintf("h%d-%02d", h, i)
			ids[h] = append(ids[h], id)
			srcs = append(srcs, model.Source{ID: id, URL: fmt.Sprintf("http://H%d.example:8080/%d", h, i)})
		}
	}
	if err := st.SyncSources(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestClaimsKeepPerHostAcrossFetchers: a fetcher alone on a host claims as
// many of its sources as it asks for (its own limiter bounds its requests);
// a second fetcher gets none of that host's sources while the first holds
// per_host or more leases there, and once both hold leases on a host the
// leases there never add up to more than per_host. The sources refused for
// their host come back as hostBusy; those leased elsewhere do not.
func TestClaimsKeepPerHostAcrossFetchers(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		ids := hostSources(t, a, 2, 10)
		now := time.Unix(1_800_000_000, 0)
		const perHost = 3

		won, busy, err := a.ClaimSourcesPolitely(ctx, ids[0][:5], "fetcher-a", now, time.Minute, false, perHost)
		if err != nil || len(won) != 5 || len(busy) != 0 {
			t.Fatalf("alone on host 0: won %d, busy %v, %v; want all 5", len(won), busy, err)
		}
		// b: host 0 has 5 live leases of a's, host 1 none.
		req := append(append([]string{}, ids[0]...), ids[1][:4]...)
		won, busy, err = b.ClaimSourcesPolitely(ctx, req, "fetcher-b", now, time.Minute, false, perHost)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostsOf(won); got["h0.example:8080"] != 0 || got["h1.example:8080"] != 4 {
			t.Fatalf("b won %v, want none of host 0 and 4 of host 1", got)
		}
		if len(busy) != 5 { // host 0's five that nobody holds
			t.Fatalf("hostBusy %v, want host 0's five unleased sources", busy)
		}
		// a ends three of its leases: host 0 has 2 live, both a's.
		if err := a.ReleaseSources(ctx, ids[0][:3], "fetcher-a"); err != nil {
			t.Fatal(err)
		}
		won, busy, err = b.ClaimSourcesPolitely(ctx, ids[0][5:], "fetcher-b", now, time.Minute, false, perHost)
		if err != nil || len(won) != 1 || len(busy) != 4 {
			t.Fatalf("b beside a's 2 leases: won %d, busy %d, %v; want 1 and 4 (per_host %d)", len(won), len(busy), err, perHost)
		}
		// Now both hold leases on host 0 (3 = per_host): a gets no more either.
		won, busy, err = a.ClaimSourcesPolitely(ctx, ids[0][:3], "fetcher-a", now, time.Minute, false, perHost)
		if err != nil || len(won) != 0 || len(busy) != 3 {
			t.Fatalf("a at the shared limit: won %d, busy %d, %v; want 0 and 3", len(won), len(busy), err)
		}
		if n := liveLeases(t, a, "h0.example:8080", now); n != perHost {
			t.Fatalf("host 0 has %d live leases, want %d", n, perHost)
		}
		// Once the leases expire the host is free again; perHost 0 is no limit.
		later := now.Add(2 * time.Minute)
		if won, _, err := b.ClaimSourcesPolitely(ctx, ids[0], "fetcher-b", later, time.Minute, false, 0); err != nil || len(won) != 10 {
			t.Fatalf("no limit, leases expired: won %d, %v", len(won), err)
		}
	})
}

// TestConcurrentClaimsNeverExceedPerHost has three fetchers claim one
// host's 60 sources at once, in batches of one and of eight, each starting
// on a host none of them holds: whatever the interleaving, the host never
// has more live leases from two or more fetchers than per_host (on
// PostgreSQL the claims are serialized by the claim function's lock; without
// it two fetchers would each see the host free).
func TestConcurrentClaimsNeverExceedPerHost(t *testing.T) {
	onBackends(t, func(t *testing.T, database string) {
		ctx := context.Background()
		a, b := twoStores(t, database)
		c, err := Open(ctx, database)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ids := hostSources(t, a, 1, 60)[0]
		now := time.Unix(1_800_000_000, 0)
		const perHost = 2
		var mu sync.Mutex
		owners := map[string]string{}
		var wg sync.WaitGroup
		for f, st := range []*Store{a, b, c} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("fetcher-%d", f)
				for k := f; k < len(ids); k += 3 {
					batch := ids[k : k+1]
					if f == 2 {
						batch = ids[k:min(k+8, len(ids))]
					}
					won, _, err := st.ClaimSourcesPolitely(ctx, batch, name, now, time.Minute, false, perHost)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					for _, fs := range won {
						owners[fs.SourceID] = name
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		perOwner := map[string]int{}
		for _, o := range owners {
			perOwner[o]++
		}
		if len(perOwner) > 1 && len(owners) > perHost {
			t.Fatalf("%d leases on one host held by %d fetchers (%v), per_host %d", len(owners), len(perOwner), perOwner, perHost)
		}
		if n := liveLeases(t, a, "h0.example:8080", now); n != len(owners) {
			t.Fatalf("stored live leases %d, claims won %d", n, len(owners))
		}
	})
}

func hostsOf(states []model.FetchState) map[string]int {
	out := map[string]int{}
	for _, fs := range states {
		out[sourceHost(fs.URL)]++
	}
	return out
}

func liveLeases(t *testing.T, st *Store, host string, now time.Time) int {
	t.Helper()
	var n int
	if err := st.r.QueryRowContext(context.Background(), `SELECT count(*) FROM sources
		WHERE host = ? AND claimed_by <> '' AND lease_until >= ?`, host, now.Unix()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
