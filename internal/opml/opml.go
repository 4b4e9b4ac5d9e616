// Package opml converts between OPML subscription lists and the aggregator's
// sources: Import turns an editor's OPML export into sources (keeping outlet
// names, turning categories and folders into tags, never duplicating a feed
// already configured), and WriteSourcesYAML prints them as sources.yaml. The
// OPML list of the published topic feeds is written by publish (/feeds.opml).
package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/textfold"
	"github.com/intlwire/aggregator/internal/urlkit"
)

// outline is one <outline> element with all its attributes kept, because OPML
// writers disagree on the letter case of attribute names (xmlUrl, xmlurl).
type outline struct {
	Attrs    []xml.Attr `xml:",any,attr"`
	Outlines []outline  `xml:"outline"`
}

func (o *outline) attr(name string) string {
	for _, a := range o.Attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

type document struct {
	XMLName xml.Name  `xml:"opml"`
	Title   string    `xml:"head>title"`
	Body    []outline `xml:"body>outline"`
}

// Skipped is an outline that Import did not turn into a source, and why.
type Skipped struct {
	Title  string // the outline's title or text
	URL    string // its xmlUrl, if any
	Reason string
}

// Result is what ImportReport found: the new sources and the outlines left out.
type Result struct {
	Sources []config.Source
	Skipped []Skipped
}

// Import reads an OPML document and returns a source for every feed outline
// whose URL is not already among existing (nor earlier in the document). Each
// source gets the outline's title (or text) as name, its category attribute
// and enclosing folder titles as tags, and an id slugified from the name that
// is unique among existing and new sources. Re-importing the same file
// therefore adds nothing. The error reports unreadable XML or a document that
// is not OPML.
func Import(r io.Reader, existing []config.Source) ([]config.Source, error) {
	res, err := ImportReport(r, existing)
	if err != nil {
		return nil, err
	}
	return res.Sources, nil
}

// ImportReport is Import that also lists the outlines it skipped (no feed
// URL, a URL that is not http(s), or a feed already configured), so that the
// command line can tell the editor.
func ImportReport(r io.Reader, existing []config.Source) (Result, error) {
	var doc document
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return Result{}, fmt.Errorf("opml: bad XML at line %d: %s", se.Line, se.Msg)
		}
		if strings.Contains(err.Error(), "expected element type <opml>") {
			return Result{}, fmt.Errorf("opml: not an OPML document (no <opml> root element)")
		}
		return Result{}, fmt.Errorf("opml: %w", err)
	}
	im := &importer{ids: map[string]bool{}, urls: map[string]string{}}
	for _, s := range existing {
		im.ids[s.ID] = true
		im.urls[urlKey(s.URL)] = s.ID
	}
	im.walk(doc.Body, nil)
	return im.res, nil
}

type importer struct {
	ids  map[string]bool   // ids taken
	urls map[string]string // url key → id of the source that has it
	res  Result
}

func (im *importer) walk(outlines []outline, folders []string) {
	for i := range outlines {
		o := &outlines[i]
		title := o.attr("title")
		if title == "" {
			title = o.attr("text")
		}
		feedURL := o.attr("xmlUrl")
		if feedURL == "" {
			if len(o.Outlines) == 0 {
				if !strings.EqualFold(o.attr("type"), "rss") && title == "" {
					continue // an empty separator outline
				}
				im.res.Skipped = append(im.res.Skipped, Skipped{Title: title, Reason: "no xmlUrl"})
				continue
			}
			next := folders
			if t := textfold.Slug(title, 40); t != "" {
				next = append(append([]string{}, folders...), t)
			}
			im.walk(o.Outlines, next)
			continue
		}
		im.add(o, title, feedURL, folders)
		// A feed outline with children is unusual; import those too.
		if len(o.Outlines) > 0 {
			im.walk(o.Outlines, folders)
		}
	}
}

func (im *importer) add(o *outline, title, feedURL string, folders []string) {
	u, ok := urlkit.ParseHTTP(feedURL)
	if !ok {
		im.res.Skipped = append(im.res.Skipped, Skipped{Title: title, URL: feedURL, Reason: "not an absolute http(s) URL"})
		return
	}
	key := urlKey(feedURL)
	if id, dup := im.urls[key]; dup {
		im.res.Skipped = append(im.res.Skipped, Skipped{Title: title, URL: feedURL, Reason: fmt.Sprintf("already configured as source %q", id)})
		return
	}
	tags := append([]string{}, folders...)
	for _, c := range strings.Split(o.attr("category"), ",") {
		// Categories may be paths ("/News/World"): each step is a tag.
		for _, part := range strings.Split(c, "/") {
			if t := textfold.Slug(part, 40); t != "" {
				tags = append(tags, t)
			}
		}
	}
	id := im.uniqueID(title, u)
	im.ids[id] = true
	im.urls[key] = id
	im.res.Sources = append(im.res.Sources, config.Source{
		ID:       id,
		URL:      feedURL,
		Name:     title,
		Language: language(o.attr("language")),
		Tags:     dedupe(tags),
	})
}

// uniqueID slugifies the outlet name, or the URL when the name has no Latin
// letters (e.g. an Arabic title), and numbers it when it is taken.
func (im *importer) uniqueID(name string, u *url.URL) string {
	base := textfold.Slug(name, 48)
	if base == "" {
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		path := strings.TrimSuffix(u.Path, ".xml")
		path = strings.TrimSuffix(path, ".rss")
		base = textfold.Slug(host+" "+path, 48)
	}
	if base == "" {
		base = "feed"
	}
	id := base
	for n := 2; im.ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

// urlKey is urlkit.FeedKey of a feed URL as written, the key the config
// also uses to refuse two sources with one feed; a URL that does not parse
// is its own key.
func urlKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strings.TrimSpace(raw)
	}
	return urlkit.FeedKey(u)
}

// language keeps a plausible ISO 639-1 code ("en", "pt-BR" → "pt").
func language(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return ""
		}
	}
	return s
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
