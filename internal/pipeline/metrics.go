package pipeline

import (
	"github.com/intlwire/aggregator/internal/fetch"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/prometheus/client_golang/prometheus"
	"time"
)

// Metrics are the pipeline's Prometheus collectors. A nil *Metrics records
// nothing, so tests and one-shot commands need not register any.
type Metrics struct {
	Fetch       *fetch.Metrics
	outcomes    *prometheus.CounterVec
	articles    prometheus.Counter
	updated     prometheus.Counter
	duplicates  prometheus.Counter
	stories     prometheus.Counter
	tags        *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
	// The assignment lock (docs/scaling.md): how often this process took
	// it, how long it waited for it and how long it held it — what tells
	// an operator whether the fleet's one-at-a-time ingest is the bound.
	lockTaken, lockWait, lockHeld prometheus.Counter
	// The writer's groups (writer.go): how many, and how many feeds they
	// held — a group of one in a busy round says the writer is not the bound.
	groups, groupFeeds prometheus.Counter
	// The scheduler's claims (claimbatch.go): statements, the sources they
	// asked for (the ratio is how much batching saves the fleet's claim
	// lock) and those left because their host had all the leases
	// fetch.per_host allows (many says politeness bounds the round).
	claimStatements, claimSources, claimHostBusy prometheus.Counter
}

// NewMetrics creates and registers the pipeline's collectors on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Fetch: fetch.NewMetrics(reg),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "aggregator_source_fetches_total", Help: "Source fetches by outcome (fetched, not_modified, failed, disabled).",
		}, []string{"outcome"}),
		articles:   prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_articles_stored_total", Help: "New articles stored."}),
		updated:    prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_articles_updated_total", Help: "Stored articles changed in place."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_duplicates_total", Help: "Exact duplicates recorded as sightings."}),
		stories:    prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_stories_created_total", Help: "Stories created."}),
		tags: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "aggregator_tags_total", Help: "Tags given to new articles, by kind (country, region, place, actor, topic).",
		}, []string{"kind"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "aggregator_source_last_success_timestamp_seconds", Help: "Unix time of the last successful fetch per source.",
		}, []string{"source"}),
	}
	m.lockTaken = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_assignment_lock_acquisitions_total",
		Help: "Times this process took the story assignment lock (one per write group with new or changed items)."})
	m.lockWait = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_assignment_lock_wait_seconds_total",
		Help: "Time spent waiting for the story assignment lock."})
	m.lockHeld = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_assignment_lock_held_seconds_total",
		Help: "Time the story assignment lock was held: catch-up, assignment and the ingest transaction."})
	m.groups = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_write_groups_total",
		Help: "Groups of fetched feeds the writer stored, each in one transaction."})
	m.groupFeeds = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_write_group_feeds_total",
		Help: "Fetched feeds the writer stored in groups (divided by aggregator_write_groups_total: the mean group size)."})
	m.claimStatements = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_claim_statements_total",
		Help: "Claim statements the scheduler sent (each claims the sources that asked while the one before was in flight)."})
	m.claimSources = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_claim_sources_total",
		Help: "Sources the scheduler's claim statements asked for, won or not."})
	m.claimHostBusy = prometheus.NewCounter(prometheus.CounterOpts{Name: "aggregator_claim_host_busy_total",
		Help: "Sources a claim left because their host had all the leases fetch.per_host allows fleet-wide (claimed again shortly)."})
	reg.MustRegister(m.outcomes, m.articles, m.updated, m.duplicates, m.stories, m.tags, m.lastSuccess,
		m.lockTaken, m.lockWait, m.lockHeld, m.groups, m.groupFeeds, m.claimStatements, m.claimSources, m.claimHostBusy)
	return m
}

func (m *Metrics) fetched(r SourceResult) {
	if m == nil {
		return
	}
	m.outcomes.WithLabelValues(r.Outcome).Inc()
	if r.Outcome == OutcomeFetched || r.Outcome == OutcomeNotModified {
		m.lastSuccess.WithLabelValues(r.Source).SetToCurrentTime()
	}
}

// assignmentLock counts one hold of the assignment lock.
func (m *Metrics) assignmentLock(wait, held time.Duration) {
	if m == nil {
		return
	}
	m.lockTaken.Inc()
	m.lockWait.Add(wait.Seconds())
	m.lockHeld.Add(held.Seconds())
}

// wroteGroup counts one group the writer stored.
func (m *Metrics) wroteGroup(feeds int) {
	if m == nil {
		return
	}
	m.groups.Inc()
	m.groupFeeds.Add(float64(feeds))
}

// claimed counts one claim statement of the scheduler: the sources it
// asked for and those left for a busy host.
func (m *Metrics) claimed(sources, hostBusy int) {
	if m == nil {
		return
	}
	m.claimStatements.Inc()
	m.claimSources.Add(float64(sources))
	m.claimHostBusy.Add(float64(hostBusy))
}

func (m *Metrics) ingested(r model.IngestResult) {
	if m == nil {
		return
	}
	m.articles.Add(float64(r.New))
	m.updated.Add(float64(r.Updated))
	m.duplicates.Add(float64(r.Duplicates))
	m.stories.Add(float64(r.NewStories))
	for _, a := range r.Added {
		t := a.Tags
		for kind, n := range map[string]int{model.KindCountry: len(t.Countries), model.KindRegion: len(t.Regions),
			model.KindPlace: len(t.Places), model.KindActor: len(t.Actors), model.KindTopic: len(t.Topics)} {
			m.tags.WithLabelValues(kind).Add(float64(n))
		}
	}
}
