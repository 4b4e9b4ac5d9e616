package store

import (
	"context"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

func TestFetchStatesAndSaveFetchStates(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		due := time.Unix(1700003600, 0).UTC()
		in := []model.FetchState{
			{SourceID: "a", URL: "http://a/feed", ETag: `"1"`, LastStatus: 304, NextDue: due, LastFetch: due.Add(-time.Hour)},
			{SourceID: "b", URL: "http://b/feed", LastStatus: 500, LastError: "boom", ErrorCount: 2, NextDue: due},
		}
		if err := s.SaveFetchStates(ctx, in); err != nil {
			t.Fatal(err)
		}
		got, err := s.FetchStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d states, want 2: %+v", len(got), got)
		}
		for _, want := range in {
			g := got[want.SourceID]
			if g.ETag != want.ETag || g.LastStatus != want.LastStatus || g.ErrorCount != want.ErrorCount ||
				g.LastError != want.LastError || !g.NextDue.Equal(want.NextDue) || !g.LastFetch.Equal(want.LastFetch) {
				t.Errorf("%s: stored %+v, want %+v", want.SourceID, g, want)
			}
			one, err := s.FetchState(ctx, want.SourceID)
			if err != nil || one != g {
				t.Errorf("%s: FetchState %+v (%v) differs from FetchStates %+v", want.SourceID, one, err, g)
			}
		}
		// A cancelled context writes nothing: the batch is one transaction.
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.SaveFetchStates(cctx, []model.FetchState{{SourceID: "a", ETag: `"2"`}}); err == nil {
			t.Error("SaveFetchStates with a cancelled context succeeded")
		}
		if st, _ := s.FetchState(ctx, "a"); st.ETag != `"1"` {
			t.Errorf("etag %q after a failed batch, want the old one", st.ETag)
		}
	})
}

// SyncSources skips its writes when the table already matches the
// configuration, and still notices each kind of change.
func TestSyncSourcesOnlyWritesChanges(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		kept := model.FetchState{SourceID: "a", URL: "http://a/feed", ETag: `"e"`, LastStatus: 200}
		if err := s.SaveFetchState(ctx, kept); err != nil {
			t.Fatal(err)
		}
		configured := func() map[string]SourceStatus {
			t.Helper()
			all, err := s.Sources(ctx, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]SourceStatus{}
			for _, ss := range all {
				if ss.Configured {
					out[ss.ID] = ss
				}
			}
			return out
		}
		same := []model.Source{{ID: "a", URL: "http://a/feed"}, {ID: "b", URL: "http://b/feed"}}
		if ok, err := s.sourcesAsConfigured(ctx, same); err != nil || !ok {
			t.Fatalf("unchanged configuration seen as changed (%v)", err)
		}
		if err := s.SyncSources(ctx, same); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.FetchState(ctx, "a"); st.ETag != `"e"` {
			t.Errorf("an unchanged sync lost the fetch state: %+v", st)
		}
		for name, srcs := range map[string][]model.Source{
			"renamed":  {{ID: "a", URL: "http://a/feed", Name: "A"}, {ID: "b", URL: "http://b/feed"}},
			"language": {{ID: "a", URL: "http://a/feed", Language: "fr"}, {ID: "b", URL: "http://b/feed"}},
			"moved":    {{ID: "a", URL: "http://a/other"}, {ID: "b", URL: "http://b/feed"}},
			"removed":  {{ID: "a", URL: "http://a/feed"}},
			"added":    {{ID: "a", URL: "http://a/feed"}, {ID: "b", URL: "http://b/feed"}, {ID: "c", URL: "http://c/feed"}},
		} {
			if ok, err := s.sourcesAsConfigured(ctx, srcs); err != nil || ok {
				t.Errorf("%s: seen as unchanged (%v)", name, err)
			}
		}
		if err := s.SyncSources(ctx, []model.Source{{ID: "a", URL: "http://a/feed", Name: "A"}}); err != nil {
			t.Fatal(err)
		}
		got := configured()
		if len(got) != 1 || got["a"].Name != "A" {
			t.Errorf("after renaming a and removing b: %+v", got)
		}
		if st, _ := s.FetchState(ctx, "a"); st.ETag != `"e"` {
			t.Errorf("a rename lost the fetch state: %+v", st)
		}
	})
}
