// Package model holds the plain data structures that flow through the aggregator:
// sources, articles, stories and tags. It has no behaviour and no dependencies so
// that every layer can share it without import cycles.
package model

import "time"

// Tag kinds, as used in the taxonomy and in stored tags.
const (
	KindRegion  = "region"
	KindCountry = "country"
	KindPlace   = "place"
	KindActor   = "actor"
	KindTopic   = "topic"
	// KindPhrase is a taxonomy entry that names something else than the
	// place inside it ("French fries", "Turkish delight"): matching it hides
	// that place's name, and it is never a tag.
	KindPhrase = "phrase"
	// KindContext is a taxonomy entry that holds wire-copy context words
	// rather than a name: its type says which rule they feed ("reaction":
	// "condemned by" before a country), and it is never matched or tagged.
	KindContext = "context"
	// KindKeyword marks a topic-rule phrase found in the text (see TagSet.Keywords).
	KindKeyword = "keyword"
)

// Context rule types: what the words of a context entry (KindContext) say
// about a place named beside them. docs/taxonomy.md ("Wire copy") explains
// each; the tagger weighs the place less, or not at all.
const (
	ContextReaction    = "reaction"    // before a name or a list: who reacted ("condemned by")
	ContextMeeting     = "meeting"     // before a name: where a meeting was held ("talks in")
	ContextExample     = "example"     // before a name or a list: one example of many ("including")
	ContextEthnic      = "ethnic"      // before a demonym: an ethnicity ("ethnic Albanian")
	ContextPress       = "press"       // after a demonym, before a verb of speaking: the press quoted ("news agencies")
	ContextSweep       = "sweep"       // "from … to": the ends of a sweep across places
	ContextRefuge      = "refuge"      // before a name: where someone fled ("fled to")
	ContextDestination = "destination" // before a name: where someone was heading ("bound for")
	ContextFormer      = "former"      // before a name or demonym, or one word before it: an office held before ("former Soviet leader")
	ContextReacted     = "reacted"     // a word (stem) in a sentence after the lead: the countries named in it reacted ("condemned")
)

// ContextTypes lists the context rule types, for validation and docs.
func ContextTypes() []string {
	return []string{ContextReaction, ContextMeeting, ContextExample, ContextEthnic, ContextPress,
		ContextSweep, ContextRefuge, ContextDestination, ContextFormer, ContextReacted}
}

// Source is one configured feed.
type Source struct {
	ID       string   // stable, unique, [a-z0-9-]
	URL      string   // feed URL
	Name     string   // display name; empty means the feed's own title
	Schedule string   // cron spec or "@every 10m"; empty means the default
	Language string   // BCP 47 language of the source, optional
	Tags     []string // editor-assigned labels (e.g. from OPML categories)
	Disabled bool     // configured off by the editor
}

// FetchState is what the fetcher remembers about a source between rounds.
type FetchState struct {
	SourceID     string
	URL          string // current URL (permanent redirects update it)
	ETag         string
	LastModified string
	BodyHash     string // hash of the last body, to skip parsing unchanged feeds without validators
	LastFetch    time.Time
	LastSuccess  time.Time
	LastStatus   int    // HTTP status of the last attempt (0: network error)
	LastError    string // empty after a success
	ErrorCount   int    // consecutive failures
	NextDue      time.Time
	Disabled     bool   // set by the fetcher on 410 Gone
	FeedTitle    string // the feed's own title
	FeedLink     string // the feed's own site link
	// ItemHashes are the raw hashes (ingest.Items.Hashes) of the items of
	// the last fetch whose items were stored, space-separated: the next
	// fetch leaves the items it re-sends byte for byte out of the parse
	// without asking the store. "" when unknown (never fetched, or not a
	// feed that could be cut into items).
	ItemHashes string
	// Lease names the fetcher whose claim on the source ends when this
	// state is written ("" for none): recording a fetch releases its lease
	// in the same statement, so a fetch costs no separate release.
	Lease string
}

// Enclosure is a media file attached to an article.
type Enclosure struct {
	URL    string
	Type   string
	Length int64
}

// Article is one item from one source, normalized.
type Article struct {
	ID           int64
	SourceID     string
	GUID         string // the feed's id for the item, or a derived one when absent
	URL          string // the link as the feed gave it (absolute)
	CanonicalURL string // see urlkit.Canonical
	Title        string // plain text
	Summary      string // plain text, short
	ContentHTML  string // sanitized HTML, may be empty
	Text         string // plain text of the whole item (title excluded)
	Author       string
	Language     string
	ImageURL     string
	Enclosures   []Enclosure
	Published    time.Time
	Updated      time.Time
	FetchedAt    time.Time
	ContentHash  string // hash of the normalized title and text
	// RawHash is the hash of the item's bytes as the feed sent them, when
	// the feed could be cut into items (see ingest.SplitItems); the next
	// fetch recognizes an unchanged item by it before parsing.
	RawHash string
	// StoryID is the article's story. Before the store writes a new article
	// it holds the story stage's decision: a stored story's id to join, 0 for
	// a story of its own, or a negative number shared by the articles of one
	// feed that start one new story together.
	StoryID  int64
	Tags     TagSet
	Mentions []Mention
	Join     Join // why the article is in its story
}

