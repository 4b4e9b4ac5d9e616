package story

import (
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// TestAbortedBatchIsCountedOnce checks that a feed whose write failed and
// is assigned again (the pipeline retries a failed write group feed by
// feed) counts in the document frequencies once, not once per assignment.
func TestAbortedBatchIsCountedOnce(t *testing.T) {
	st := NewStage(nil, Options{})
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	b := &Batch{Source: "wire"}
	for _, title := range []string{"Earthquake strikes the coast", "Parliament passes the budget"} {
		b.Articles = append(b.Articles, model.Article{SourceID: "wire", GUID: title, Title: title,
			Text: title + " on Tuesday, officials said.", Language: "en", Published: at, FetchedAt: at})
	}
	st.Prepare(b)
	st.Assign(b)
	once := st.events.nd
	st.Abort(b)
	st.Assign(b)
	if st.events.nd != once {
		t.Fatalf("documents counted %v after the second assignment, want %v", st.events.nd, once)
	}
	if once != 2 {
		t.Fatalf("documents counted %v, want 2", once)
	}
}
