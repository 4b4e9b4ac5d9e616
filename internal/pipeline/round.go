package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/intlwire/aggregator/internal/fetch"
	"github.com/intlwire/aggregator/internal/ingest"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/rule"
	"github.com/intlwire/aggregator/internal/story"
)

// Outcomes of one source fetch.
const (
	OutcomeFetched     = "fetched"
	OutcomeNotModified = "not_modified"
	OutcomeFailed      = "failed"
	OutcomeDisabled    = "disabled"
)

// SourceResult is what fetching one source did.
type SourceResult struct {
	Source     string        `json:"source"`
	URL        string        `json:"url"`
	Outcome    string        `json:"outcome"`
	Status     int           `json:"status"`
	Error      string        `json:"error,omitempty"`
	MovedTo    string        `json:"moved_to,omitempty"` // new URL after a permanent redirect
	Items      int           `json:"items"`
	New        int           `json:"new"`
	Updated    int           `json:"updated"`
	Duplicates int           `json:"duplicates"`
	Unchanged  int           `json:"unchanged"` // items already stored as they are: looked up, nothing else
	Unparsed   int           `json:"unparsed"`  // of those, the items re-sent byte for byte: not even parsed
	NewStories int           `json:"new_stories"`
	Bytes      int64         `json:"bytes"`
	Duration   time.Duration `json:"-"`
	NextDue    time.Time     `json:"next_due"`
}

// Summary is the outcome of one fetch round; its JSON form is the contract of
// `aggregator fetch -json`.
type Summary struct {
	Sources     int            `json:"sources"`
	Fetched     int            `json:"fetched"`
	NotModified int            `json:"not_modified"`
	Failed      int            `json:"failed"`
	NewArticles int            `json:"new_articles"`
	Duplicates  int            `json:"duplicates"`
	Stories     int            `json:"stories"`
	Seconds     float64        `json:"seconds"`
	Results     []SourceResult `json:"-"`
}

// RoundOptions selects the sources of a round.
type RoundOptions struct {
	All    bool   // every enabled source, due or not
	Source string // only this source id
}

// Round fetches the due sources (or those selected) concurrently and stores
// what they bring. A failing source is reported in the summary, never fatal.
func (p *Pipeline) Round(ctx context.Context, o RoundOptions) (Summary, error) {
	start := time.Now()
	st := p.current()
	var srcs []model.Source
	for _, s := range st.sources {
		if o.Source != "" && s.ID != o.Source {
			continue
		}
		if s.Disabled && o.Source == "" {
			continue
		}
		srcs = append(srcs, s)
	}
	if o.Source != "" && len(srcs) == 0 {
		return Summary{}, fmt.Errorf("pipeline: no source %q in the configuration", o.Source)
	}
	states, err := p.sources.FetchStates(ctx)
	if err != nil {
		return Summary{}, err
	}
	if !o.All && o.Source == "" {
		srcs = due(srcs, states, p.now())
	}
	// Hand sources out host by host in turn, so that workers do not all queue
	// behind one host's per-host limit while other hosts sit idle.
	urls := make([]string, len(srcs))
	for i, s := range srcs {
		urls[i] = s.URL
	}
	order := fetch.InterleaveByHost(urls)
	results := make([]SourceResult, len(srcs))
	work := make(chan roundJob)
	var wg sync.WaitGroup
	for range max(1, min(st.cfg.Fetch.Concurrency, len(srcs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if j.known {
					results[j.i] = p.fetchWithState(ctx, srcs[j.i], j.state)
				} else {
					results[j.i] = p.FetchSource(ctx, srcs[j.i]) // not stored: fails as not found
				}
			}
		}()
	}
	if p.leases == nil {
		for _, i := range order {
			fs, ok := states[srcs[i].ID]
			if !send(ctx, work, roundJob{i: i, state: fs, known: ok}) {
				break
			}
		}
	} else {
		p.dispatchClaimed(ctx, st, srcs, order, o.All || o.Source != "", work, results)
	}
	close(work)
	wg.Wait()
	sum := Summary{Results: make([]SourceResult, 0, len(results))}
	for i, r := range results {
		if r.Outcome == outcomeClaimedElsewhere {
			continue // another fetcher fetched it: not this round's
		}
		if r.Source == "" { // not started: the context ended first
			results[i] = SourceResult{Source: srcs[i].ID, URL: srcs[i].URL, Outcome: OutcomeFailed, Error: "round cancelled"}
			r = results[i]
		}
		switch r.Outcome {
		case OutcomeFetched:
			sum.Fetched++
		case OutcomeNotModified:
			sum.NotModified++
		default:
			sum.Failed++
		}
		sum.NewArticles += r.New
		sum.Duplicates += r.Duplicates
		sum.Stories += r.NewStories
		sum.Results = append(sum.Results, r)
	}
	sum.Sources = len(sum.Results)
	sum.Seconds = time.Since(start).Seconds()
	p.logRound(sum)
	return sum, ctx.Err()
}

