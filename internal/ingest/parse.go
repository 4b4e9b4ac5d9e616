// Package ingest turns fetched feed bytes into normalized articles: it parses RSS
// 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed with gofeed, then makes every item plain
// and comparable — absolute and canonical links, plain-text title and text, sane
// dates, a GUID even when the feed gives none, and a content hash.
package ingest

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/textfold"
	"github.com/intlwire/aggregator/internal/urlkit"
	"github.com/mmcdole/gofeed"
)

// Limits on what one item may keep, so that a hostile feed cannot bloat the store.
const (
	maxTitle   = 1000
	maxSummary = 600
	maxText    = 64 << 10
	maxHTML    = 256 << 10
	maxURL     = 2048
)

// Feed is a parsed, normalized feed.
type Feed struct {
	Title    string
	Link     string
	Language string
	TTL      time.Duration // RSS <ttl>, 0 when absent
	// UpdateInterval is the Syndication module's <sy:updatePeriod> divided
	// by <sy:updateFrequency>, 0 when absent.
	UpdateInterval time.Duration
	Articles       []model.Article
	Skipped        int // items dropped: beyond maxItems, or without title, text and link
	// Known counts the items left out unparsed because their bytes are
	// stored already (see Items.Parse).
	Known int
}

// ErrNotAFeed is returned for bytes that are not RSS, Atom or JSON Feed (an HTML
// page, an error message).
var ErrNotAFeed = errors.New("ingest: not a feed")

// Parse parses feed bytes (UTF-8) and normalizes up to maxItems items (0: all).
// feedURL is the URL the bytes came from; relative links resolve against the
// feed's own link or, failing that, feedURL. now is the fetch time.
func Parse(body []byte, feedURL string, maxItems int, now time.Time) (*Feed, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrNotAFeed)
	}
	body = capBody(body)
	p := newParser()
	// A feed with more items than are kept is cut before parsing, so the
	// dropped items cost nothing; if the cut body does not parse, the whole
	// one is parsed as before.
	cut, cutOff := capItems(body, maxItems)
	var f *gofeed.Feed
	var err error
	if cut != nil {
		if f, err = p.Parse(bytes.NewReader(cut)); err != nil {
			cutOff = 0
		}
	}
	if cut == nil || err != nil {
		f, err = p.Parse(bytes.NewReader(body))
	}
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("%w: %s", ErrNotAFeed, sniff(trimmed))
		}
		return nil, fmt.Errorf("ingest: parse: %w", err)
	}
	out, err := fromGofeed(f, body, feedURL, maxItems, now, nil)
	if err != nil {
		return nil, err
	}
	out.Skipped += cutOff
	return out, nil
}

// capBody cuts element text beyond maxRawText before anything parses it
// (see capText), or returns body as it is.
func capBody(body []byte) []byte {
	if capped := capText(body, maxRawText); capped != nil {
		return capped
	}
	return body
}

// newParser is gofeed's parser as the package uses it.
func newParser() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true} // see image.go
	return p
}

// fromGofeed normalizes a parsed feed. body is the whole document as
// fetched; hashes, when not nil, holds the raw hash of each of f's items.
func fromGofeed(f *gofeed.Feed, body []byte, feedURL string, maxItems int, now time.Time, hashes []string) (*Feed, error) {
	// gofeed takes any JSON object for a JSON Feed: an API error message
	// ({"error": ...}) would pass as an empty feed.
	if f.FeedType == "json" && !strings.Contains(f.FeedVersion, "jsonfeed.org/version/") && len(f.Items) == 0 {
		return nil, fmt.Errorf("%w: a JSON document that is not a JSON Feed", ErrNotAFeed)
	}
	out := &Feed{
		Title:    PlainText(f.Title, maxTitle),
		Link:     absURL(f.Link, feedURL),
		Language: normLang(f.Language),
	}
	if f.Custom != nil {
		out.TTL = ttl(f.Custom["ttl"])
	}
	if f.FeedType == "rss" && out.TTL == 0 {
		out.TTL = rssTTL(body)
	}
	out.UpdateInterval = syUpdateInterval(f)
	base := out.Link
	if base == "" {
		base = feedURL
	}
	seen := map[string]bool{}
	// Sized once: an Article is large, and growing the slice item by item
	// copied each feed's articles several times (a fifth of what
	// normalizing a cold round's feeds allocated).
	n := len(f.Items)
	if maxItems > 0 {
		n = min(n, maxItems)
	}
	if n > 0 {
		out.Articles = make([]model.Article, 0, n)
	}
	for i, it := range f.Items {
		if maxItems > 0 && len(out.Articles) >= maxItems {
			out.Skipped += len(f.Items) - i
			break
		}
		a, ok := normalize(it, base, out.Language, now)
		if !ok || seen[a.GUID] {
			out.Skipped++
			continue
		}
		if hashes != nil {
			a.RawHash = hashes[i]
		}
		seen[a.GUID] = true
		out.Articles = append(out.Articles, a)
	}
	return out, nil
}

