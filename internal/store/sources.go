package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// SourceStatus is a source with its fetch state and recent volume, for the
// `sources` command and health pages.
type SourceStatus struct {
	model.Source
	State        model.FetchState
	Configured   bool // still in sources.yaml
	ItemsLastDay int  // articles fetched in the last 24 hours
	Articles     int  // articles stored in all
}

// SyncSources makes the sources table match the configuration: new sources are
// added, changed names and URLs updated, removed ones marked unconfigured. Fetch
// state is kept, except that a source whose configured URL changed starts over.
func (s *Store) SyncSources(ctx context.Context, srcs []model.Source) error {
	same, err := s.sourcesAsConfigured(ctx, srcs)
	if err != nil {
		return err
	}
	if same {
		return nil // every command starts with this: most starts change nothing
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: sync sources: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE sources SET configured = 0`); err != nil {
		return fmt.Errorf("store: sync sources: %w", err)
	}
	upsert, err := tx.PrepareContext(ctx, `
			INSERT INTO sources (id, url, config_url, name, language, configured, host) VALUES (?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT(id) DO UPDATE SET
				name = excluded.name, language = excluded.language, configured = 1, host = excluded.host,
				url = CASE WHEN sources.config_url = excluded.config_url THEN sources.url ELSE excluded.url END,
				etag = CASE WHEN sources.config_url = excluded.config_url THEN sources.etag ELSE '' END,
				last_modified = CASE WHEN sources.config_url = excluded.config_url THEN sources.last_modified ELSE '' END,
				body_hash = CASE WHEN sources.config_url = excluded.config_url THEN sources.body_hash ELSE '' END,
				item_hashes = CASE WHEN sources.config_url = excluded.config_url THEN sources.item_hashes ELSE '' END,
				disabled = CASE WHEN sources.config_url = excluded.config_url THEN sources.disabled ELSE 0 END,
				config_url = excluded.config_url`)
	if err != nil {
		return fmt.Errorf("store: sync sources: %w", err)
	}
	defer upsert.Close()
	for _, src := range srcs {
		_, err := upsert.ExecContext(ctx, src.ID, src.URL, src.URL, src.Name, src.Language, sourceHost(src.URL))
		if err != nil {
			return fmt.Errorf("store: sync source %s: %w", src.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: sync sources: %w", err)
	}
	return nil
}

// sourcesAsConfigured reports whether the sources table already says what
// SyncSources would write: the same configured ids, each with the same URL,
// name, language and host (a store from before hosts were kept gets them on
// its first start).
func (s *Store) sourcesAsConfigured(ctx context.Context, srcs []model.Source) (bool, error) {
	want := make(map[string]model.Source, len(srcs))
	for _, src := range srcs {
		want[src.ID] = src
	}
	if len(want) != len(srcs) {
		return false, nil // a repeated id: let the writes decide
	}
	rows, err := s.w.QueryContext(ctx, `SELECT id, config_url, name, language, configured, host FROM sources`)
	if err != nil {
		return false, fmt.Errorf("store: sync sources: %w", err)
	}
	defer rows.Close()
	matched := 0
	for rows.Next() {
		var id, url, name, lang, host string
		var configured int
		if err := rows.Scan(&id, &url, &name, &lang, &configured, &host); err != nil {
			return false, fmt.Errorf("store: sync sources: %w", err)
		}
		src, ok := want[id]
		if ok != (configured == 1) || (ok && (src.URL != url || src.Name != name || src.Language != lang || sourceHost(src.URL) != host)) {
			return false, rows.Close()
		}
		if ok {
			matched++
		}
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("store: sync sources: %w", err)
	}
	return matched == len(want), nil
}

const stateCols = `id, url, etag, last_modified, body_hash, last_fetch, last_success, last_status,
	last_error, error_count, next_due, disabled, feed_title, feed_link, item_hashes`

func scanState(sc interface{ Scan(...any) error }, st *model.FetchState, extra ...any) error {
	var lastFetch, lastSuccess, nextDue int64
	var disabled int
	dest := []any{&st.SourceID, &st.URL, &st.ETag, &st.LastModified, &st.BodyHash, &lastFetch, &lastSuccess,
		&st.LastStatus, &st.LastError, &st.ErrorCount, &nextDue, &disabled, &st.FeedTitle, &st.FeedLink, &st.ItemHashes}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return err
	}
	st.LastFetch, st.LastSuccess, st.NextDue = fromUnix(lastFetch), fromUnix(lastSuccess), fromUnix(nextDue)
	st.Disabled = disabled != 0
	return nil
}

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("store: not found")

// FetchState returns the fetch state of one source.
func (s *Store) FetchState(ctx context.Context, id string) (model.FetchState, error) {
	var st model.FetchState
	err := scanState(s.r.QueryRowContext(ctx, `SELECT `+stateCols+` FROM sources WHERE id = ?`, id), &st)
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("store: source %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("store: fetch state %s: %w", id, err)
	}
	return st, nil
}

// SaveFetchState records the outcome of a fetch that stored no articles (a 304,
// an error, an unchanged body).
func (s *Store) SaveFetchState(ctx context.Context, st model.FetchState) error {
	s.d.cleanState(&st)
	if err := saveState(ctx, s.w, st); err != nil {
		return fmt.Errorf("store: save fetch state %s: %w", st.SourceID, err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func saveState(ctx context.Context, db execer, st model.FetchState) error {
	_, err := db.ExecContext(ctx, saveStateSQL, saveStateArgs(st)...)
	return err
}

// saveStateSQL writes one source's fetch state; saveStateArgs are its
// arguments.
// The same statement ends the lease of st.Lease, when that fetcher still
// holds it (a lease that passed to another owner is left alone): SET reads
// the row as it was, so both CASEs test the old claimed_by.
const saveStateSQL = `UPDATE sources SET url = ?, etag = ?, last_modified = ?, body_hash = ?,
		last_fetch = ?, last_success = ?, last_status = ?, last_error = ?, error_count = ?, next_due = ?,
		disabled = ?, feed_title = ?, feed_link = ?, item_hashes = ?16,
		claimed_by = CASE WHEN claimed_by = ?15 THEN '' ELSE claimed_by END,
		lease_until = CASE WHEN claimed_by = ?15 THEN 0 ELSE lease_until END
		WHERE id = ?14`

func saveStateArgs(st model.FetchState) []any {
	return []any{st.URL, st.ETag, st.LastModified, st.BodyHash, unix(st.LastFetch), unix(st.LastSuccess), st.LastStatus,
		st.LastError, st.ErrorCount, unix(st.NextDue), boolInt(st.Disabled), st.FeedTitle, st.FeedLink, st.SourceID, st.Lease, st.ItemHashes}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Sources lists every source with its health, configured ones first, by id.
func (s *Store) Sources(ctx context.Context, now time.Time) ([]SourceStatus, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+stateCols+`, name, language, configured,
		(SELECT count(*) FROM articles a WHERE a.source_id = sources.id AND a.fetched_at >= ?),
		(SELECT count(*) FROM articles a WHERE a.source_id = sources.id)
		FROM sources ORDER BY configured DESC, id`+s.d.binary, now.Add(-24*time.Hour).Unix())
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	var out []SourceStatus
	for rows.Next() {
		var ss SourceStatus
		var configured int
		if err := scanState(rows, &ss.State, &ss.Name, &ss.Language, &configured, &ss.ItemsLastDay, &ss.Articles); err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		ss.ID, ss.URL, ss.Configured = ss.State.SourceID, ss.State.URL, configured != 0
		out = append(out, ss)
	}
	return out, rows.Err()
}

// ArticlesSince counts the articles a source published (by their own date) at
// or after since; adaptive polling paces a source by it.
func (s *Store) ArticlesSince(ctx context.Context, sourceID string, since time.Time) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE source_id = ? AND published >= ?`, sourceID, since.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: articles since: %w", err)
	}
	return n, nil
}
