// Package config loads and validates the aggregator's YAML configuration:
// aggregator.yaml, the sources and topics files, and the taxonomy directory.
// Every problem is reported with its file, line and column so that an editor's
// typo never reaches a running daemon.
package config

import (
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

// Config is the whole validated configuration.
type Config struct {
	Path   string `yaml:"-"` // the main file, as given
	Listen string `yaml:"listen"`
	// AdminListen, when set, is a second address that alone serves the
	// admin routes (/metrics, /sources): keep it on loopback or a private
	// network and the public listener answers them 404.
	AdminListen string `yaml:"admin_listen"`
	BaseURL     string `yaml:"base_url"`
	Database    string `yaml:"database"` // an SQLite file (resolved to an absolute path on load) or a postgres:// URL; $AGGREGATOR_DATABASE_URL replaces it

	SourcesFile  string `yaml:"sources"`  // resolved
	TopicsFile   string `yaml:"topics"`   // resolved
	TaxonomyPath string `yaml:"taxonomy"` // directory (every *.yaml) or one file, resolved

	Fetch     FetchConfig     `yaml:"fetch"`
	Dedupe    DedupeConfig    `yaml:"dedupe"`
	Publish   PublishConfig   `yaml:"publish"`
	Retention RetentionConfig `yaml:"retention"`
	Log       LogConfig       `yaml:"log"`
	// MemoryLimit is a soft limit for the daemon's Go heap (runtime/debug
	// SetMemoryLimit): the garbage collector works harder near it instead of
	// letting the heap grow to twice what is live. 0 leaves Go's default.
	MemoryLimit ByteSize `yaml:"memory_limit"`

	Sources []Source `yaml:"-"`
	Topics  []Topic  `yaml:"-"`
	// taxonomy holds the taxonomy's entries and inflection rules: read them
	// with Taxonomy, which decodes them on first use when Load found them
	// in the validated-taxonomy cache (a round with nothing to tag never
	// needs them).
	taxonomy *lazyTaxonomy
	// TaxonomyKey hashes the taxonomy files' names and bytes and the
	// binary's build: equal keys mean the same taxonomy, so what depends on
	// it (topic membership) can tell a change without reading it all.
	// Empty for a Config not made by Load.
	TaxonomyKey string `yaml:"-"`

	// Files lists every file the configuration was read from, for reload watching.
	Files []string `yaml:"-"`
}

// FetchConfig controls the fetcher and the scheduler.
type FetchConfig struct {
	Schedule              string   `yaml:"schedule"`    // default schedule for every source
	Concurrency           int      `yaml:"concurrency"` // global worker limit
	PerHost               int      `yaml:"per_host"`    // concurrent requests per host
	Timeout               Duration `yaml:"timeout"`     // total deadline per request
	MaxBody               ByteSize `yaml:"max_body"`    // body limit after decompression
	MaxItems              int      `yaml:"max_items"`   // items kept per feed per fetch
	MaxRedirects          int      `yaml:"max_redirects"`
	UserAgent             string   `yaml:"user_agent"`
	AllowPrivateAddresses bool     `yaml:"allow_private_addresses"`
	Adaptive              bool     `yaml:"adaptive"`     // poll busy feeds more often, quiet ones less
	MinInterval           Duration `yaml:"min_interval"` // adaptive lower bound
	MaxInterval           Duration `yaml:"max_interval"` // adaptive upper bound, and backoff cap
	// Lease is how long a fetcher's claim on a source lasts when several
	// share a database (0: 3 × timeout + 2 min): the time after which the
	// sources of a fetcher that died mid-fetch are taken over.
	Lease Duration `yaml:"lease"`
}

// DedupeConfig controls near-duplicate clustering of articles into stories.
type DedupeConfig struct {
	Window    Duration `yaml:"window"`    // how far back a new article may join a story
	Threshold float64  `yaml:"threshold"` // confirmed similarity of a near-verbatim copy needed to join (0..1)
	// EventThreshold is the similarity another outlet's write-up of an event
	// needs to join its story (0..1; 0 takes the measured default).
	EventThreshold float64 `yaml:"event_threshold"`
}

// PublishConfig controls the published topic feeds.
type PublishConfig struct {
	Limit  int      `yaml:"limit"`   // items per feed unless the topic says otherwise
	MaxAge Duration `yaml:"max_age"` // Cache-Control max-age of feed responses
	WebSub string   `yaml:"websub_hub"`
	// Refresh is how often a web node (run -role web or all) reads the
	// database's change counters to learn which feeds another node changed.
	Refresh Duration `yaml:"refresh"`
	Title   string   `yaml:"title"` // site title on HTML pages and OPML
}

// RetentionConfig controls pruning of old articles.
type RetentionConfig struct {
	MaxAge Duration `yaml:"max_age"` // 0 keeps everything
}

// LogConfig controls logging.
type LogConfig struct {
	Format string `yaml:"format"` // text (default) or json
	Level  string `yaml:"level"`  // debug, info (default), warn, error
}

// Pos is a position in a config file.
type Pos struct {
	File string
	Line int
	Col  int
}

// Source is one configured feed, as written in sources.yaml.
type Source struct {
	ID       string   `yaml:"id"`
	URL      string   `yaml:"url"`
	Name     string   `yaml:"name"`
	Schedule string   `yaml:"schedule"`
	Language string   `yaml:"language"`
	Tags     []string `yaml:"tags"`
	Disabled bool     `yaml:"disabled"`
	Pos      Pos      `yaml:"-"`
}

// Topic is one published topic feed, as written in topics.yaml.
type Topic struct {
	Slug        string `yaml:"slug"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Match       string `yaml:"match"` // rule expression, see package rule
	Unit        string `yaml:"unit"`  // "story" (default) or "article"
	Limit       int    `yaml:"limit"` // items in the feed; 0 means publish.limit
	// Categories lists the tag kinds (region, country, place, actor, topic)
	// the topic's feed items carry as categories; empty means all of them.
	Categories []string `yaml:"categories"`
	// Content is what the feed carries of each article: "summary" (the
	// default: third-party copy is not republished whole) or "full".
	Content  string `yaml:"content"`
	Pos      Pos    `yaml:"-"`
	MatchPos Pos    `yaml:"-"`
}

// TaxonomyEntry is one entry of the taxonomy: a region, country, place, actor or
// topic, with the words that name it.
type TaxonomyEntry struct {
	ID   string `yaml:"id"`   // stable, unique across the taxonomy, [a-z0-9-]
	Kind string `yaml:"kind"` // region, country, place, actor, topic
	Name string `yaml:"name"` // display name
	ISO  string `yaml:"iso"`  // countries: ISO 3166-1 alpha-2

	// Parents are the containing regions or places (geography only); a place
	// rolls up through them: Idlib → Syria → Levant → Middle East.
	Parents []string `yaml:"parents"`
	// Members lists entries that this region contains, as an alternative to
	// writing the region into each member's parents.
	Members []string `yaml:"members"`
	// Country is the country an actor or place belongs to (informational for
	// actors: it is not tagged unless listed in Implies).
	Country string `yaml:"country"`
	// Implies lists entries that are tagged whenever this one is salient (e.g.
	// a president implies the country only where the editor says so).
	Implies []string `yaml:"implies"`
	// Type refines actors: person, organization, armed-group, government.
	Type string `yaml:"type"`

	Aliases  []Alias `yaml:"aliases"`  // names, in any language and script
	Demonyms []Alias `yaml:"demonyms"` // adjectives and demonyms ("Syrian")
	Cities   []Alias `yaml:"cities"`   // capitals and major cities (datelines)
	// Names holds names by language code (ar, zh, fr, ...): matched like aliases.
	Names map[string][]string `yaml:"names"`

	Pos Pos `yaml:"-"`
}

// Alias is one word or phrase that names an entry, with optional
// disambiguation hints. In YAML it is a plain string or a mapping.
type Alias struct {
	Text string `yaml:"text"`
	// CaseSensitive matches only the exact letter case ("US", "Chad", "Turkey").
	CaseSensitive bool `yaml:"case_sensitive"`
	// Near: the alias counts only if one of these words is near (same sentence).
	Near []string `yaml:"near"`
	// NotNear: the alias does not count if one of these words is near.
	NotNear []string `yaml:"not_near"`
	Pos     Pos      `yaml:"-"`
}

// Duration is a time.Duration written as "15m", "20s", "72h".
type Duration time.Duration

// ByteSize is a size written as "10MiB", "512KiB", "1000000".
type ByteSize int64

// ModelSources converts the configured sources to the model form the pipeline
// and store use.
func (c *Config) ModelSources() []model.Source {
	out := make([]model.Source, 0, len(c.Sources))
	for _, s := range c.Sources {
		out = append(out, model.Source{ID: s.ID, URL: s.URL, Name: s.Name, Schedule: s.Schedule,
			Language: s.Language, Tags: s.Tags, Disabled: s.Disabled})
	}
	return out
}
