// Package pipeline wires the aggregator's data flow for one source at a time —
// fetch → cut the feed into items, seen (an item of the last stored fetch,
// re-sent byte for byte, stops here: parse.go) → parse and normalize the
// rest → story stage, exact (an item already stored unchanged stops here; a
// copy of a stored text skips the stage's next steps) → tag (new and changed
// items only) → story stage, assign (copy or event) → store → topic
// membership — and runs it on a
// schedule. Everything up to the assignment runs on the round's workers in
// parallel; the assignment, the store write and topic membership are one
// writer's, which takes the feeds waiting for it as one group (writer.go). It holds no SQL and renders nothing: storage is
// internal/store, rendering internal/publish, which it notifies of changed topics.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/dedupe"
	"github.com/intlwire/aggregator/internal/fetch"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/rule"
	"github.com/intlwire/aggregator/internal/story"
	"github.com/intlwire/aggregator/internal/tag"
)

// Pipeline fetches sources and stores what they bring. It is safe for concurrent
// use; Reload swaps the configuration atomically.
type Pipeline struct {
	sources    SourceStore
	articles   ArticleStore
	topicStore TopicStore
	leases     Leases     // nil: this pipeline is the only fetcher
	assignment Assignment // nil: this pipeline is the only writer of articles
	owner      string     // the name this fetcher claims sources under
	claims     claimGroup // the scheduler's claims, batched (claimbatch.go)
	log        *slog.Logger
	client     atomic.Pointer[fetch.Client]
	cur        atomic.Pointer[state]
	stage      *story.Stage // read it after indexReady

	// indexMu guards the story stage's rebuild from the stored window,
	// done by the first feed that brings items (indexReady), not at start:
	// a command or a round that stores nothing never reads the window.
	indexMu    sync.Mutex
	indexBuilt atomic.Bool // set once, under indexMu; warmUp reads it without

	// ingestMu is the writer: it serializes story assignment, the store
	// write and the stage's index updates of one group of feeds at a time,
	// so an article committed by one group is in the indexes before the
	// next is assigned. queue holds the feeds waiting for it (writer.go).
	ingestMu sync.Mutex
	queue    writeQueue

	clock func() time.Time
	// reloaded wakes the scheduler (RunUntil) when Reload installs a new
	// state, so that a reload's due sources are fetched at once rather
	// than at the scheduler's next look. Buffered: a reload never waits.
	reloaded chan struct{}

	notifyMu sync.Mutex
	onChange func(slugs []string)
	metrics  *Metrics

	storeHealth storeHealth // whether the last store write of a fetch failed
	states      *stateBatch // fetch states of fetches that stored no articles, group-committed
	tally       tally       // fetches since the last round line (LogRounds)

	rotating sync.Map // source ids already logged as rotating item identifiers
}

// state is one configuration snapshot: everything a round needs.
type state struct {
	cfg *config.Config
	// tagger is built on first use: a round where no feed brings an item
	// to tag never decodes the taxonomy (see config.Config.Taxonomy).
	tagger  func() *tag.Tagger
	topics  []compiledTopic
	sources []model.Source
	// keywords are the folded phrases of the topics' keyword atoms, looked
	// for in every article at ingest.
	keywords []string
	// tagged remembers what the tagger and the keywords found in the
	// texts tagged last (see tagMemo).
	tagged *tagMemo
}

// keywordsOf returns the folded keyword phrases of the topics' rules.
func keywordsOf(topics []compiledTopic) []string {
	exprs := make([]rule.Expr, len(topics))
	for i, t := range topics {
		exprs[i] = t.expr
	}
	return rule.Keywords(exprs...)
}

