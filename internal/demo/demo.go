// Package demo bundles sample news feeds written for the project, so that
// `aggregator demo` and end-to-end tests run offline on a fresh clone.
//
// The feeds are Go text/template files embedded in the binary. They are
// rendered per request: links point back at the serving host (so the demo's
// article pages open) and dates are relative to the moment the handler was
// made (so the stories look fresh and stay stable while the handler lives).
//
// Among them: the "world-wire" feed carries the project's demo story, "Russia’s
// blitz diplomacy for resolving Syrian crisis"; the "levant-monitor" feed
// carries the same article under the same path with utm_ tracking parameters
// (an exact duplicate by canonical URL), and "africa-dispatch" carries a
// retitled copy of the world-wire Sudan story (a near duplicate).
package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
	"time"

	"github.com/intlwire/aggregator/internal/config"
)

//go:embed feeds/*.tmpl
var embedded embed.FS

// Feed describes one bundled sample feed.
type Feed struct {
	Name     string // file stem; served at /feeds/Name + Ext
	Ext      string // ".xml" or ".json"
	Title    string // the feed's own title
	Language string // ISO 639-1 code
	Format   string // rss, atom or json
}

// File is the feed's path under the server root, e.g. "feeds/world-wire.xml".
func (f Feed) File() string { return "feeds/" + f.Name + f.Ext }

// ContentType is the media type the feed is served with.
func (f Feed) ContentType() string {
	switch f.Format {
	case "atom":
		return "application/atom+xml; charset=utf-8"
	case "json":
		return "application/feed+json; charset=utf-8"
	}
	return "application/rss+xml; charset=utf-8"
}

// Feeds lists the bundled sample feeds in a fixed order.
func Feeds() []Feed {
	return []Feed{
		{"world-wire", ".xml", "Global Wire Desk", "en", "rss"},
		{"levant-monitor", ".xml", "Levant Monitor", "en", "atom"},
		{"africa-dispatch", ".xml", "Africa Dispatch", "en", "rss"},
		{"asia-pacific-desk", ".xml", "Asia-Pacific Desk", "en", "atom"},
		{"arabic-news", ".xml", "الأخبار الدولية", "ar", "rss"},
		{"noticias-mundo", ".xml", "Noticias del Mundo", "es", "rss"},
		{"humanitarian-bulletin", ".json", "Humanitarian Bulletin", "en", "json"},
	}
}

// Lookup finds a bundled feed by name.
func Lookup(name string) (Feed, bool) {
	for _, f := range Feeds() {
		if f.Name == name {
			return f, true
		}
	}
	return Feed{}, false
}

// Files returns the raw feed templates (NAME.xml.tmpl, NAME.json.tmpl). They
// contain {{.Base}} for the server root and {{rfc822 "2h"}} / {{rfc3339 "2h"}}
// for dates relative to an anchor time; use Render to get a feed body.
func Files() fs.FS {
	sub, err := fs.Sub(embedded, "feeds")
	if err != nil { // cannot happen: the directory is embedded
		panic(fmt.Sprintf("demo: embedded feeds: %v", err))
	}
	return sub
}

// Sources returns one configured source per bundled feed, pointing at a demo
// server whose root is baseURL (e.g. "http://127.0.0.1:41234/"). Ids are
// "demo-" + the feed name; every source is polled each minute.
func Sources(baseURL string) []config.Source {
	base := strings.TrimSuffix(baseURL, "/") + "/"
	var out []config.Source
	for _, f := range Feeds() {
		out = append(out, config.Source{
			ID:       "demo-" + f.Name,
			URL:      base + f.File(),
			Name:     f.Title,
			Language: f.Language,
			Schedule: "@every 1m",
			Tags:     []string{"demo"},
		})
	}
	return out
}

// Render produces the body of the named feed with links under base (a
// scheme://host root, no trailing slash needed) and dates counted back from
// anchor.
func Render(name, base string, anchor time.Time) ([]byte, error) {
	f, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("demo: no feed named %q", name)
	}
	src, err := fs.ReadFile(embedded, "feeds/"+f.Name+f.Ext+".tmpl")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	anchor = anchor.UTC()
	ago := func(format string) func(string) (string, error) {
		return func(d string) (string, error) {
			dur, err := time.ParseDuration(d)
			if err != nil {
				return "", err
			}
			return anchor.Add(-dur).Format(format), nil
		}
	}
	tmpl, err := template.New(f.Name).Funcs(template.FuncMap{
		"rfc822":  ago(time.RFC1123Z),
		"rfc3339": ago(time.RFC3339),
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("demo: feed %s: %w", name, err)
	}
	var buf bytes.Buffer
	data := struct{ Base string }{strings.TrimSuffix(base, "/")}
	if err := tmpl.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("demo: feed %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
