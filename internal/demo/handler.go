package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Handler serves the bundled feeds at /feeds/NAME.xml (and .json), a page per
// article at the links the feeds carry, and an index at /. Dates in the feeds
// are relative to the moment Handler is called.
func Handler() http.Handler { return NewHandler(time.Now()) }

// NewHandler is Handler with a fixed anchor time for the feed dates, for
// reproducible tests.
func NewHandler(anchor time.Time) http.Handler {
	s := &server{anchor: anchor.Truncate(time.Second)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feeds/{file}", s.feed)
	mux.HandleFunc("GET /articles/", s.article)
	mux.HandleFunc("GET /{$}", s.index)
	return mux
}

type server struct {
	anchor time.Time
}

// base is the scheme://host the request reached, so that feed links point back
// at this server. A Host header with unexpected characters falls back to
// localhost rather than reaching the XML unescaped.
func base(r *http.Request) string {
	host := r.Host
	for _, c := range host {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c)) {
			host = "localhost"
			break
		}
	}
	if host == "" {
		host = "localhost"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + host
}

func (s *server) feed(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	var f Feed
	ok := false
	for _, c := range Feeds() {
		if c.Name+c.Ext == file {
			f, ok = c, true
		}
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, err := Render(f.Name, base(r), s.anchor)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", s.anchor.UTC().Format(http.TimeFormat))
	w.Header().Set("Cache-Control", "max-age=60")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(body)
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Demo feeds</title>
<h1>Sample feeds bundled with the aggregator demo</h1>
<ul>{{range .}}<li><a href="/{{.File}}">{{.Title}}</a> ({{.Format}}, {{.Language}})</li>{{end}}</ul>
</html>
`))

func (s *server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = indexPage.Execute(w, Feeds())
}

var articlePage = template.Must(template.New("article").Parse(`<!doctype html>
<html lang="{{.Lang}}"><meta charset="utf-8"><title>{{.Title}}</title>
<p><a href="/">{{.Feed}}</a></p>
<h1>{{.Title}}</h1>
<p><small>{{.Date}}</small></p>
{{.Body}}
</html>
`))

// article serves a page for the item whose link has the requested path, so
// that links in the demo's topic feeds open something real.
func (s *server) article(w http.ResponseWriter, r *http.Request) {
	b := base(r)
	parser := gofeed.NewParser()
	for _, f := range Feeds() {
		body, err := Render(f.Name, b, s.anchor)
		if err != nil {
			continue
		}
		feed, err := parser.Parse(bytes.NewReader(body))
		if err != nil {
			continue
		}
		for _, it := range feed.Items {
			u, err := url.Parse(it.Link)
			if err != nil || u.Path != r.URL.Path {
				continue
			}
			text := it.Content
			if text == "" {
				text = it.Description
			}
			date := ""
			if it.PublishedParsed != nil {
				date = it.PublishedParsed.UTC().Format("2 January 2006 15:04 MST")
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = articlePage.Execute(w, map[string]any{
				"Lang":  f.Language,
				"Feed":  feed.Title,
				"Title": it.Title,
				"Date":  date,
				// The body is our own embedded HTML, not user input.
				"Body": template.HTML(text),
			})
			return
		}
	}
	http.NotFound(w, r)
}
