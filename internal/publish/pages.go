package publish

import (
	"bytes"
	"embed"
	"fmt"
	"github.com/intlwire/aggregator/internal/publish/render"
	"html/template"
	"io/fs"
	"mime"
	"net/url"
	"path"
	"time"
)

const contentTypeHTML = "text/html; charset=utf-8"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// parseTemplates parses the embedded page templates. They are part of the
// binary, so a parse error is a programming error caught by every test.
func parseTemplates() *template.Template {
	funcs := template.FuncMap{
		"isoTime":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"humanTime": func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") },
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "never"
			}
			return t.UTC().Format("2 Jan 2006, 15:04 UTC")
		},
	}
	return template.Must(template.New("pages").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))
}

// loadStatic prepares the embedded static files for serving.
func loadStatic(maxAge time.Duration) map[string]*rendition {
	out := map[string]*rendition{}
	_ = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		out[path.Base(p)] = newRendition(body, ctype, render.FeedEpoch, maxAge, false)
		return nil
	})
	return out
}

// topicView is a topic as the pages show it.
type topicView struct {
	Slug, Title, Description string
	Kind                     string // a tag page's kind, in words ("Country"); empty for topics
	Page, RSS, Atom, JSON    string // site-relative links
}

// storyView is one item as the pages show it.
type storyView struct {
	Anchor  string
	Title   string
	Link    string
	Summary string
	// Published is the item's publication time; FirstSeen is set only when
	// the aggregator first saw it notably later (a backlog, a late feed).
	Published time.Time
	FirstSeen time.Time
	Outlet    string
	Lang, Dir string // the item's language (may be empty) and text direction
	Also      []render.AlsoLink
	PartOf    *render.AlsoLink // the earlier story a merged one points to
	Tags      chipList
}

// alternate is an autodiscovery link. TypeAttr is a constant attribute
// written verbatim: html/template would otherwise escape the "+" of
// "application/atom+xml" as "&#43;", which naive autodiscovery code misses.
type alternate struct {
	TypeAttr    template.HTMLAttr
	Title, Href string
}

// typeAttrs are the autodiscovery type attributes of the feed formats.
var typeAttrs = map[string]template.HTMLAttr{
	render.ContentTypeAtom: `type="application/atom+xml"`,
	render.ContentTypeRSS:  `type="application/rss+xml"`,
	render.ContentTypeJSON: `type="application/feed+json"`,
}

// pageData is what the page templates receive.
type pageData struct {
	SiteTitle   string
	Title       string
	Description string
	Root        string // site-relative root, "/" unless BaseURL has a path
	Topics      []topicView
	Topic       *topicView
	Stories     []storyView
	Alternates  []alternate
	TagLinks    []tagLink // the index page of a tag kind
	// Sources and SourceCounts: the /sources page; SourceCounts alone: the
	// home page's word on why it has no stories. SourcesLink is where
	// /sources is, empty when only the admin listener serves it.
	Sources      []sourceView
	SourceCounts *sourceCounts
	SourcesLink  string
	Static       bool   // a static export: no link to search or sources
	CanSearch    bool   // storage answers /search: the header links it
	Query        string // the search page's query
	Searched     bool   // the search page shows results
}

// root is the path of the site root taken from BaseURL, so that pages work
// behind a proxy that mounts the site under a path.
func (s *Server) root() string {
	u, err := url.Parse(s.opt().BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// topicViews lists the topics with their links.
func (s *Server) topicViews() []topicView {
	root := s.root()
	var out []topicView
	for _, t := range s.Topics() {
		out = append(out, s.topicView(root, t))
	}
	return out
}

func (s *Server) topicView(root string, t Topic) topicView {
	base := root + render.SitePath(t.Slug)
	return topicView{
		Slug: t.Slug, Title: render.CollapseSpace(render.CleanText(t.Title)), Description: render.CollapseSpace(render.CleanText(t.Description)),
		Page: base + s.opt().render().PageExt(), RSS: base + ".rss", Atom: base + ".atom", JSON: base + ".json",
		Kind: kindNames[t.TagKind],
	}
}

// storyViews turns entries into what the pages show.
func (s *Server) storyViews(es []render.Entry) []storyView {
	out := make([]storyView, 0, len(es))
	seen := make(map[string]int, len(es))
	for _, e := range es {
		// Article-unit topics list several articles of one story: keep
		// the ids unique (the first keeps the story's anchor).
		id := render.Anchor(e.Key)
		if n := seen[id]; n > 0 {
			seen[id] = n + 1
			id = fmt.Sprintf("%s-%d", id, n+1)
		} else {
			seen[id] = 1
		}
		v := storyView{
			Anchor: id, Title: e.Title, Link: e.Link, Summary: render.TruncateText(e.Summary, 280),
			Published: e.Published, Outlet: e.Source.Name, Also: e.Also, PartOf: e.PartOf, Tags: s.chips(e.AllTags, e.Named),
			Lang: e.Language, Dir: render.TextDir(e.Language),
		}
		if showFirstSeen(e.Published, e.FirstSeen) {
			v.FirstSeen = e.FirstSeen
		}
		out = append(out, v)
	}
	return out
}

// renderTopicPage renders /feeds/SLUG.
func (s *Server) renderTopicPage(t Topic, es []render.Entry) ([]byte, error) {
	tv := s.topicView(s.root(), t)
	d := pageData{
		SiteTitle: s.opt().SiteTitle, Title: tv.Title, Description: tv.Description, Root: s.root(),
		Topics: s.topicViews(), Topic: &tv, Stories: s.storyViews(es),
		Alternates: []alternate{
			{TypeAttr: typeAttrs[render.ContentTypeAtom], Title: tv.Title + " (Atom)", Href: tv.Atom},
			{TypeAttr: typeAttrs[render.ContentTypeRSS], Title: tv.Title + " (RSS)", Href: tv.RSS},
			{TypeAttr: typeAttrs[render.ContentTypeJSON], Title: tv.Title + " (JSON Feed)", Href: tv.JSON},
		},
	}
	return s.execute("topic.html", d)
}

// renderHomePage renders /.
func (s *Server) renderHomePage(es []render.Entry, counts *sourceCounts) ([]byte, error) {
	d := pageData{SiteTitle: s.opt().SiteTitle, Title: s.opt().SiteTitle, Root: s.root(), Topics: s.topicViews(), Stories: s.storyViews(es),
		SourceCounts: counts}
	if !s.opt().AdminOnly {
		d.SourcesLink = s.root() + "sources"
	}
	for _, tv := range d.Topics {
		d.Alternates = append(d.Alternates, alternate{TypeAttr: typeAttrs[render.ContentTypeAtom], Title: tv.Title, Href: tv.Atom})
	}
	return s.execute("home.html", d)
}

// execute runs one page template.
func (s *Server) execute(name string, d pageData) ([]byte, error) {
	d.Static = s.opt().staticSite
	_, canSearch := s.r.(Searcher)
	d.CanSearch = canSearch && !d.Static
	if d.Static {
		d.SourcesLink = ""
	}
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, d); err != nil {
		return nil, fmt.Errorf("publish: page %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
