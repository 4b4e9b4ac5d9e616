package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// Story assignment across processes. Each fetcher's story stage decides an
// article's story from in-memory indexes of the window; when several
// processes ingest into one database, two outlets' write-ups of one event
// arriving on two fetchers at once would each be compared only with what its
// own fetcher ingested, and start two stories. So assignment is serialized
// across processes — the assignment lock is held around the last of the
// catch-up, the assignment and the ingest transaction (IngestAssigned) —
// and, under the lock, a stage first reads the articles other processes
// stored since it last looked (ArticlesAfter). Under the lock only the
// holder writes new articles, so the ids it has seen plus those it stores
// itself are every id up to the newest.

// assignmentLock is the PostgreSQL advisory lock key held by the process
// that assigns stories and ingests (see migrationLock for the scheme).
const assignmentLock = 0x61676772_0002 // "aggr", 2

// IngestAssigned stores a write group as IngestGroup does, holding the
// database's assignment lock. Once this process holds it, and before
// anything is written, more (when not nil) gives the feeds that joined the
// group while it waited for the lock — stored with it, so that a fleet's
// writers take the lock fewer times, each for more feeds — and decide runs
// with held true: the catch-up with what other processes stored, and the
// group's story decisions. While it waits for the lock on PostgreSQL,
// decide runs with held false every waitCatchUp: the catch-up alone, so
// that what the holders commit meanwhile is read and indexed before the
// lock, not under it. The lock ends when the group is committed, so that
// the next process to take it sees the group. The results are the grown
// group's, in order.
//
// On PostgreSQL the lock is a transaction advisory lock
// (pg_advisory_xact_lock) taken first thing in the ingest transaction and
// released by its commit: no separate session, no round trip to take or
// drop it beyond its own statement, and a process that dies loses it with
// its transaction. A transaction that lost a race is run again from the
// articles as given, taking the lock and calling decide again. On SQLite it
// is an exclusive flock of the file beside the database ("-assign"), which
// the kernel releases when the process dies. ctx bounds the wait.
func (s *Store) IngestAssigned(ctx context.Context, feeds []model.FeedWrite, more func() []model.FeedWrite, decide func(ctx context.Context, group []model.FeedWrite, held bool) error) ([]IngestResult, error) {
	if s.d.postgres {
		return s.ingestPostgres(ctx, feeds, &assignHooks{more: more, decide: decide})
	}
	release, err := lockFile(ctx, s.path+"-assign")
	if err != nil {
		return nil, err
	}
	defer release()
	if more != nil {
		feeds = append(feeds, more()...)
	}
	if err := decide(ctx, feeds, true); err != nil {
		return nil, err
	}
	return s.ingestOnce(ctx, &feeds, nil, nil)
}

// waitCatchUp is how often a process waiting for the assignment lock
// catches up with what the holders commit.
const waitCatchUp = 10 * time.Millisecond

// lockAssignment takes the assignment lock in the transaction, running
// decide(ctx, nil, false) every waitCatchUp while it waits. A catch-up that
// fails here is not an error: it is done again under the lock, where its
// error counts.
func lockAssignment(ctx context.Context, t *tx, decide func(ctx context.Context, group []model.FeedWrite, held bool) error) error {
	got := make(chan error, 1)
	go func() {
		_, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, assignmentLock)
		got <- err
	}()
	tick := time.NewTicker(waitCatchUp)
	defer tick.Stop()
	for {
		select {
		case err := <-got:
			return err
		case <-tick.C:
			_ = decide(ctx, nil, false)
		}
	}
}

// catchUpPage is how many articles one query of ArticlesAfter reads. With
// a limit PostgreSQL walks the primary key up from after even when the
// table's statistics are stale (a fleet's first minutes on a new database):
// without one it read every article fetched since through the fetched_at
// index to find none above after, 9 ms a catch-up and most of PostgreSQL's
// time in a changed round (scripts/bench-fleet.sh).
const catchUpPage = 1000

