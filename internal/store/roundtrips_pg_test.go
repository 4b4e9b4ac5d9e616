package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store/storetest"
	"github.com/jackc/pgx/v5"
)

// tripCounter is a pgx tracer that records every statement sent to
// PostgreSQL (queries, and the prepares of statements not yet cached on the
// connection): each is at least one round trip to the server.
type tripCounter struct {
	mu    sync.Mutex
	on    bool
	trips []trip
}

type trip struct {
	sql  string
	took time.Duration
}

type tripStart struct{}

func (c *tripCounter) start(ctx context.Context, sql string) context.Context {
	return context.WithValue(ctx, tripStart{}, trip{sql: sql, took: time.Duration(time.Now().UnixNano())})
}

func (c *tripCounter) end(ctx context.Context, prefix string) {
	t, _ := ctx.Value(tripStart{}).(trip)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.on {
		c.trips = append(c.trips, trip{sql: prefix + t.sql, took: time.Duration(time.Now().UnixNano()) - t.took})
	}
}

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	return c.start(ctx, d.SQL)
}

func (c *tripCounter) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	c.end(ctx, "")
}

func (c *tripCounter) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	return c.start(ctx, d.SQL)
}

func (c *tripCounter) TracePrepareEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareEndData) {
	c.end(ctx, "prepare: ")
}

// record counts the statements fn sends.
func (c *tripCounter) record(fn func()) []trip {
	c.mu.Lock()
	c.on, c.trips = true, nil
	c.mu.Unlock()
	fn()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = false
	return c.trips
}

// fleetGroup is a write group as a fleet's writer takes it: feeds feeds,
// each with perFeed new items; the first item of every other feed joins a
// stored story (joins, in turn), every other item starts a story of its own.
// tag makes the items distinct from another call's.
func fleetGroup(tag string, feeds, perFeed int, joins []int64) []model.FeedWrite {
	var g []model.FeedWrite
	prov := int64(0)
	for f := range feeds {
		src := fmt.Sprintf("f%d", f)
		var arts []model.Article
		for i := range perFeed {
			id := fmt.Sprintf("%s-%s-%d", tag, src, i)
			a := art(id, "https://"+src+".example/"+id, "Report "+id+" on the talks in Geneva", "h-"+id)
			prov--
			a.StoryID = prov
			if i == 0 && f%2 == 1 && len(joins) > 0 {
				a.StoryID = joins[f%len(joins)]
			}
			arts = append(arts, a)
		}
		g = append(g, model.FeedWrite{State: model.FetchState{SourceID: src, URL: "http://" + src + "/feed", ETag: `"` + tag + `"`}, Articles: arts})
	}
	return g
}

// TestAWriteGroupsRoundTripsDoNotGrowWithItsFeeds: on PostgreSQL, where
// every statement is a round trip paid under the fleet's assignment lock
// (docs/scaling.md), a write group's ingest sends a fixed handful of
// statements, however many feeds and new articles it holds: the reads of
// the whole group at once, its writes in one statement, begin and commit.
func TestAWriteGroupsRoundTripsDoNotGrowWithItsFeeds(t *testing.T) {
	ctx := context.Background()
	var c tripCounter
	s, err := openPostgres(ctx, storetest.PostgresURL(t), func(cfg *pgx.ConnConfig) { cfg.Tracer = &c })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var srcs []model.Source
	for f := range 16 {
		srcs = append(srcs, model.Source{ID: fmt.Sprintf("f%d", f), URL: fmt.Sprintf("http://f%d/feed", f)})
	}
	if err := s.SyncSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	seed, err := s.IngestGroup(ctx, fleetGroup("seed", 4, 1, nil))
	if err != nil {
		t.Fatal(err)
	}
	var stored []int64
	for _, r := range seed {
		stored = append(stored, r.Stories...)
	}
	measure := func(name string, feeds, perFeed int) int {
		// The first group of a shape prepares its statements on the
		// connection; the second is the steady state.
		for run := range 2 {
			g := fleetGroup(fmt.Sprintf("%s%d", name, run), feeds, perFeed, stored)
			var res []IngestResult
			trips := c.record(func() { res, err = s.IngestGroup(ctx, g) })
			if err != nil {
				t.Fatal(err)
			}
			if res[0].New != perFeed {
				t.Fatalf("%s: %d new articles in the first feed, want %d", name, res[0].New, perFeed)
			}
			if run == 1 {
				var total time.Duration
				var lines []string
				for _, tr := range trips {
					total += tr.took
					lines = append(lines, fmt.Sprintf("  %6.2f ms  %.90s", float64(tr.took)/1e6, strings.Join(strings.Fields(tr.sql), " ")))
				}
				t.Logf("%s: %d feeds x %d new items: %d round trips, %.2f ms\n%s", name, feeds, perFeed, len(trips), float64(total)/1e6, strings.Join(lines, "\n"))
				return len(trips)
			}
		}
		return 0
	}
	const most = 5 // begin, the group's reads, its writes, commit, and one spare
	for _, tc := range []struct {
		name           string
		feeds, perFeed int
	}{{"changed4", 4, 1}, {"changed16", 16, 1}, {"cold4", 4, 25}} {
		if n := measure(tc.name, tc.feeds, tc.perFeed); n > most {
			t.Errorf("%s: %d round trips for a group of %d feeds with %d new items each; want at most %d", tc.name, n, tc.feeds, tc.perFeed, most)
		}
	}
}