func sniff(b []byte) string {
	head := strings.ToLower(string(b[:min(len(b), 512)]))
	if strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") {
		return "got an HTML page"
	}
	return "unrecognized format"
}

func normalize(it *gofeed.Item, base, feedLang string, now time.Time) (model.Article, bool) {
	a := model.Article{FetchedAt: now, Language: feedLang}
	a.Title = PlainText(it.Title, maxTitle)
	rawHTML := it.Content
	if rawHTML == "" {
		rawHTML = it.Description
	}
	if len(rawHTML) > maxHTML {
		rawHTML = rawHTML[:maxHTML]
	}
	a.Text = PlainText(rawHTML, maxText)
	a.URL = absURL(it.Link, base)
	if a.URL == "" && len(it.Links) > 0 {
		a.URL = absURL(it.Links[0], base)
	}
	// Keep HTML only when it is HTML: plain text would be stored twice.
	if strings.ContainsRune(rawHTML, '<') {
		a.ContentHTML = urlkit.ResolveHTML(stripBidi(rawHTML), cmp.Or(a.URL, base))
	}
	// A summary is kept only when the feed gives one that is not just the
	// start of the text; readers cut one from the text otherwise. When the
	// text was made from the description, whole, it is the description's
	// plain text: nothing to keep, nothing to make twice.
	if fromDescription := it.Content == "" && len(it.Description) <= maxHTML; !fromDescription {
		if desc := PlainText(it.Description, maxText); desc != "" && !strings.HasPrefix(a.Text, desc) {
			a.Summary = Excerpt(desc, maxSummary)
		}
	}
	if a.Title == "" {
		a.Title = Excerpt(cmp.Or(a.Summary, a.Text), 120)
	}
	a.CanonicalURL = urlkit.Canonical(a.URL, base)
	if a.Title == "" && a.Text == "" && a.URL == "" {
		return a, false
	}
	a.GUID = strings.TrimSpace(it.GUID)
	if a.GUID == "" || len(a.GUID) > maxURL {
		a.GUID = a.URL
	}
	if a.GUID == "" {
		a.GUID = "hash:" + shortHash([]byte(a.Title+"\x00"+a.Text))
	}
	a.Published = sane(it.PublishedParsed, now)
	a.Updated = sane(it.UpdatedParsed, now)
	if a.Published.IsZero() {
		a.Published = a.Updated
	}
	if a.Published.IsZero() {
		a.Published = now
	}
	if a.Updated.IsZero() || a.Updated.Before(a.Published) {
		a.Updated = a.Published
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		a.Author = PlainText(it.Authors[0].Name, 200)
	}
	if it.Image != nil {
		a.ImageURL = absURL(it.Image.URL, base)
	}
	if a.ImageURL == "" && it.Image == nil {
		a.ImageURL = absURL(itemImage(it.Content, it.Description), base)
	}
	for _, e := range it.Enclosures {
		if e == nil {
			continue
		}
		u := absURL(e.URL, base)
		if u == "" {
			continue
		}
		var n int64
		fmt.Sscan(e.Length, &n)
		a.Enclosures = append(a.Enclosures, model.Enclosure{URL: u, Type: e.Type, Length: n})
		if a.ImageURL == "" && strings.HasPrefix(e.Type, "image/") {
			a.ImageURL = u
		}
	}
	a.ContentHash = textfold.ContentHash(a.Title, a.Text)
	return a, true
}

// absURL is urlkit.Absolute for links of at most maxURL bytes: a longer
// link is dropped rather than stored.
func absURL(raw, base string) string {
	if len(strings.TrimSpace(raw)) > maxURL {
		return ""
	}
	return urlkit.Absolute(raw, base)
}

// sane drops dates that cannot be right: far in the future (clamped to now), or
// on or before the Unix epoch's first day, which feeds write for a missing date.
// An archive's old news (a 1986 report) keeps its date: the story stage needs
// it to tell events apart.
func sane(t *time.Time, now time.Time) time.Time {
	if t == nil || t.IsZero() || t.Unix() < 86400 {
		return time.Time{}
	}
	if t.After(now.Add(time.Hour)) {
		return now
	}
	return t.UTC()
}

func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) > 8 {
		return ""
	}
	return s
}

// shortHash is the hex form of the first 96 bits of b's SHA-256: an item's
// id when its feed gives none, and the hash of an item's bytes.
func shortHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:12])
}