// ArticlesAfter calls fn for every article whose id is above after and that
// was fetched at or after since, in id order, with what the story stage's
// indexes need (as RecentDocs): the catch-up of a stage with the articles
// other processes stored.
func (s *Store) ArticlesAfter(ctx context.Context, after int64, since time.Time, fn func(model.Article) error) error {
	newer, err := s.storedAfter(ctx, after)
	if err != nil {
		return fmt.Errorf("store: articles after %d: %w", after, err)
	}
	if !newer {
		return nil
	}
	return s.articlesAfter(ctx, after, since, catchUpPage, fn)
}

// storedAfter reports whether an article with an id above after may be
// stored. A write group catches up twice (before and under the assignment
// lock) and, with one process ingesting, finds nothing both times: on
// SQLite the highest id, read on the writer's connection through the
// ingest's statement prepared once (writer.maxID), answers that. The
// catch-up's own query runs on a reader, which prepared it each time and
// re-read its pages after every commit of the writer (a changed round of
// 1,000 feeds: 480 catch-ups, 0.07 CPU-s). The writer's connection sees
// what other processes commit as a reader does. On PostgreSQL the query is
// one round trip either way: it answers true.
func (s *Store) storedAfter(ctx context.Context, after int64) (bool, error) {
	if s.d.postgres {
		return true, nil
	}
	var top int64
	if err := s.ingest.maxID.QueryRowContext(ctx).Scan(&top); err != nil {
		return false, err
	}
	return top > after, nil
}

// articlesAfter is ArticlesAfter reading page articles a query.
func (s *Store) articlesAfter(ctx context.Context, after int64, since time.Time, page int, fn func(model.Article) error) error {
	// The merged stories are read once there is an article to catch up
	// with: most catch-ups of a fleet's steady state find none.
	var merged map[int64]int64
	for from := after; ; {
		rows, err := s.r.QueryContext(ctx, `SELECT `+docColumns+` FROM articles WHERE id > ? AND fetched_at >= ? ORDER BY id LIMIT ?`,
			from, since.Unix(), page)
		if err != nil {
			return fmt.Errorf("store: articles after %d: %w", after, err)
		}
		n := 0
		err = scanDocs(rows, nil, func(a model.Article) error {
			n, from = n+1, a.ID
			if merged == nil {
				var err error
				if merged, err = s.mergedStories(ctx); err != nil {
					return err
				}
			}
			if into, ok := merged[a.StoryID]; ok {
				a.StoryID = into
			}
			return fn(a)
		})
		if err != nil {
			return fmt.Errorf("store: articles after %d: %w", after, err)
		}
		if n < page {
			return nil
		}
	}
}

// docColumns are the columns scanDocs reads.
const docColumns = `id, story_id, source_id, language, title, text, mentions, published, fetched_at, content_hash, tags`

// scanDocs calls fn for each row of docColumns, and closes rows. An
// article of a merged story is given the story it was merged into (merged):
// the story stage's indexes hold the two as one.
func scanDocs(rows *sql.Rows, merged map[int64]int64, fn func(model.Article) error) error {
	defer rows.Close()
	for rows.Next() {
		var a model.Article
		var pub, fetched int64
		var mentions, tags string
		if err := rows.Scan(&a.ID, &a.StoryID, &a.SourceID, &a.Language, &a.Title, &a.Text, &mentions, &pub, &fetched, &a.ContentHash, &tags); err != nil {
			return err
		}
		// The story stage weighs the countries an article is about (a
		// title's places count as the story's when they are): a window
		// rebuilt from the store, or caught up with another process, must
		// decide as the process that assigned the article did.
		a.Tags.Countries = countriesOf(tags)
		a.Published, a.FetchedAt = fromUnix(pub), fromUnix(fetched)
		if into, ok := merged[a.StoryID]; ok {
			a.StoryID = into
		}
		_ = json.Unmarshal([]byte(mentions), &a.Mentions)
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// mergedStories maps every merged story to the story it was merged into
// (few: the partial index holds only them).
func (s *Store) mergedStories(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, into int64
		if err := rows.Scan(&id, &into); err != nil {
			return nil, err
		}
		out[id] = into
	}
	return out, rows.Err()
}
