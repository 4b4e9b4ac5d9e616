package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// candidates are the stored articles that may match a write group's items
// (those matching any item's keys, read at once before the first item is
// put, and those the group inserted since), indexed by each key the lookup
// statement matches on. An item's lookup is then a few map reads instead of
// one query per item: a cold round of 1,000 feeds looks up 39,000 items, and
// their queries were a fifth of the writer's CPU time.
type candidates struct {
	rows   []storedKeys
	byItem map[[2]string][]int // source and GUID → rows
	byURL  map[string][]int    // canonical URL (not empty) → rows
	byHash map[string][]int    // content hash → rows
}

func newCandidates() *candidates {
	return &candidates{byItem: map[[2]string][]int{}, byURL: map[string][]int{}, byHash: map[string][]int{}}
}

// add makes k a candidate: a stored article, or one the group inserted.
func (c *candidates) add(k storedKeys) {
	i := len(c.rows)
	c.rows = append(c.rows, k)
	item := [2]string{k.source, k.guid}
	c.byItem[item] = append(c.byItem[item], i)
	if k.canonical != "" {
		c.byURL[k.canonical] = append(c.byURL[k.canonical], i)
	}
	c.byHash[k.hash] = append(c.byHash[k.hash], i)
}

// find answers an item's lookup as the lookup statement does (see
// keysMatch): of the candidates matching any of its keys, the item itself
// first, then the lowest id; found is false when none matches.
func (c *candidates) find(a *model.Article) (m match, found bool) {
	var best *storedKeys
	consider := func(rows []int) {
		for _, i := range rows {
			k := &c.rows[i]
			same := k.source == a.SourceID && k.guid == a.GUID
			bestSame := best != nil && best.source == a.SourceID && best.guid == a.GUID
			if best == nil || (same && !bestSame) || (same == bestSame && k.id < best.id) {
				best = k
			}
		}
	}
	consider(c.byItem[[2]string{a.SourceID, a.GUID}])
	if a.CanonicalURL != "" {
		consider(c.byURL[a.CanonicalURL])
	}
	consider(c.byHash[hashKey(a)])
	if best == nil {
		return m, false
	}
	return match{id: best.id, storyID: best.storyID, hash: best.hash,
		same: best.source == a.SourceID && best.guid == a.GUID, own: best.source == a.SourceID}, true
}

// readCandidatesSQL is SQLite's read of a group's candidates: the stored
// articles matching any item's keys (?1 a JSON array of [source, GUID]
// pairs; ?2 of canonical URLs; ?3 of content hash keys), each key by its
// own index. An article matching by several keys is returned once per key.
const readCandidatesSQL = `SELECT a.id, a.story_id, a.source_id, a.guid, a.canonical_url, a.content_hash
	FROM json_each(?1) AS k CROSS JOIN articles AS a ON a.source_id = k.value ->> 0 AND a.guid = k.value ->> 1
	UNION ALL SELECT id, story_id, source_id, guid, canonical_url, content_hash FROM articles
		WHERE canonical_url IN (SELECT value FROM json_each(?2)) AND canonical_url <> ''
	UNION ALL SELECT id, story_id, source_id, guid, canonical_url, content_hash FROM articles
		WHERE content_hash IN (SELECT value FROM json_each(?3))`

// readCandidates reads, on SQLite, the candidates of a group's items in one
// statement (readCandidatesSQL), before any item is put.
func (w *writer) readCandidates(ctx context.Context, feeds []model.FeedWrite) error {
	// The three JSON arrays are written as they go (see appendJSONString):
	// encoding/json's reflection over the group's keys was a tenth of the
	// read.
	items, urls, hashes := []byte{'['}, []byte{'['}, []byte{'['}
	n := 0
	for _, f := range feeds {
		for i := range f.Articles {
			a := &f.Articles[i]
			if !jsonSafe(f.State.SourceID) || !jsonSafe(a.GUID) || !jsonSafe(a.CanonicalURL) || !jsonSafe(a.ContentHash) {
				return nil // the lookup statement answers, with the keys as they are
			}
			a.SourceID = f.State.SourceID
			items = appendJSONString(append(jsonComma(items), '['), a.SourceID) // [source,
			items = append(appendJSONString(append(items, ','), a.GUID), ']')   // GUID]
			if a.CanonicalURL != "" {
				urls = appendJSONString(jsonComma(urls), a.CanonicalURL)
			}
			hashes = appendJSONString(jsonComma(hashes), hashKey(a))
			n++
		}
	}
	if n == 0 {
		return nil
	}
	rows, err := w.readCands.QueryContext(ctx, string(append(items, ']')), string(append(urls, ']')), string(append(hashes, ']')))
	if err != nil {
		return err
	}
	defer rows.Close()
	c := newCandidates()
	seen := map[int64]bool{}
	for rows.Next() {
		var k storedKeys
		if err := rows.Scan(&k.id, &k.storyID, &k.source, &k.guid, &k.canonical, &k.hash); err != nil {
			return err
		}
		if !seen[k.id] {
			seen[k.id] = true
			c.add(k)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.cands = c
	return w.readJoined(ctx, feeds)
}

// readStoriesSQL reads the facts of the stories of one parameter (see
// dialect.inIDs), as storyFacts reads one.
var readStoriesSQL = `SELECT id, tags, outlets FROM stories WHERE ` + sqliteDialect.inIDs("id")

// readJoined reads, on SQLite, the facts of the stored stories the group's
// items will join, in one statement: those of the articles they duplicate
// and those they were decided into (see put). A cold round's copies join
// a few hundred stories a group, each read by a query of its own before.
func (w *writer) readJoined(ctx context.Context, feeds []model.FeedWrite) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, f := range feeds {
		for i := range f.Articles {
			a := &f.Articles[i]
			id := a.StoryID
			if m, found := w.cands.find(a); found {
				if m.same || m.own {
					continue
				}
				id = m.storyID
			}
			if id > 0 && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := w.readStories.QueryContext(ctx, sqliteDialect.idsArg(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tags, outlets string
		if err := rows.Scan(&id, &tags, &outlets); err != nil {
			return err
		}
		w.knowStory(id, tags, outlets)
	}
	return rows.Err()
}

// jsonComma appends the comma before an array's next element: b holds
// the array so far, from its '['.
func jsonComma(b []byte) []byte {
	if len(b) > 1 {
		return append(b, ',')
	}
	return b
}

// appendJSONString appends s as a JSON string, as SQLite's JSON functions
// read it back: quotes, backslashes and control characters escaped, the
// rest as it is (s is valid UTF-8 without NUL: see jsonSafe).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	return append(append(b, s[start:]...), '"')
}

// jsonSafe reports whether a key passes through JSON unchanged: JSON text
// holds valid UTF-8 only (encoding/json would replace a stray byte), and a
// NUL would end the string SQLite compares.
func jsonSafe(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
