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

// TestACopyOfAStoredTextIsLeftToTheStore checks, on a real store, that a
// new item of one source whose text is stored under another source's item
// (known to the stage from its rebuild, and then from its commits) is
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
			if err := st.Rebuild(ctx, s.RecentDocs, at.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
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
			if st.events.nd != 3 {
				t.Errorf("document frequencies count %v articles, want 3 (the stored one, not the copy)", st.events.nd)
			}
			res, err := s.Ingest(ctx, model.FetchState{SourceID: "paper", URL: "https://paper.example/feed"}, b.Articles)
			if err != nil {
				t.Fatal(err)
			}
			if res.Duplicates != 1 || res.New != 2 {
				t.Fatalf("store: %+v, want the copy as 1 duplicate and 2 new", res)
			}
			// The paper's own write-up, committed, is known to the stage.
			st.Commit(b, res.Added, res.Provisional)
			again, err := st.Fresh(ctx, "agency", []model.Article{item("agency", "g1", own.Title, own.Text)})
			if err != nil {
				t.Fatal(err)
			}
			if !again.elsewhere["g1"] {
				t.Errorf("a copy of a text committed since the rebuild was not recognized")
			}
		})
	}
}

// TestStoredTextsAreForgottenWithTheWindow checks that the stage's content
// keys are pruned with its indexes (a daemon running for months must not
// keep every key it ever stored) and that a key stored again later is kept.
func TestStoredTextsAreForgottenWithTheWindow(t *testing.T) {
	var ts storedTexts
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	old, kept := textfold.ContentHash("Old report", "text"), textfold.ContentHash("Kept report", "text")
	ts.add(old, day)
	ts.add(kept, day)
	ts.add(kept, day.Add(48*time.Hour))
	ts.add("", day) // too short to identify an article: not held
	ts.prune(day.Add(24 * time.Hour))
	if ts.has(old) || !ts.has(kept) || ts.has("") || len(ts.at) != 1 {
		t.Fatalf("after the prune: old %v, kept %v, %d keys; want only the later one", ts.has(old), ts.has(kept), len(ts.at))
	}
}
