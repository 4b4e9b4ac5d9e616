package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
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
// across processes — LockAssignment is held around catch-up, assignment and
// the ingest transaction — and, under the lock, a stage first reads the
// articles other processes stored since it last looked (ArticlesAfter).
// Under the lock only the holder writes new articles, so the ids it has seen
// plus those it stores itself are every id up to the newest.

// assignmentLock is the PostgreSQL advisory lock key held by the process
// that assigns stories and ingests (see migrationLock for the scheme).
const assignmentLock = 0x61676772_0002 // "aggr", 2

// LockAssignment waits until this process is the only one assigning
// stories on the database, and returns the function that ends that. On
// PostgreSQL it is a session advisory lock held on one connection of the
// pool (a process that dies loses it with its connection); on SQLite an
// exclusive flock of the file beside the database ("-assign"), which the
// kernel releases when the process dies. ctx bounds the wait.
func (s *Store) LockAssignment(ctx context.Context) (release func(), err error) {
	if s.d.postgres {
		return s.lockAssignmentPostgres(ctx)
	}
	return lockFile(ctx, s.path+"-assign")
}

func (s *Store) lockAssignmentPostgres(ctx context.Context) (func(), error) {
	conn, err := s.w.pool.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: assignment lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, assignmentLock); err != nil {
		// The wait may have been cancelled half way: do not let a session
		// that might hold the lock back into the pool.
		conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
		return nil, fmt.Errorf("store: assignment lock: %w", err)
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, assignmentLock); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // closing the session releases it
		}
		conn.Close()
	}, nil
}

// ArticlesAfter calls fn for every article whose id is above after and that
// was fetched at or after since, in id order, with what the story stage's
// indexes need (as RecentDocs): the catch-up of a stage with the articles
// other processes stored.
func (s *Store) ArticlesAfter(ctx context.Context, after int64, since time.Time, fn func(model.Article) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+docColumns+` FROM articles WHERE id > ? AND fetched_at >= ? ORDER BY id`,
		after, since.Unix())
	if err != nil {
		return fmt.Errorf("store: articles after %d: %w", after, err)
	}
	// The merged stories are read once there is an article to catch up
	// with: most catch-ups of a fleet's steady state find none.
	var merged map[int64]int64
	err = scanDocs(rows, nil, func(a model.Article) error {
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
	return nil
}

// docColumns are the columns scanDocs reads.
const docColumns = `id, story_id, source_id, language, title, text, mentions, published, fetched_at`

// scanDocs calls fn for each row of docColumns, and closes rows. An
// article of a merged story is given the story it was merged into (merged):
// the story stage's indexes hold the two as one.
func scanDocs(rows *sql.Rows, merged map[int64]int64, fn func(model.Article) error) error {
	defer rows.Close()
	for rows.Next() {
		var a model.Article
		var pub, fetched int64
		var mentions string
		if err := rows.Scan(&a.ID, &a.StoryID, &a.SourceID, &a.Language, &a.Title, &a.Text, &mentions, &pub, &fetched); err != nil {
			return err
		}
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
