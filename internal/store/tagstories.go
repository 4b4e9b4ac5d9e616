package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// TagStories returns the newest stories carrying one tag (kind and stored
// id: the ISO code for countries, the taxonomy id otherwise; regions match
// rolled up, so "middle-east" finds stories about Syria), newest change first,
// for the feed of any tag. With window > 0 backlog stories are left out, as
// topic feeds leave them out (see model.Story.Backlog).
func (s *Store) TagStories(ctx context.Context, kind, id string, limit int, window time.Duration) ([]model.Story, error) {
	if kind == "" || id == "" || strings.ContainsAny(kind+id, " \t\n") {
		return nil, nil
	}
	word := "% " + escapeLike(kind+":"+id) + " %"
	q := `SELECT id FROM stories WHERE ' ' || tags || ' ' LIKE ? ESCAPE '\' `
	args := []any{word}
	if window > 0 {
		q += `AND ` + newsTimeCol + ` >= updated - ? `
		args = append(args, int64(window/time.Second))
	}
	q += `ORDER BY updated DESC, id DESC LIMIT ?`
	ids, err := s.ids(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: tag %s:%s: %w", kind, id, err)
	}
	return s.storiesByID(ctx, ids)
}

// escapeLike escapes the LIKE wildcards of s for ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
