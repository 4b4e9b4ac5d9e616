package store

import (
	"context"
	"database/sql"
	"errors"
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

// StoryContains reports whether any article of a story contains the phrase
// (case and diacritics folded by the FTS5 index); keyword topic rules use it.
func (s *Store) StoryContains(ctx context.Context, storyID int64, phrase string) (bool, error) {
	q := ftsPhrase(phrase)
	if q == "" {
		return false, nil
	}
	// One lookup per article, each constrained by rowid, so FTS5 seeks to that
	// document in the phrase's doclist instead of walking every article that
	// has the phrase (a cost that would grow with the store).
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM articles a WHERE a.story_id = ? AND EXISTS (
		SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = a.id) LIMIT 1`, storyID, q).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: story contains: %w", err)
	}
	return true, nil
}

// Search finds the stories whose articles match every word of text in their
// title or text, best matches first (BM25), at most limit.
func (s *Store) Search(ctx context.Context, text string, limit int) ([]model.Story, error) {
	q := ftsQuery(text)
	if q == "" {
		return nil, nil
	}
	ids, err := s.ids(ctx, `SELECT a.story_id FROM articles_fts f JOIN articles a ON a.id = f.rowid
		WHERE articles_fts MATCH ? GROUP BY a.story_id ORDER BY min(f.rank) LIMIT ?`, q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return s.storiesByID(ctx, ids)
}