// due keeps the sources whose next fetch time has come.
func due(srcs []model.Source, states map[string]model.FetchState, now time.Time) []model.Source {
	var out []model.Source
	for _, s := range srcs {
		fs := states[s.ID]
		if !fs.Disabled && !fs.NextDue.After(now) {
			out = append(out, s)
		}
	}
	return out
}

// outcomeClaimedElsewhere marks a source a round left alone because
// another fetcher holds it (or, for a due-only round, fetched it meanwhile).
const outcomeClaimedElsewhere = "claimed_elsewhere"

// roundJob is one source of a round handed to a worker: its index in the
// round and the fetch state to fetch it from (known: the state was found).
type roundJob struct {
	i     int
	state model.FetchState
	known bool
}

// send hands j to a worker, unless ctx ends first.
func send(ctx context.Context, work chan<- roundJob, j roundJob) bool {
	select {
	case work <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

// dispatchClaimed hands a fetcher of a fleet its sources of a round: it
// claims them in order, a batch per statement, and claims the next batch
// only once the workers took the last one, so that a lease is not held long
// by a source waiting for a worker. The state each claim returns is the one
// the fetch starts from and, written, ends the lease; a source the round
// claimed and could not hand out (it was stopped) is released. force
// claims sources whether due or not.
func (p *Pipeline) dispatchClaimed(ctx context.Context, st *state, srcs []model.Source, order []int, force bool, work chan<- roundJob, results []SourceResult) {
	size := max(minClaimBatch, 2*st.cfg.Fetch.Concurrency)
	lease := leaseFor(st.cfg)
	for len(order) > 0 && ctx.Err() == nil {
		chunk := order[:min(size, len(order))]
		order = order[len(chunk):]
		ids := make([]string, len(chunk))
		for k, i := range chunk {
			ids[k] = srcs[i].ID
		}
		won, hostBusy, err := p.leases.ClaimSourcesPolitely(ctx, ids, p.owner, p.now(), lease, force, st.cfg.Fetch.PerHost)
		if err != nil {
			for _, i := range chunk {
				results[i] = p.claimFailed(ctx, srcs[i], err)
			}
			continue
		}
		byID, busy := claimOutcome(won, hostBusy)
		for k, i := range chunk {
			fs, ok := byID[srcs[i].ID]
			switch {
			case busy[srcs[i].ID]:
				order = append(order, i) // its host is busy: claimed again after the rest
				continue
			case !ok:
				results[i] = SourceResult{Source: srcs[i].ID, URL: srcs[i].URL, Outcome: outcomeClaimedElsewhere}
				continue
			}
			if !send(ctx, work, roundJob{i: i, state: fs, known: true}) {
				p.releaseUnsent(ctx, chunk[k:], srcs, byID)
				return
			}
		}
		if len(won) == 0 && len(hostBusy) > 0 && !pause(ctx, hostRetryMin) {
			return // only busy hosts left: wait for their leases to end
		}
	}
}

// minClaimBatch is the least number of sources a round claims per statement.
const minClaimBatch = 32

// releaseUnsent gives back the claims of a stopped round's sources that no
// worker took, so that other fetchers need not wait for the leases to end.
func (p *Pipeline) releaseUnsent(ctx context.Context, rest []int, srcs []model.Source, claimed map[string]model.FetchState) {
	var ids []string
	for _, i := range rest {
		if _, ok := claimed[srcs[i].ID]; ok {
			ids = append(ids, srcs[i].ID)
		}
	}
	if err := p.leases.ReleaseSources(context.WithoutCancel(ctx), ids, p.owner); err != nil {
		p.log.Warn("release", "sources", len(ids), "error", err)
	}
}

// FetchSource runs the whole pipeline for one source and records the outcome.
func (p *Pipeline) FetchSource(ctx context.Context, src model.Source) SourceResult {
	fs, err := p.sources.FetchState(ctx, src.ID)
	if err != nil {
		return SourceResult{Source: src.ID, URL: src.URL, Outcome: OutcomeFailed, Error: err.Error()}
	}
	return p.fetchWithState(ctx, src, fs)
}

// fetchWithState is FetchSource from the source's stored fetch state fs.
func (p *Pipeline) fetchWithState(ctx context.Context, src model.Source, fs model.FetchState) SourceResult {
	st := p.current()
	res := SourceResult{Source: src.ID, URL: src.URL}
	if fs.URL != "" {
		res.URL = fs.URL
	}
	fl := p.queue.start() // on its way to the writer (gather.go)
	defer fl.end()
	now := p.now()
	client := p.client.Load()
	resp, err := client.Fetch(ctx, fetch.Request{SourceID: src.ID, URL: res.URL, ETag: fs.ETag, LastModified: fs.LastModified, BodyHash: fs.BodyHash})
	fs.LastFetch = now
	if resp != nil {
		res.Status, res.Bytes, res.Duration = resp.Status, resp.Bytes, resp.Duration
		fs.LastStatus = resp.Status
		if resp.PermanentURL != "" && resp.PermanentURL != fs.URL {
			res.MovedTo, fs.URL = resp.PermanentURL, resp.PermanentURL
			p.log.Warn("source moved permanently", "source", src.ID, "from", res.URL, "to", resp.PermanentURL)
		}
	}
	if err != nil {
		return p.failed(ctx, st, &fs, res, resp, err)
	}
	var feed *ingest.Feed
	var hashes string
	if !resp.NotModified && !resp.Unchanged {
		feed, hashes, err = p.parse(ctx, fs, resp.Body, st.cfg.Fetch.MaxItems, now)
		if err != nil {
			return p.failed(ctx, st, &fs, res, resp, err)
		}
		if len(feed.Articles) > 0 {
			p.warmUp(ctx, st) // built while other requests are in flight
		}
	}
	prev := fs // what to record if storing fails: the new validators must not be kept then
	fs.ErrorCount, fs.LastError, fs.LastSuccess = 0, "", now
	fs.ETag, fs.LastModified = resp.ETag, resp.LastModified
	if resp.BodyHash != "" {
		fs.BodyHash = resp.BodyHash
	}
	fs.NextDue = p.dueAfterFetch(ctx, st, src, now, resp, feed)
	res.NextDue = fs.NextDue
	if feed == nil {
		res.Outcome = OutcomeNotModified
		err := p.states.write(ctx, fs)
		p.storeHealth.record(err)
		if err != nil {
			res.Outcome, res.Error = OutcomeFailed, err.Error()
		}
		p.logResult(res)
		return res
	}
	fs.FeedTitle, fs.FeedLink, fs.ItemHashes = feed.Title, feed.Link, hashes
	res.Items = len(feed.Articles) + feed.Known
	if stored, err := p.save(ctx, st, fs, feed, fl, &res); err != nil {
		if !stored {
			// Nothing was written (a locked, full or read-only database):
			// record the failure (count, error, backoff) with the old
			// validators and body hash, since with the new ones the next
			// fetch would see "not modified" or "unchanged" and the items
			// would never be stored.
			prev.LastFetch, prev.LastStatus, prev.URL = fs.LastFetch, fs.LastStatus, fs.URL
			res = p.failed(ctx, st, &prev, res, resp, err)
			p.storeHealth.record(err)
			return res
		}
		// The articles and fetch state are committed; only topic membership
		// failed, which the next recompute (start, reload) repairs.
		res.Outcome, res.Error = OutcomeFailed, err.Error()
		p.logResult(res)
		return res
	}
	p.storeHealth.record(nil)
	p.repace(ctx, st, src, now, resp, feed, &fs, &res)
	res.Outcome = OutcomeFetched
	p.logResult(res)
	return res
}

// save runs the story stage and the store for one parsed feed: the items
// already stored unchanged are dropped first (one batched lookup), the rest
// are tagged and prepared without a lock, then handed to the writer, which
// assigns them to stories, writes them in one transaction with the other
// feeds waiting, adds them to the stage's indexes and updates the topic
// membership of the touched stories (see writer.go).
// fl is the feed's flight (nil: not counted), which ends when the feed is
// handed to the writer. stored reports whether the transaction committed,
// also when an error follows.
func (p *Pipeline) save(ctx context.Context, st *state, fs model.FetchState, feed *ingest.Feed, fl *flight, res *SourceResult) (stored bool, err error) {
	batch, err := p.prepare(ctx, st, fs.SourceID, feed.Articles)
	if err != nil {
		return false, err
	}
	// One writer, by group commit (see writer.go): assignment, the store
	// write, the index update and the topic membership of this feed and
	// of those waiting beside it.
	w := &pendingWrite{ctx: ctx, fs: fs, batch: batch}
	p.writeFeed(st, w, fl)
	ir, stored, err := w.ir, w.stored, w.err
	if !stored {
		return false, err
	}
	ir.Unchanged += batch.Unchanged + feed.Known
	res.New, res.Updated, res.Duplicates, res.NewStories = ir.New, ir.Updated, ir.Duplicates, ir.NewStories
	res.Unchanged, res.Unparsed = ir.Unchanged, feed.Known
	p.noteRotation(fs.SourceID, ir.Rotated)
	p.metrics.ingested(ir)
	return true, err
}

// prepare is the story stage's work on a feed's articles that needs no
// lock: the lookup that drops those stored unchanged, the tagging of the
// rest and their sketches and signals.
func (p *Pipeline) prepare(ctx context.Context, st *state, sourceID string, arts []model.Article) (*story.Batch, error) {
	if err := p.indexReady(ctx); err != nil {
		return nil, err
	}
	src := sourceByID(st.sources, sourceID)
	batch, err := p.stage.Fresh(ctx, sourceID, arts)
	if err != nil {
		return nil, err
	}
	for i := range batch.Articles {
		a := &batch.Articles[i]
		if a.Language == "" {
			a.Language = src.Language
		}
		p.tag(st, a)
	}
	p.stage.Prepare(batch)
	return batch, nil
}

// tag finds an article's tags and the topic rules' keywords in it, or
// takes them from the state's memo when the same title and text were
// tagged already (a syndicated copy: see tagMemo).
func (p *Pipeline) tag(st *state, a *model.Article) {
	k := tagKey(a.Title, a.Text)
	if t, ok := st.tagged.get(k); ok {
		a.Tags, a.Mentions = t.tags, t.mentions
		return
	}
	r := st.tagger().Tag(a.Title, a.Text)
	a.Tags, a.Mentions = r.TagSet, r.Mentions
	if len(st.keywords) > 0 {
		text := rule.NewText(a.Title + "\n" + a.Text)
		for _, k := range st.keywords {
			if text.Has(k) {
				a.Tags.Keywords = append(a.Tags.Keywords, k)
			}
		}
	}
	st.tagged.put(k, tagged{tags: a.Tags, mentions: a.Mentions})
}

func sourceByID(srcs []model.Source, id string) model.Source {
	for _, s := range srcs {
		if s.ID == id {
			return s
		}
	}
	return model.Source{ID: id}
}

// failed records a failed fetch: error count, last error, backoff; 410 Gone
// disables the source.
func (p *Pipeline) failed(ctx context.Context, st *state, fs *model.FetchState, res SourceResult, resp *fetch.Response, err error) SourceResult {
	now := p.now()
	fs.ErrorCount++
	fs.LastError = err.Error()
	var retryAfter time.Duration
	if resp != nil {
		retryAfter = resp.RetryAfter
	}
	fs.NextDue = now.Add(fetch.Backoff(fs.ErrorCount, retryAfter, st.cfg.Fetch.MaxInterval.D(), rand.Float64))
	res.Outcome, res.Error = OutcomeFailed, err.Error()
	if errors.Is(err, fetch.ErrGone) {
		fs.Disabled = true
		res.Outcome = OutcomeDisabled
		p.log.Warn("source is gone (410): disabled until its URL changes in the config", "source", fs.SourceID)
	}
	var se *fetch.StatusError
	if errors.As(err, &se) {
		res.Status = se.Status
		fs.LastStatus = se.Status
	}
	res.NextDue = fs.NextDue
	serr := p.states.write(ctx, *fs)
	p.storeHealth.record(serr)
	if serr != nil {
		res.Error += "; " + serr.Error()
	}
	p.logResult(res)
	return res
}

func (p *Pipeline) logResult(r SourceResult) {
	p.metrics.fetched(r)
	p.tally.add(r)
	args := []any{"source", r.Source, "outcome", r.Outcome, "status", r.Status, "duration", r.Duration.Round(time.Millisecond),
		"bytes", r.Bytes, "new", r.New, "duplicates", r.Duplicates}
	if r.Error != "" {
		p.log.Warn("fetch", append(args, "error", r.Error)...)
		return
	}
	p.log.Info("fetch", args...)
}
