package main

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/store/storetest"
)

// fleetOnceSize is TestFleetFetchesEveryFeedOnceOnPostgres's number of
// feeds: the 1,000 by default.
var fleetOnceSize = flag.Int("fleet-once-feeds", 1000, "feeds served to TestFleetFetchesEveryFeedOnceOnPostgres")

// TestFleetFetchesEveryFeedOnceOnPostgres is the first-round proof
// at its size: three `-role fetch` daemons started together and two
// `-role web` daemons on one PostgreSQL database, 1,000 loopback feeds
// answering after 80 ms. Every feed is requested exactly once in the first
// round (the leases share the round; none is fetched by two fetchers), the
// fleet stores every article once and forms one story per event across the
// fetchers (each event's two outlets' copies, wherever they were fetched),
// and both web nodes serve the same feed under the same ETag.
// TestFleetOnPostgres adds a fetcher killed mid-round and reloads.
func TestFleetFetchesEveryFeedOnceOnPostgres(t *testing.T) {
	feeds := *fleetOnceSize
	pg := storetest.PostgresURL(t) // skips without a server
	srv := newFleetFeeds(t, 80*time.Millisecond)
	names, paths, addrs, webs := startFleetWebNodes(t, srv.srv.URL, feeds, pg)
	start := time.Now()
	var fetchers []*daemonProc
	for _, name := range names[:3] {
		fetchers = append(fetchers, spawnDaemon(t, name, paths[name], addrs[name], "-role", "fetch", "-no-watch"))
	}

	deadline := time.Now().Add(80 * time.Second)
	for time.Now().Before(deadline) {
		if articles, _ := storeCounts(t, pg); articles >= feeds {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	round := time.Since(start)
	time.Sleep(time.Second) // a doubled fetch or article would show by now
	articles, stories := storeCounts(t, pg)
	first, _ := srv.counts()
	var split []string
	for i, f := range fetchers {
		split = append(split, fmt.Sprint(strings.Count(f.logs.String(), "msg=fetch source=desk-")))
		select {
		case err := <-f.exited:
			t.Fatalf("fetcher %d exited: %v", i, err)
		default:
		}
	}
	t.Logf("%d feeds stored in %.1fs by three fetchers (%s fetches each): %d articles in %d stories",
		feeds, round.Seconds(), strings.Join(split, "/"), articles, stories)
	for i := range feeds {
		if n := first[fmt.Sprint(i)]; n != 1 {
			t.Errorf("feed %d requested %d times in the first round, want once", i, n)
		}
	}
	// Feeds 2k and 2k+1 are two outlets' copies of event k: one story each.
	if articles != feeds || stories != feeds/2 {
		t.Errorf("fleet stored %d articles in %d stories, want %d in %d", articles, stories, feeds, feeds/2)
	}

	want := min(500, feeds/2) // publish.limit of fleetNodeSettings
	sameFeedOnWebNodes(t, webs, want)
}
