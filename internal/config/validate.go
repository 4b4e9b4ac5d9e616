package config

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/intlwire/aggregator/internal/urlkit"
	"github.com/robfig/cron/v3"
)

var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// scheduleParser accepts standard 5-field cron specs and descriptors such as
// "@every 10m" and "@hourly", the same parser the scheduler uses.
var scheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a cron spec or @every/@hourly descriptor.
func ParseSchedule(spec string) (cron.Schedule, error) {
	return scheduleParser.Parse(spec)
}

func validateMain(f *yamlFile, c *Config, ps *Problems) {
	at := func(keys ...string) Pos {
		n := f.root
		for _, k := range keys {
			v, kn := child(n, k)
			if v == nil {
				break
			}
			n = v
			if kn != nil {
				n = v
			}
		}
		if n == nil {
			return Pos{File: f.path}
		}
		return f.pos(n)
	}
	if _, port, err := net.SplitHostPort(c.Listen); err != nil || port == "" {
		ps.add(at("listen"), "listen must be host:port (e.g. 127.0.0.1:8080), got %q", c.Listen)
	}
	if c.AdminListen != "" {
		if _, port, err := net.SplitHostPort(c.AdminListen); err != nil || port == "" {
			ps.add(at("admin_listen"), "admin_listen must be host:port (e.g. 127.0.0.1:9090), got %q", c.AdminListen)
		} else if c.AdminListen == c.Listen {
			ps.add(at("admin_listen"), "admin_listen must differ from listen (%q)", c.Listen)
		}
	}
	if _, err := url.Parse(c.BaseURL); err != nil || !strings.HasPrefix(c.BaseURL, "http") {
		ps.add(at("base_url"), "base_url must be an absolute http(s) URL, got %q", c.BaseURL)
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.Database == "" {
		ps.add(at("database"), "database must name a file or a postgres:// URL")
	} else if IsDatabaseURL(c.Database) {
		if u, err := url.Parse(c.Database); err != nil || u.Host == "" {
			ps.add(at("database"), "database: a PostgreSQL URL is postgres://user:password@host:5432/dbname?sslmode=…")
		}
	}
	if _, err := ParseSchedule(c.Fetch.Schedule); err != nil {
		ps.add(at("fetch", "schedule"), "bad schedule %q: %v", c.Fetch.Schedule, err)
	}
	if c.Fetch.Concurrency < 1 {
		ps.add(at("fetch", "concurrency"), "concurrency must be at least 1")
	}
	if c.Fetch.PerHost < 1 {
		ps.add(at("fetch", "per_host"), "per_host must be at least 1")
	}
	if c.Fetch.Timeout <= 0 {
		ps.add(at("fetch", "timeout"), "timeout must be positive")
	}
	if c.Fetch.MaxRedirects < 0 {
		ps.add(at("fetch", "max_redirects"), "max_redirects must not be negative")
	}
	if c.Fetch.MaxItems < 1 {
		ps.add(at("fetch", "max_items"), "max_items must be at least 1")
	}
	if c.Fetch.Lease != 0 && c.Fetch.Lease < 2*c.Fetch.Timeout {
		ps.add(at("fetch", "lease"), "lease must be 0 (3 × timeout + 2m) or at least twice timeout (%s), so that a fetch and its write end before the lease", 2*c.Fetch.Timeout.D())
	}
	if c.Fetch.MinInterval > c.Fetch.MaxInterval {
		ps.add(at("fetch", "min_interval"), "min_interval must not exceed max_interval")
	}
	if c.Dedupe.Threshold <= 0 || c.Dedupe.Threshold > 1 {
		ps.add(at("dedupe", "threshold"), "threshold must be in (0, 1]")
	}
	if c.Dedupe.EventThreshold < 0 || c.Dedupe.EventThreshold > 1 {
		ps.add(at("dedupe", "event_threshold"), "event_threshold must be in [0, 1] (0: the measured default)")
	}
	if c.Publish.Limit < 1 {
		ps.add(at("publish", "limit"), "limit must be at least 1")
	}
	if c.Publish.Refresh.D() < 100*time.Millisecond {
		ps.add(at("publish", "refresh"), "refresh must be at least 100ms (how often web nodes look for changed feeds), got %s", c.Publish.Refresh.D())
	}
	if c.Publish.WebSub != "" {
		if u, err := url.Parse(c.Publish.WebSub); err != nil || u.Host == "" {
			ps.add(at("publish", "websub_hub"), "websub_hub must be an absolute URL")
		}
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		ps.add(at("log", "format"), "log format must be text or json, got %q", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		ps.add(at("log", "level"), "log level must be debug, info, warn or error, got %q", c.Log.Level)
	}
}

// langRe accepts ISO 639 language codes with an optional region: en, fa, pt-BR.
var langRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func validateSources(srcs []Source, nodes []entryNode, ps *Problems) {
	seen := map[string]Pos{}
	urls := map[string]string{}
	for i, s := range srcs {
		n := nodeAt(nodes, i)
		checkID(ps, seen, sourceID, s.ID, pick(n.at(), s.Pos), pick(n.key("id"), s.Pos), s.Pos)
		urlPos := pick(n.key("url"), s.Pos)
		if s.URL == "" {
			ps.add(urlPos, "source %q has no url", s.ID)
		} else if u, ok := urlkit.ParseHTTP(s.URL); !ok {
			ps.add(urlPos, "source %q: url %q must be an absolute http(s) URL", s.ID, s.URL)
		} else if other, dup := urls[urlkit.FeedKey(u)]; dup {
			ps.add(urlPos, "source %q has the same url as source %q", s.ID, other)
		} else {
			urls[urlkit.FeedKey(u)] = s.ID
		}
		if s.Schedule != "" {
			if _, err := ParseSchedule(s.Schedule); err != nil {
				ps.add(pick(n.key("schedule"), s.Pos), "source %q: bad schedule %q: %v", s.ID, s.Schedule, err)
			}
		}
		if s.Language != "" && !langRe.MatchString(s.Language) {
			ps.add(pick(n.key("language"), s.Pos), "source %q: language %q must be an ISO 639 code such as en, ar, zh", s.ID, s.Language)
		}
	}
}

// nodeAt returns the i-th entry node, or an empty one when positions are not
// known (entries built in code rather than read from a file).
func nodeAt(nodes []entryNode, i int) entryNode {
	if i < len(nodes) {
		return nodes[i]
	}
	return entryNode{}
}

// pick returns p, or fallback when p is unknown.
func pick(p, fallback Pos) Pos {
	if p.File == "" {
		return fallback
	}
	return p
}

// idField describes an identifying field (a source's id, a topic's slug, a
// taxonomy entry's id) for checkID's messages.
type idField struct {
	noun, field, label string // "source", "id", "source id"
	crossFile          bool   // entries span files: say which file the first is in
}

var (
	sourceID   = idField{noun: "source", field: "id", label: "source id"}
	topicSlug  = idField{noun: "topic", field: "slug", label: "topic slug"}
	taxonomyID = idField{noun: "taxonomy entry", field: "id", label: "taxonomy id", crossFile: true}
)

// checkID reports an identifier that is missing (at emptyAt), malformed or
// already used (at keyAt); seen collects the good ones with their entry's
// position.
func checkID(ps *Problems, seen map[string]Pos, f idField, id string, emptyAt, keyAt, entry Pos) {
	switch {
	case id == "":
		ps.add(emptyAt, "%s has no %s", f.noun, f.field)
	case !idRe.MatchString(id):
		ps.add(keyAt, "%s %q must be lowercase letters, digits and dashes", f.label, id)
	default:
		p, dup := seen[id]
		switch {
		case !dup:
			seen[id] = entry
		case f.crossFile:
			ps.add(keyAt, "duplicate %s %q (first at %s:%d)", f.label, id, p.File, p.Line)
		default:
			ps.add(keyAt, "duplicate %s %q (first at line %d)", f.label, id, p.Line)
		}
	}
}
