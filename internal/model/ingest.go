package model

import "time"

// IngestResult says what storing one feed's articles did. It is a model type,
// not a store type, so that the pipeline's storage roles name no backend.
type IngestResult struct {
	New        int     // articles stored for the first time
	Updated    int     // articles whose title or text changed (same source and GUID)
	Duplicates int     // exact duplicates of stored articles (same canonical URL or content), recorded as sightings
	Unchanged  int     // items already stored as they are
	Pruned     int     // items whose article retention pruned (a tombstone): not stored again
	Rotated    int     // items the source already carries under another GUID or URL (rotating identifiers)
	NewStories int     // stories created
	Stories    []int64 // stories created or changed, for topic membership
	// Added holds the new articles with their ids and story ids, for the
	// near-duplicate index.
	Added []Article
	// Created marks the stories this ingest created (their articles are in
	// Added), so topic rules can be evaluated without reading them back.
	Created map[int64]bool
	// Provisional maps the negative story ids of the decisions to the stories
	// they became.
	Provisional map[int64]int64
}

// FeedWrite is one fetched feed's share of a group written in one
// transaction (see store.IngestGroup): its fetch state and its articles as
// the story stage decided them.
type FeedWrite struct {
	State    FetchState
	Articles []Article
	// Merges are the stage's decisions that stored stories report earlier
	// stories' events (see Merge), recorded in the same transaction.
	Merges []Merge
}

// Membership is the set of topics one story belongs to now.
type Membership struct {
	StoryID int64
	Updated time.Time
	Topics  []string
	New     bool // the story was created just now: it has no membership yet
}