// Join paths: how an article came to be in its story.
const (
	JoinFirst = "first" // it started the story
	JoinCopy  = "copy"  // a near-verbatim copy of an article of the story (MinHash)
	JoinEvent = "event" // another write-up of the story's event
	JoinExact = "exact" // the same item, page or text as a stored article
	JoinMerge = "merge" // (a story's) it turned out to report an earlier story's event
)

// Merge is the story stage's decision that a stored story reports the same
// event as an earlier one: the later story is recorded as merged into the
// earlier, keeps its feed item (which points to the earlier one) and takes
// no new articles; the earlier keeps its id, item and lead and gains the
// later one's outlets. Why holds the evidence, for explain: the two
// stories' similarity, the taxonomy ids they share, the time between them.
type Merge struct {
	From int64 // the later story
	Into int64 // the earlier story
	Why  Join
}

// Join says why an article is in its story, for explain.
type Join struct {
	Path          string   `json:"path"`
	Score         float64  `json:"score,omitempty"`          // the similarity that decided
	Shared        []string `json:"shared,omitempty"`         // taxonomy ids shared with the story
	GapSeconds    int64    `json:"gap_seconds,omitempty"`    // from the story's nearest article
	CrossLanguage bool     `json:"cross_language,omitempty"` // joined on ids, numbers and time alone
}

// TagSet is the result of tagging a text: the ids of what the text is about.
// Geographic roll-up (Idlib → Syria → Levant → Middle East) is already applied
// to Regions; Countries holds ISO 3166-1 alpha-2 codes.
type TagSet struct {
	Countries []string // ISO codes of the countries the text is about (salient)
	Regions   []string // region ids, rolled up
	Places    []string // place ids (sub-national, contested areas)
	Actors    []string // actor ids
	Topics    []string // topic ids
	// Venue is the ISO code of the dateline's country ("LONDON (Reuters) -"
	// is GB), or "": where the reporter stood, kept apart from Countries
	// (what the text is about); a country may be both.
	Venue string
	// Keywords are the keyword phrases of the topic rules that the text
	// contains, in folded form (see rule.KeywordKey); kept so that rules are
	// answered without searching the text again.
	Keywords []string
}

// Mention is one piece of evidence: a word or phrase in the text that matched a
// taxonomy entry.
type Mention struct {
	Tag    string `json:"tag"`    // taxonomy entry id
	Kind   string `json:"kind"`   // entry kind
	Text   string `json:"text"`   // the matched text as it appears
	Offset int    `json:"offset"` // byte offset in the tagged text
}

// Story is a cluster of articles that report the same thing.
type Story struct {
	ID        int64
	Key       string // stable public id, never changes as articles join
	Title     string
	FirstSeen time.Time
	Updated   time.Time // moves when an article joins or changes
	// Published is the news time of the story's newest article (see
	// Article.NewsTime), filled in by storage where it reads no articles;
	// zero means "compute it from Articles".
	Published time.Time
	// Lead is the representative article, also present in Articles.
	Lead     Article
	Articles []Article
	// Sightings are exact copies of the story's articles seen elsewhere (the
	// same page under a tracked URL, the same text on another site): stored
	// once, but their outlets carried the story too.
	Sightings []Sighting
	// Carriers are the outlets that carried the story as storage keeps
	// them in the story's row, filled by readers that load no articles
	// (the topic rules' facts): 32 bytes an outlet where an Article per
	// outlet took 568 (a fifth of a cold round's allocations).
	Carriers []Outlet
	Tags     TagSet
	// MergedInto is set when the story turned out to report the event of an
	// earlier story (see Merge): its item stays in the feeds that carried
	// it and points to that story; new articles join that story instead.
	MergedInto *StoryRef
	// Merged are the later stories merged into this one (their articles
	// and sightings are in Articles and Sightings), with why.
	Merged []StoryRef
}

// Outlet is one outlet that carried a story: a source and the language it
// wrote in.
type Outlet struct {
	Source, Language string
}

// StoryRef names another story: a merged story's earlier one, with why
// they were merged.
type StoryRef struct {
	ID      int64
	Key     string
	Title   string
	LeadURL string // the link of its lead article
	Why     Join
}

// Sighting is one more place an article was seen: another source, or the
// same source under another URL.
type Sighting struct {
	SourceID string
	URL      string
	SeenAt   time.Time
}

// Outlets returns the distinct source ids that carried the story — its
// articles', its sightings' and its carriers' — lead first.
func (s *Story) Outlets() []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	add(s.Lead.SourceID)
	for _, a := range s.Articles {
		add(a.SourceID)
	}
	for _, g := range s.Sightings {
		add(g.SourceID)
	}
	for _, c := range s.Carriers {
		add(c.Source)
	}
	return out
}
