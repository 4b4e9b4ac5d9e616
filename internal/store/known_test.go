package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/intlwire/aggregator/internal/model"
)

// TestKnownLookupsOfEverySize: the batched lookups find exactly the stored
// keys among lists of every length (padded on SQLite to a few lengths,
// whose statements are prepared once and shared by the lookups).
func TestKnownLookupsOfEverySize(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var arts []model.Article
		for i := range 40 {
			a := art(fmt.Sprintf("g-%d", i), fmt.Sprintf("https://x.org/%d", i), fmt.Sprintf("Report number %d from the capital", i), fmt.Sprintf("h%d", i))
			a.RawHash = fmt.Sprintf("raw-%d", i)
			arts = append(arts, a)
		}
		if _, err := s.Ingest(ctx, model.FetchState{SourceID: "a", URL: "http://a/feed"}, arts[:20]); err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= 40; n++ {
			var guids, raws []string
			for i := range n {
				guids, raws = append(guids, arts[i].GUID), append(raws, arts[i].RawHash)
			}
			known, err := s.KnownItems(ctx, "a", guids)
			if err != nil {
				t.Fatal(err)
			}
			rawKnown, err := s.KnownRawItems(ctx, "a", raws)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(n, 20); len(known) != want || len(rawKnown) != want {
				t.Fatalf("%d keys asked: %d GUIDs and %d raw hashes known, want %d", n, len(known), len(rawKnown), want)
			}
			for i := range min(n, 20) {
				if known[arts[i].GUID] != arts[i].ContentHash || !rawKnown[arts[i].RawHash] {
					t.Fatalf("%d keys asked: %s not found as stored", n, arts[i].GUID)
				}
			}
		}
		if s.d.postgres {
			return
		}
		// 8, 16, 32 and 64 keys, each for GUIDs and for raw hashes.
		if n := len(s.lookups.m); n != 8 {
			t.Errorf("%d lookup statements prepared for lists of 1 to 40 keys, want 8", n)
		}
	})
}
