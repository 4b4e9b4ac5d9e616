package store

import (
	"strings"
	"unicode/utf8"

	"github.com/intlwire/aggregator/internal/model"
)

// PostgreSQL's text holds valid UTF-8 without NUL characters; SQLite stores
// any bytes. A feed that carries a NUL (a JSON feed's "\u0000") or a broken
// byte sequence must not fail its ingest on PostgreSQL every time it is
// fetched, so on PostgreSQL the text an ingest writes and looks up is made
// valid first — the same way for the lookup as for the insert, so the item
// is found again on the next fetch.

// pgText is s without NUL characters and with invalid UTF-8 replaced.
func pgText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// cleanArticle makes an article's text storable (see pgText) on PostgreSQL.
func (d *dialect) cleanArticle(a *model.Article) {
	if !d.postgres {
		return
	}
	for _, f := range []*string{&a.SourceID, &a.GUID, &a.URL, &a.CanonicalURL, &a.Title, &a.Summary, &a.ContentHTML,
		&a.Text, &a.Author, &a.Language, &a.ImageURL, &a.ContentHash, &a.RawHash} {
		*f = pgText(*f)
	}
}

// cleanState makes a fetch state's text storable (see pgText) on PostgreSQL.
func (d *dialect) cleanState(st *model.FetchState) {
	if !d.postgres {
		return
	}
	for _, f := range []*string{&st.SourceID, &st.URL, &st.ETag, &st.LastModified, &st.BodyHash, &st.LastError, &st.FeedTitle, &st.FeedLink, &st.ItemHashes} {
		*f = pgText(*f)
	}
}

// cleanStrings is pgText over a list, on PostgreSQL.
func (d *dialect) cleanStrings(ss []string) []string {
	if !d.postgres {
		return ss
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = pgText(s)
	}
	return out
}
