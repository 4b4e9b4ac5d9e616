package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/ingest"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
)

// groupPipeline is a pipeline over sources a, b and c with the Syria
// topic, and its database.
func groupPipeline(t *testing.T, database func(testing.TB) string) (*Pipeline, *store.Store, string) {
	t.Helper()
	db := database(t)
	p, st := buildPipeline(t, testSetup{database: func(testing.TB) string { return db }, topics: syriaTopic,
		sources: [][2]string{{"a", "http://a.example.org/feed"}, {"b", "http://b.example.org/feed"}, {"c", "http://c.example.org/feed"}}})
	return p, st, db
}

// envoyText is a wire report long enough for the copy path's sketches.
const envoyText = `The United Nations special envoy for Syria called on Tuesday for the government and the opposition to return to talks in Geneva next month, ` +
	`saying that the ceasefire in the north-west of the country was fragile and that the constitutional committee had not met since the spring. ` +
	`Speaking to reporters after briefing the Security Council, the envoy said that both delegations had told him they were ready to come back, ` +
	`and that he would send the invitations within the week.`

// rssItem is one RSS item.
func rssItem(guid, link, title, text string) string {
	return fmt.Sprintf(`<item><title>%s</title><link>%s</link><guid>%s</guid><description>%s</description></item>`, title, link, guid, text)
}

