package pipeline

import (
	"context"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/story"
)

// The pipeline asks storage for four small things, each an interface of its
// own named after the role it plays, defined here by their consumer and
// speaking only model types: any backend (SQLite today, PostgreSQL for a
// fleet, see docs/scaling.md) that fills the roles runs the pipeline.

// SourceStore keeps the configured sources and each one's fetch state.
type SourceStore interface {
	// SyncSources makes the stored sources match the configuration, keeping
	// fetch state.
	SyncSources(ctx context.Context, srcs []model.Source) error
	FetchState(ctx context.Context, id string) (model.FetchState, error)
	// FetchStates returns every stored source's fetch state, by id (read
	// once per round).
	FetchStates(ctx context.Context) (map[string]model.FetchState, error)
	SaveFetchState(ctx context.Context, st model.FetchState) error
	// SaveFetchStates writes several fetch states in one transaction.
	SaveFetchStates(ctx context.Context, states []model.FetchState) error
	// PublicationPace counts a source's articles published since a time and
	// returns the oldest such publication date (adaptive polling).
	PublicationPace(ctx context.Context, sourceID string, since time.Time) (int, time.Time, error)
}

// ArticleStore stores what a feed brings and answers the story stage.
type ArticleStore interface {
	// Known answers the story stage's "is it new?" for a feed's item
	// hashes and GUIDs.
	story.Known
	// IngestGroup stores several feeds' articles, as the story stage
	// decided them, and their fetch states in one transaction, feed after
	// feed, all or nothing; it returns each feed's result.
	IngestGroup(ctx context.Context, feeds []model.FeedWrite) ([]model.IngestResult, error)
	// RecentDocs streams the articles fetched since a time (the story stage's index rebuild).
	RecentDocs(ctx context.Context, since time.Time, fn func(model.Article) error) error
}

// TopicStore keeps topic membership and what it is computed from.
type TopicStore interface {
	// StoryFacts loads what topic rules look at, one story per id.
	StoryFacts(ctx context.Context, ids []int64) ([]model.Story, error)
	// StoryFactsToUpdate is StoryFacts for a caller about to write those
	// stories' membership: read where the writer's cache is current.
	StoryFactsToUpdate(ctx context.Context, ids []int64) ([]model.Story, error)
	StoryIDsSince(ctx context.Context, since time.Time) ([]int64, error)
	SetTopics(ctx context.Context, ms []model.Membership) ([]string, error)
	DropTopicsExcept(ctx context.Context, keep []string) error
	KeywordArticles(ctx context.Context, key string) ([]int64, error)
	AddKeyword(ctx context.Context, key string, articleIDs []int64) error
	KeywordStories(ctx context.Context, key string) ([]int64, error)
	// Meta and SetMeta keep the fingerprint of the rules membership was
	// computed with.
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Leases share the fetch work between fetchers on one database: a source is
// fetched by the one that claims it (see store.ClaimSources).
type Leases interface {
	// ClaimSourcesPolitely gives those of ids that are due at now (or all,
	// with force) and not leased to another owner to owner until
	// now+lease, in one statement, and returns their fetch states with
	// Lease set: writing such a state (SaveFetchState(s), Ingest) ends the
	// lease. It keeps every host within perHost live leases fleet-wide
	// (store.ClaimSourcesPolitely), returning the ids it left for that
	// reason as hostBusy: claim them again later.
	ClaimSourcesPolitely(ctx context.Context, ids []string, owner string, now time.Time, lease time.Duration, force bool, perHost int) (won []model.FetchState, hostBusy []string, err error)
	// ReleaseSources ends owner's leases on sources it claimed and then did
	// not fetch.
	ReleaseSources(ctx context.Context, ids []string, owner string) error
}

// Store is a backend that plays every role; Options.Store takes one, so
// callers with a whole store need not name each role.
type Store interface {
	SourceStore
	ArticleStore
	TopicStore
}
