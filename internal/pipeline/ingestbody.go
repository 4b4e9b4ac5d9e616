package pipeline

import (
	"context"
)

// IngestBody runs the pipeline after the fetch — parse, normalize, tag, dedupe,
// store, topic membership — on feed bytes for a configured source, as if the
// source had just served them. Replays, benchmarks and fuzzing use it; the
// fetcher's path is FetchSource.
func (p *Pipeline) IngestBody(ctx context.Context, sourceID string, body []byte) (SourceResult, error) {
	st := p.current()
	res := SourceResult{Source: sourceID}
	fs, err := p.sources.FetchState(ctx, sourceID)
	if err != nil {
		return res, err
	}
	now := p.now()
	feed, hashes, err := p.parse(ctx, fs, body, st.cfg.Fetch.MaxItems, now)
	if err != nil {
		return res, err
	}
	fs.LastFetch, fs.LastSuccess, fs.ItemHashes = now, now, hashes
	res.Items = len(feed.Articles) + feed.Known
	if _, err := p.save(ctx, st, fs, feed, nil, &res); err != nil {
		return res, err
	}
	res.Outcome = OutcomeFetched
	return res, nil
}
