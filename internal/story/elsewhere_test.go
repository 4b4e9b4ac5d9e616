package story

import (
	"context"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
	"github.com/intlwire/aggregator/internal/store/storetest"
	"github.com/intlwire/aggregator/internal/textfold"
)

// TestACopyOfAStoredTextIsLeftToTheStore checks the stage's second
// question on a real store: a new item of one source whose text is stored
// under another source's item is found by one batched lookup, and is
// neither sketched, weighed, counted in the document frequencies nor
// assigned; the store then records it as a sighting of the stored article,
// in its story. An item too short to be identified by its text, and one
// whose text is new, go through the stage as before.
func TestACopyOfAStoredTextIsLeftToTheStore(t *testing.T) {
	for _, be := range storetest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			s, err := store.Open(ctx, be.Database(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if err := s.SyncSources(ctx, []model.Source{{ID: "wire", URL: "https://wire.example/feed"}, {ID: "paper", URL: "https://paper.example/feed"}}); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
			item := func(src, guid, title, text string) model.Article {
				return model.Article{SourceID: src, GUID: guid, URL: "https://" + src + ".example/" + guid, Title: title, Text: text,
					Language: "en", Published: at, FetchedAt: at, ContentHash: textfold.ContentHash(title, text)}
			}
			wire := item("wire", "w1", "Envoy calls for talks in Geneva", "The UN envoy called on Monday for new talks in Geneva between the parties.")
			if _, err := s.Ingest(ctx, model.FetchState{SourceID: "wire", URL: "https://wire.example/feed"}, []model.Article{wire}); err != nil {
				t.Fatal(err)
			}
			st := NewStage(s, Options{})
			copied := item("paper", "p1", wire.Title, wire.Text)
			short := item("paper", "p2", "Live", "Updates")
			own := item("paper", "p3", "Envoy urges Geneva talks", "Speaking on Monday, the UN envoy urged the parties to meet in Geneva.")
			b, err := st.Fresh(ctx, "paper", []model.Article{copied, short, own})
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Articles) != 3 || !b.elsewhere["p1"] || b.elsewhere["p2"] || b.elsewhere["p3"] {
				t.Fatalf("fresh: %d articles, elsewhere %v; want all 3, only p1 elsewhere", len(b.Articles), b.elsewhere)
			}
			st.Prepare(b)
			st.Assign(b)
			if b.features[0] != nil || b.features[1] == nil || b.features[2] == nil {
				t.Errorf("weighed: copy %v, short %v, own %v; want only the copy left out", b.features[0] != nil, b.features[1] != nil, b.features[2] != nil)
			}
			if st.events.nd != 2 {
				t.Errorf("document frequencies count %v articles, want 2 (not the copy)", st.events.nd)
			}
			res, err := s.Ingest(ctx, model.FetchState{SourceID: "paper", URL: "https://paper.example/feed"}, b.Articles)
			if err != nil {
				t.Fatal(err)
			}
			if res.Duplicates != 1 || res.New != 2 {
				t.Fatalf("store: %+v, want the copy as 1 duplicate and 2 new", res)
			}
		})
	}
}
