package ingest

import (
	"bytes"
	"time"
)

// Items is an XML feed cut textually into its items, each with the hash of
// its bytes. A changed feed re-sends its old items byte for byte, so the
// story stage can ask which hashes are stored and Parse then hands gofeed
// only the items that are new: in a daemon's steady state (a feed of fifty
// items with one new) the forty-nine cost one lookup, not a parse each.
type Items struct {
	body       []byte
	head, tail []byte   // the document around the items
	chunks     [][]byte // the items, in feed order, at most maxItems
	// Hashes holds the hash of each item's bytes, in feed order.
	Hashes []string
	// Skipped counts the items beyond maxItems, left out.
	Skipped  int
	maxItems int
}

// SplitItems cuts an RSS 0.9x/2.0, RSS 1.0 or Atom feed into its items, or
// returns nil when it cannot do so safely: another shape (JSON Feed,
// prefixed item elements), an item that does not close, CDATA sections or
// comments that do not balance inside an item, or anything but white space
// between two items. The caller then parses the whole body with Parse.
func SplitItems(body []byte, maxItems int) *Items {
	body = capBody(body)
	item := itemElement(rootElement(body))
	if item == "" {
		return nil
	}
	open, end := []byte("<"+item), []byte("</"+item+">")
	it := &Items{body: body, maxItems: maxItems}
	pos, last := 0, -1
	for {
		start := indexElement(body[pos:], open)
		if start < 0 {
			break
		}
		start += pos
		if last >= 0 && len(bytes.TrimSpace(body[last:start])) > 0 {
			return nil
		}
		stop := bytes.Index(body[start:], end)
		if stop < 0 {
			return nil
		}
		stop += start + len(end)
		chunk := body[start:stop]
		if !balanced(chunk) || indexElement(chunk[1:], open) >= 0 {
			return nil
		}
		if last < 0 {
			it.head = body[:start]
		}
		if maxItems > 0 && len(it.chunks) >= maxItems {
			it.Skipped++
		} else {
			it.chunks = append(it.chunks, chunk)
			it.Hashes = append(it.Hashes, shortHash(chunk))
		}
		pos, last = stop, stop
	}
	if last < 0 {
		return nil // no items: nothing to save by cutting
	}
	it.tail = body[last:]
	return it
}

// indexElement finds the start tag of an element named by open ("<item"),
// not of a longer name ("<items").
func indexElement(b, open []byte) int {
	pos := 0
	for {
		i := bytes.Index(b[pos:], open)
		if i < 0 {
			return -1
		}
		at := pos + i + len(open)
		if at < len(b) && bytes.IndexByte([]byte(" \t\r\n>/"), b[at]) >= 0 {
			return pos + i
		}
		pos = at
	}
}

// balanced reports whether every CDATA section and comment that opens in
// an item also closes in it: otherwise a closing tag the split found may be
// text inside one.
func balanced(chunk []byte) bool {
	return bytes.Count(chunk, []byte("<![CDATA[")) == bytes.Count(chunk, []byte("]]>")) &&
		bytes.Count(chunk, []byte("<!--")) == bytes.Count(chunk, []byte("-->"))
}

// Parse parses the feed with only the items whose hash is not in known,
// like the package's Parse; the left-out items are counted in Feed.Known,
// and each article carries its item's hash (model.Article.RawHash). When
// the cut document does not parse as one item per kept piece, the whole
// body is parsed instead (without hashes), as Parse would.
func (it *Items) Parse(known map[string]bool, feedURL string, now time.Time) (*Feed, error) {
	// Room for the items kept and the "+0000" of one pubDate each
	// (pubdate.go): the document is not copied again as it grows, nor
	// made the size of the whole body when one item of fifty is new.
	size := len(it.head) + len(it.tail)
	for i, c := range it.chunks {
		if !known[it.Hashes[i]] {
			size += len(c) + 2
		}
	}
	doc := make([]byte, 0, size)
	doc = append(doc, it.head...)
	var hashes []string
	for i, c := range it.chunks {
		if known[it.Hashes[i]] {
			continue
		}
		doc = appendNumericGMT(doc, c) // see pubdate.go
		hashes = append(hashes, it.Hashes[i])
	}
	doc = append(doc, it.tail...)
	f, err := newParser().Parse(bytes.NewReader(doc))
	if err != nil || len(f.Items) != len(hashes) {
		return Parse(it.body, feedURL, it.maxItems, now)
	}
	out, err := fromGofeed(f, it.body, feedURL, 0, now, hashes)
	if err != nil {
		return nil, err
	}
	out.Known = len(it.chunks) - len(hashes)
	out.Skipped += it.Skipped
	return out, nil
}