// handed parses a feed of items and prepares it for the writer, as a
// worker of a round does before it waits for the writer.
func handed(t *testing.T, p *Pipeline, source string, items ...string) *pendingWrite {
	t.Helper()
	ctx := context.Background()
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>` + source + `</title>` + strings.Join(items, "") + `</channel></rss>`
	feed, err := ingest.Parse([]byte(body), "http://"+source+".example.org/feed", 100, p.now())
	if err != nil {
		t.Fatal(err)
	}
	batch, err := p.prepare(ctx, p.current(), source, feed.Articles)
	if err != nil {
		t.Fatal(err)
	}
	return &pendingWrite{ctx: ctx, fs: model.FetchState{SourceID: source, URL: "http://" + source + ".example.org/feed", ETag: `"` + source + `"`}, batch: batch}
}

// writeTogether writes the feeds as one group, as the writer does with the
// feeds waiting for it at once.
func writeTogether(p *Pipeline, g ...*pendingWrite) {
	p.ingestMu.Lock()
	changed := p.writeGroup(context.Background(), p.current(), g, true)
	p.ingestMu.Unlock()
	p.notify(changed)
}

// TestGroupCommitJoinsItsFeedsToEachOther: feeds written in one group are
// assigned as if written one after the other: an outlet's near-verbatim
// copy of another feed's report of the group joins its story by the copy
// path, an unrelated report of a third feed starts its own story (the
// group's provisional story ids do not collide), each feed gets its own
// result, and the topic feed shows the joined story once, with both outlets.
func TestGroupCommitJoinsItsFeedsToEachOther(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st, _ := groupPipeline(t, database)
		var notified []string
		p.SetOnChange(func(s []string) { notified = append(notified, s...) })
		a := handed(t, p, "a", rssItem("a1", "https://a.example.org/envoy", "UN envoy calls for Syria talks in Geneva", envoyText))
		b := handed(t, p, "b", rssItem("b1", "https://b.example.org/syria-envoy", "UN envoy calls for new Syria talks in Geneva",
			strings.Replace(envoyText, "within the week", "within days", 1)))
		c := handed(t, p, "c", rssItem("c1", "https://c.example.org/quake", "Earthquake shakes central Chile",
			"A magnitude 6.1 earthquake shook central Chile on Tuesday, damaging houses in two towns south of Santiago; no deaths were reported."))
		writeTogether(p, a, b, c)
		for _, w := range []*pendingWrite{a, b, c} {
			if !w.done || !w.stored || w.err != nil || w.ir.New != 1 {
				t.Fatalf("feed %s: done %v stored %v err %v, %d new", w.fs.SourceID, w.done, w.stored, w.err, w.ir.New)
			}
		}
		sa, sb, sc := a.ir.Added[0], b.ir.Added[0], c.ir.Added[0]
		if sb.StoryID != sa.StoryID || sb.Join.Path != model.JoinCopy {
			t.Errorf("b's copy: story %d by %q, a's story %d: want a's, by the copy path", sb.StoryID, sb.Join.Path, sa.StoryID)
		}
		if sc.StoryID == sa.StoryID || c.ir.NewStories != 1 || a.ir.NewStories != 1 || b.ir.NewStories != 0 {
			t.Errorf("stories: a %d (%d new), b %d (%d new), c %d (%d new)", sa.StoryID, a.ir.NewStories, sb.StoryID, b.ir.NewStories, sc.StoryID, c.ir.NewStories)
		}
		shown, err := st.TopicStories(ctx, "syria-diplomacy", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(shown) != 1 || shown[0].ID != sa.StoryID || len(shown[0].Outlets()) != 2 {
			t.Errorf("syria-diplomacy shows %+v: want a's story with outlets a and b", shown)
		}
		if strings.Join(notified, " ") != "syria-diplomacy" {
			t.Errorf("topics notified: %v, want syria-diplomacy once", notified)
		}
		// The same reports again, one group later: nothing new, nothing moved.
		a2 := handed(t, p, "a", rssItem("a1", "https://a.example.org/envoy", "UN envoy calls for Syria talks in Geneva", envoyText))
		if len(a2.batch.Articles) != 0 || a2.batch.Unchanged != 1 {
			t.Errorf("a's report again: %d to store, %d unchanged", len(a2.batch.Articles), a2.batch.Unchanged)
		}
	})
}

// TestGroupCommitKeepsTheOtherFeedsWhenOneFails: when the database refuses
// one feed of a group, the group's transaction fails, and the writer writes
// the feeds again one by one: the others are stored, only that one fails.
func TestGroupCommitKeepsTheOtherFeedsWhenOneFails(t *testing.T) {
	eachBackend(t, func(t *testing.T, database func(testing.TB) string) {
		ctx := context.Background()
		p, st, db := groupPipeline(t, database)
		refuseInserts(t, db, "b")
		a := handed(t, p, "a", rssItem("a1", "https://a.example.org/envoy", "UN envoy calls for Syria talks in Geneva", envoyText))
		b := handed(t, p, "b", rssItem("b1", "https://b.example.org/envoy", "Envoy wants Geneva talks", "The envoy wants talks in Geneva, he said on Tuesday in New York."))
		c := handed(t, p, "c", rssItem("c1", "https://c.example.org/quake", "Earthquake shakes central Chile",
			"A magnitude 6.1 earthquake shook central Chile on Tuesday, damaging houses in two towns south of Santiago; no deaths were reported."))
		writeTogether(p, a, b, c)
		if b.stored || b.err == nil || !strings.Contains(b.err.Error(), "refused") {
			t.Errorf("refused feed b: stored %v, err %v", b.stored, b.err)
		}
		for _, w := range []*pendingWrite{a, c} {
			if !w.stored || w.err != nil || w.ir.New != 1 {
				t.Errorf("feed %s beside the refused one: stored %v, err %v, %d new", w.fs.SourceID, w.stored, w.err, w.ir.New)
			}
			known, err := st.KnownItems(ctx, w.fs.SourceID, []string{w.fs.SourceID + "1"})
			if err != nil || len(known) != 1 {
				t.Errorf("feed %s's item is not stored: %v %v", w.fs.SourceID, known, err)
			}
		}
		if _, arts, _, err := st.Counts(ctx); err != nil || arts != 2 {
			t.Errorf("%d articles stored, want 2 (%v)", arts, err)
		}
	})
}

// refuseInserts makes the database refuse every article of a source, with
// the error "refused", as a full disk or a broken row would.
func refuseInserts(t *testing.T, database, source string) {
	t.Helper()
	driver, dsn, q := "sqlite", "file:"+database+"?_pragma=busy_timeout(5000)",
		`CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.source_id = '`+source+`' BEGIN SELECT RAISE(ABORT, 'refused'); END`
	if store.IsPostgresURL(database) {
		driver, dsn = "pgx", database
		q = `CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.source_id = '` + source + `' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
		CREATE TRIGGER refuse BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION refuse()`
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, q); err != nil {
		t.Fatal(err)
	}
}