// Options configures a Pipeline.
type Options struct {
	Store Store
	// Leases, when set, shares the fetch work with other fetchers on the
	// same database: a source is fetched only after this pipeline claimed
	// it under Owner (see docs/scaling.md). Nil fetches without claiming.
	Leases Leases
	// Owner names this fetcher in its leases (host, process and a random
	// part, so that a restarted process is a new owner).
	Owner string
	// Assignment, when set, serializes story assignment with the other
	// processes ingesting into the same database and catches the story
	// stage up with what they stored (see docs/scaling.md). Nil assumes
	// this pipeline is the only one storing articles.
	Assignment Assignment
	Config     *config.Config
	Tagger     *tag.Tagger // built from Config.Taxonomy, when first needed, when nil
	Logger     *slog.Logger
	Metrics    *Metrics // optional
	OnChange   func(slugs []string)
	// Now is the clock (time.Now when nil). Replays and the scale tool set it
	// to ingest history as if it had arrived over months.
	Now func() time.Time
}

// New builds a pipeline. The story stage's indexes are rebuilt from the
// stored articles inside the dedupe window when the first feed brings items,
// and the tagger's matcher is built when the first feed body arrives.
func New(ctx context.Context, o Options) (*Pipeline, error) {
	p := &Pipeline{sources: o.Store, articles: o.Store, topicStore: o.Store, leases: o.Leases, owner: o.Owner,
		assignment: o.Assignment, log: o.Logger, onChange: o.OnChange, metrics: o.Metrics, clock: o.Now,
		reloaded: make(chan struct{}, 1)}
	if p.clock == nil {
		p.clock = time.Now
	}
	p.states = &stateBatch{save: o.Store.SaveFetchStates}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	st, err := newState(o.Config, o.Tagger, p.log)
	if err != nil {
		return nil, err
	}
	p.cur.Store(st)
	p.client.Store(newClient(o.Config, o.Metrics))
	p.stage = story.NewStage(o.Store, storyOptions(o.Config))
	if err := p.sources.SyncSources(ctx, st.sources); err != nil {
		return nil, err
	}
	// Topic rules or taxonomy edited since the last run: bring membership up to date.
	if err := p.RecomputeTopics(ctx, RecomputeLookback, false); err != nil {
		return nil, err
	}
	return p, nil
}

func newState(cfg *config.Config, t *tag.Tagger, log *slog.Logger) (*state, error) {
	tagger := func() *tag.Tagger { return t }
	if t == nil {
		tagger = sync.OnceValue(func() *tag.Tagger { return buildTagger(cfg, log) })
	}
	topics, err := compileTopics(cfg.Topics)
	if err != nil {
		return nil, err
	}
	st := &state{cfg: cfg, tagger: tagger, topics: topics, sources: cfg.ModelSources(), tagged: &tagMemo{}}
	st.keywords = keywordsOf(topics)
	return st, nil
}

// buildTagger builds the tagger of cfg's taxonomy, or reads it from the
// compiled-tagger cache (tag.FromConfig: a build writes the cache in the
// background). config.Load validated the taxonomy, so the build does not
// fail on it; should it, the error is logged and nothing is tagged, rather
// than no feed stored.
func buildTagger(cfg *config.Config, log *slog.Logger) *tag.Tagger {
	t, err := tag.FromConfig(cfg)
	if err == nil {
		log.Debug("pipeline: tagger", "from_cache", t.Loaded())
	} else {
		log.Error("pipeline: taxonomy: tagging nothing", "error", err)
		t, _ = tag.New(nil)
	}
	return t
}

func newClient(cfg *config.Config, m *Metrics) *fetch.Client {
	f := cfg.Fetch
	o := fetch.Options{
		UserAgent: f.UserAgent, Timeout: f.Timeout.D(), MaxBody: int64(f.MaxBody), MaxRedirects: f.MaxRedirects,
		AllowPrivate: f.AllowPrivateAddresses, Concurrency: f.Concurrency, PerHost: f.PerHost,
	}
	if m != nil {
		o.Metrics = m.Fetch
	}
	return fetch.NewClient(o)
}

