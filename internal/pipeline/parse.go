package pipeline

import (
	"context"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/ingest"
	"github.com/intlwire/aggregator/internal/model"
)

// parse parses a fetched feed, leaving out the items whose bytes are stored
// already (the story stage's first question), when the feed can be cut
// into items; otherwise it parses the whole feed. fs is the source's fetch
// state as claimed; hashes are the raw hashes of all the feed's items, for
// the state to keep (model.FetchState.ItemHashes), "" when it could not be
// cut.
func (p *Pipeline) parse(ctx context.Context, fs model.FetchState, body []byte, maxItems int, now time.Time) (feed *ingest.Feed, hashes string, err error) {
	items := ingest.SplitItems(body, maxItems)
	if items == nil {
		feed, err = ingest.Parse(body, fs.URL, maxItems, now)
		return feed, "", err
	}
	seen, err := p.seen(ctx, fs, items.Hashes)
	if err != nil {
		return nil, "", err
	}
	feed, err = items.Parse(seen, fs.URL, now)
	return feed, strings.Join(items.Hashes, " "), err
}

// seen answers which of a feed's item hashes are stored. The items of the
// source's last stored fetch are in its state (ItemHashes), read with its
// claim: a feed that re-sends them needs no lookup. A source never fetched
// has stored nothing; only one whose state holds no list (stored before
// the list was kept) asks the store.
func (p *Pipeline) seen(ctx context.Context, fs model.FetchState, hashes []string) (map[string]bool, error) {
	switch {
	case fs.ItemHashes != "":
		known := make(map[string]bool, len(hashes))
		for _, h := range strings.Fields(fs.ItemHashes) {
			known[h] = true
		}
		return known, nil
	case fs.LastSuccess.IsZero():
		return nil, nil
	}
	return p.stage.Seen(ctx, fs.SourceID, hashes)
}
