package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// copiedFeeds are the feeds of a cold round over copies of a few outlets
// (as shared/bench/rounds.sh makes them): feed f carries outlet f%outlets'
// items under its own GUIDs and URLs, with the same text, so that the
// first copy of an item is a new article and the others are exact
// duplicates (sightings and joins). Every item of an outlet is in one of
// its few stories, as a cluster of reports would be.
func copiedFeeds(feeds, outlets, items int) []model.FeedWrite {
	text := strings.Repeat("The envoys met again on Tuesday and said little about the talks. ", 30)
	fetched := time.Unix(1700000000, 0)
	out := make([]model.FeedWrite, feeds)
	for f := range out {
		src := fmt.Sprintf("s%04d", f)
		o := f % outlets
		arts := make([]model.Article, items)
		for i := range arts {
			url := fmt.Sprintf("https://%s.example/%d/%d", src, o, i)
			arts[i] = model.Article{GUID: url, URL: url, CanonicalURL: url, Language: "en",
				Title: fmt.Sprintf("Report %d of outlet %d", i, o), Text: text, ContentHash: fmt.Sprintf("h-%d-%d", o, i),
				FetchedAt: fetched, StoryID: -int64(o*items + i/8 + 1),
				Tags: model.TagSet{Countries: []string{"SY", "TR"}, Topics: []string{"diplomacy"}, Actors: []string{fmt.Sprintf("actor-%d", o)}}}
		}
		out[f] = model.FeedWrite{State: model.FetchState{SourceID: src, URL: "http://" + src + "/feed", ETag: `"1"`, LastFetch: fetched}, Articles: arts}
	}
	return out
}

// BenchmarkIngestCopies is the writer's part of a cold round over copied
// feeds (see copiedFeeds): 400 feeds in write groups of 50, on SQLite.
// It reports the process's CPU seconds per round (cpu-s/op), which the
// machine's other load changes less than the time.
func BenchmarkIngestCopies(b *testing.B) {
	const feeds, outlets, items, group = 400, 40, 40, 50
	ctx := context.Background()
	var cpu time.Duration
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", n)))
		if err != nil {
			b.Fatal(err)
		}
		fs := copiedFeeds(feeds, outlets, items)
		srcs := make([]model.Source, len(fs))
		for i, f := range fs {
			srcs[i] = model.Source{ID: f.State.SourceID, URL: f.State.URL}
		}
		if err := s.SyncSources(ctx, srcs); err != nil {
			b.Fatal(err)
		}
		start := cpuTime()
		b.StartTimer()
		for g := 0; g < len(fs); g += group {
			if _, err := s.IngestGroup(ctx, fs[g:g+group]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		cpu += cpuTime() - start
		s.Close()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