// Reload switches to a new, already validated configuration: sources are synced
// (fetch state kept), topics recomputed over recent stories. The tagger is
// kept when the taxonomy files are the same (their hash, TaxonomyKey):
// building it again is most of a reload's CPU, and its matcher is then
// built again by the next feed, in every fetcher of a fleet at once.
func (p *Pipeline) Reload(ctx context.Context, cfg *config.Config) error {
	st, err := newState(cfg, nil, p.log)
	if err != nil {
		return err
	}
	if old := p.current(); cfg.TaxonomyKey != "" && cfg.TaxonomyKey == old.cfg.TaxonomyKey {
		st.tagger = old.tagger // built or not yet, still the same one
	}
	if err := p.sources.SyncSources(ctx, st.sources); err != nil {
		return err
	}
	p.cur.Store(st)
	p.client.Store(newClient(cfg, p.metrics))
	select {
	case p.reloaded <- struct{}{}:
	default: // a wake-up is pending already: it installs the newest state
	}
	return p.RecomputeTopics(ctx, RecomputeLookback, false)
}

func (p *Pipeline) current() *state { return p.cur.Load() }

// Tagger returns the tagger of the current configuration.
func (p *Pipeline) Tagger() *tag.Tagger { return p.current().tagger() }

// Sources returns the configured sources of the current configuration.
func (p *Pipeline) Sources() []model.Source { return p.current().sources }

func (p *Pipeline) notify(slugs []string) {
	if len(slugs) == 0 || p.onChange == nil {
		return
	}
	p.notifyMu.Lock()
	defer p.notifyMu.Unlock()
	p.onChange(slugs)
}

// SetOnChange sets the function told which topic feeds changed.
func (p *Pipeline) SetOnChange(fn func(slugs []string)) {
	p.notifyMu.Lock()
	p.onChange = fn
	p.notifyMu.Unlock()
}

// storyOptions are the story stage's settings from the configuration.
func storyOptions(cfg *config.Config) story.Options {
	d := cfg.Dedupe
	return story.Options{
		Copies: dedupe.Options{Window: d.Window.D(), Threshold: d.Threshold},
		Events: story.EventOptions{Window: d.Window.D(), Threshold: d.EventThreshold},
	}
}

// Config returns the current configuration.
func (p *Pipeline) Config() *config.Config { return p.current().cfg }

// PruneIndex drops articles older than the dedupe window from the story
// stage's indexes, so their memory follows the window, not the store.
func (p *Pipeline) PruneIndex(now time.Time) {
	p.indexMu.Lock()
	defer p.indexMu.Unlock()
	if p.indexBuilt.Load() { // else the rebuild will read the window as it is then
		p.stage.Prune(now.Add(-p.current().cfg.Dedupe.Window.D()))
	}
}

// indexReady rebuilds the story stage's indexes from the stored articles
// inside the dedupe window, once, before the first feed is assigned. A
// failed rebuild leaves a fresh stage, tried again by the next feed.
func (p *Pipeline) indexReady(ctx context.Context) error {
	p.indexMu.Lock()
	defer p.indexMu.Unlock()
	if p.indexBuilt.Load() {
		return nil
	}
	cfg := p.current().cfg
	if err := p.stage.Rebuild(ctx, p.articles.RecentDocs, p.now().Add(-cfg.Dedupe.Window.D())); err != nil {
		p.stage = story.NewStage(p.articles, storyOptions(cfg))
		return fmt.Errorf("pipeline: story index: %w", err)
	}
	p.indexBuilt.Store(true)
	return nil
}

// warmUp readies, for a feed that brings items, the two things every such
// feed needs and that are built once, on first use: the tagger's matcher
// and the story stage's window. It builds them at once, the window on a
// goroutine of its own. One after the other, the first feed of a round
// that brings items held every worker for both, with a core idle: in a
// changed round of 1,000 feeds, 85 ms of tagger and then 70 ms of window
// out of a round of a second. A rebuild that fails here is tried again,
// and reported, by prepare.
func (p *Pipeline) warmUp(ctx context.Context, st *state) {
	if p.indexBuilt.Load() {
		st.tagger().Prepare()
		return
	}
	built := make(chan struct{})
	go func() {
		defer close(built)
		_ = p.indexReady(ctx)
	}()
	st.tagger().Prepare()
	<-built
}

// now is the pipeline's clock, in UTC.
func (p *Pipeline) now() time.Time { return p.clock().UTC() }
