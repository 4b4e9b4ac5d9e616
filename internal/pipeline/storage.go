package pipeline

import (
	"context"
	"time"

	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
)

// Store is everything the pipeline asks of storage. internal/store (SQLite)
// implements it; it is an interface so that another backend — PostgreSQL with
// several daemons sharing the fetching, see docs/scaling.md — can be added
// without touching the pipeline.
type Store interface {
	// SyncSources makes the stored sources match the configuration, keeping
	// fetch state.
	SyncSources(ctx context.Context, srcs []model.Source) error
	FetchState(ctx context.Context, id string) (model.FetchState, error)
	SaveFetchState(ctx context.Context, st model.FetchState) error
	// KnownItems answers the story stage's "is it new?" for a feed's GUIDs.
	KnownItems(ctx context.Context, sourceID string, guids []string) (map[string]string, error)
	// KnownRawItems answers it earlier, before parsing, for the hashes of
	// a feed's items as bytes.
	KnownRawItems(ctx context.Context, sourceID string, hashes []string) (map[string]bool, error)
	// Ingest stores one feed's articles, as the story stage decided them, and
	// its fetch state atomically.
	Ingest(ctx context.Context, st model.FetchState, arts []model.Article) (store.IngestResult, error)
	// PublicationPace counts a source's articles published since a time and
	// returns the oldest such publication date (adaptive polling).
	PublicationPace(ctx context.Context, sourceID string, since time.Time) (int, time.Time, error)
	// RecentDocs streams the articles fetched since a time (the story stage's index rebuild).
	RecentDocs(ctx context.Context, since time.Time, fn func(model.Article) error) error

	// StoryFacts loads what topic rules look at, one story per id.
	StoryFacts(ctx context.Context, ids []int64) ([]model.Story, error)
	// StoryFactsToUpdate is StoryFacts for a caller about to write those
	// stories' membership: read where the writer's cache is current.
	StoryFactsToUpdate(ctx context.Context, ids []int64) ([]model.Story, error)
	StoryIDsSince(ctx context.Context, since time.Time) ([]int64, error)
	SetTopics(ctx context.Context, ms []store.Membership) ([]string, error)
	DropTopicsExcept(ctx context.Context, keep []string) error
	KeywordArticles(ctx context.Context, key string) ([]int64, error)
	AddKeyword(ctx context.Context, key string, articleIDs []int64) error
	KeywordStories(ctx context.Context, key string) ([]int64, error)

	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

var _ Store = (*store.Store)(nil)
