package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/intlwire/aggregator/internal/model"
)

// ftsQuery turns free text into an FTS5 query that cannot be a syntax error:
// every word becomes a quoted term, and all terms must match. An empty result
// means there is nothing to search for.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}

// ftsPhrase makes an FTS5 phrase query of text: its words, in order, adjacent.
func ftsPhrase(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return ""
	}
	return `"` + strings.Join(words, " ") + `"`
}

// KeywordArticles lists the articles whose title or text contains a
// keyword phrase, given by its folded key (words joined by "_"), using the
// full-text index. Topic-rule keywords are tagged at ingest; this finds them
// in what was stored before a rule named them.
func (s *Store) KeywordArticles(ctx context.Context, key string) ([]int64, error) {
	q := ftsPhrase(strings.ReplaceAll(key, "_", " "))
	if q == "" {
		return nil, nil
	}
	ids, err := s.ids(ctx, s.ftsSQL(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?`,
		`SELECT id FROM articles_fts WHERE doc @@ phraseto_tsquery('simple', ?)`), s.ftsArg(q, key))
	if err != nil {
		return nil, fmt.Errorf("store: keyword %s: %w", key, err)
	}
	return ids, nil
}

// KeywordStories lists the stories with an article containing a keyword
// phrase (by its folded key), through the full-text index, without storing
// anything: previews of draft rules use it.
func (s *Store) KeywordStories(ctx context.Context, key string) ([]int64, error) {
	q := ftsPhrase(strings.ReplaceAll(key, "_", " "))
	if q == "" {
		return nil, nil
	}
	ids, err := s.ids(ctx, s.ftsSQL(`SELECT DISTINCT a.story_id FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ?`,
		`SELECT DISTINCT a.story_id FROM articles_fts f JOIN articles a ON a.id = f.id WHERE f.doc @@ phraseto_tsquery('simple', ?)`), s.ftsArg(q, key))
	if err != nil {
		return nil, fmt.Errorf("store: keyword %s: %w", key, err)
	}
	return ids, nil
}

// AddKeyword tags articles, and their stories, with a keyword key.
func (s *Store) AddKeyword(ctx context.Context, key string, articleIDs []int64) error {
	if len(articleIDs) == 0 {
		return nil
	}
	word := model.KindKeyword + ":" + key
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: add keyword: %w", err)
	}
	defer tx.Rollback()
	const batch = 500
	for i := 0; i < len(articleIDs); i += batch {
		in, args := inList(articleIDs[i:min(i+batch, len(articleIDs))])
		for _, table := range []string{"articles WHERE id IN " + in, "stories WHERE id IN (SELECT story_id FROM articles WHERE id IN " + in + ")"} {
			q := `UPDATE ` + strings.Replace(table, " WHERE ", ` SET tags = trim(tags || ' ' || ?) WHERE `+s.d.instr+`(' ' || tags || ' ', ' ' || ? || ' ') = 0 AND `, 1)
			if _, err := tx.ExecContext(ctx, q, append([]any{word, word}, args...)...); err != nil {
				return fmt.Errorf("store: add keyword: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: add keyword: %w", err)
	}
	return nil
}

// Search finds the stories whose articles match every word of text in their
// title or text, best matches first (BM25), at most limit.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]model.Story, error) {
	q := ftsQuery(text)
	if q == "" {
		return nil, nil
	}
	ids, err := s.ids(ctx, s.ftsSQL(`SELECT a.story_id FROM articles_fts f JOIN articles a ON a.id = f.rowid
		WHERE articles_fts MATCH ?1 GROUP BY a.story_id ORDER BY min(f.rank) LIMIT ?2`,
		`SELECT a.story_id FROM articles_fts f JOIN articles a ON a.id = f.id
		WHERE f.doc @@ plainto_tsquery('simple', ?1) GROUP BY a.story_id
		ORDER BY max(ts_rank(f.doc, plainto_tsquery('simple', ?1))) DESC, a.story_id DESC LIMIT ?2`), s.ftsArg(q, text), limit)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return s.storiesByID(ctx, ids)
}

// ftsSQL picks the full-text query of the store's dialect: SQLite's FTS5
// or PostgreSQL's tsvector index.
func (s *Store) ftsSQL(sqlite, postgres string) string {
	if s.d.postgres {
		return postgres
	}
	return sqlite
}

// ftsArg is the search argument of the dialect: SQLite takes the FTS5 query
// made of the text (ftsQuery, ftsPhrase), PostgreSQL the text folded as the
// index was (searchFold), parsed by plainto_tsquery (all words) or
// phraseto_tsquery (the words in order).
func (s *Store) ftsArg(fts5, text string) string {
	if s.d.postgres {
		return searchFold(strings.ReplaceAll(text, "_", " "))
	}
	return fts5
}
