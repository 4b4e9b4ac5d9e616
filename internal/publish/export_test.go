package publish_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestExportWritesFeedsPagesAndTags(t *testing.T) {
	s, _, ts := newTestServer(t, testOptions())
	dir := t.TempDir()
	if err := s.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	for _, want := range []string{
		"feeds.opml", "index.html", "static/favicon.svg", "static/style.css",
		"feeds/humanitarian.atom", "feeds/humanitarian.html", "feeds/humanitarian.json", "feeds/humanitarian.rss",
		"feeds/syria-diplomacy.atom", "feeds/syria-diplomacy.html", "feeds/syria-diplomacy.json", "feeds/syria-diplomacy.rss",
		"tags/country/syria.html", "tags/country/syria.rss", "tags/place/idlib.atom", "tags/actor/vladimir-putin.json",
		"tags/country/index.html",
	} {
		if !files[want] {
			t.Errorf("export lacks %s", want)
		}
	}
	// The feeds hold what the server sends but for the page links, which
	// name the exported files.
	for _, f := range []string{"feeds/syria-diplomacy.atom", "feeds/syria-diplomacy.rss", "feeds/syria-diplomacy.json"} {
		onDisk, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		_, served := do(t, "GET", ts.URL+"/"+f, nil)
		if !bytes.Equal(bytes.ReplaceAll(onDisk, []byte("syria-diplomacy.html"), []byte("syria-diplomacy")), served) {
			t.Errorf("%s differs from GET /%s beyond its page links", f, f)
		}
	}
	for _, f := range []string{"static/style.css", "static/favicon.svg"} {
		onDisk, _ := os.ReadFile(filepath.Join(dir, f))
		if _, served := do(t, "GET", ts.URL+"/"+f, nil); !bytes.Equal(onDisk, served) {
			t.Errorf("%s differs from GET /%s", f, f)
		}
	}
	// Exporting again over the same directory works and leaves no temp files.
	if err := s.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "feeds", ".tmp-*"))
	if len(matches) != 0 {
		t.Fatalf("temp files left: %v", matches)
	}
}

// An export served by a plain static file server has no dead link: every
// href and src of every page, and every site URL in pages, feeds and OPML,
// resolves to a file (or a directory index).
func TestExportServedByPlainFileServerHasNoDeadLinks(t *testing.T) {
	s, _, _ := newTestServer(t, testOptions())
	dir := t.TempDir()
	if err := s.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	fs := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(fs.Close)
	attr := regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	site := regexp.MustCompile(regexp.QuoteMeta(testBase) + `[^"'<>\s#]*`)
	checked := map[string]bool{}
	var links, files int
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || filepath.Ext(p) == ".svg" || filepath.Ext(p) == ".css" {
			return err
		}
		files++
		body, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		page := "/" + filepath.ToSlash(rel)
		var targets []string
		if filepath.Ext(p) == ".html" {
			for _, m := range attr.FindAllStringSubmatch(string(body), -1) {
				u := html.UnescapeString(m[1])
				if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
					targets = append(targets, u)
				} else if strings.HasPrefix(u, "#") || strings.HasPrefix(u, "http") {
					continue // fragments, and outlets' own sites
				} else {
					t.Errorf("%s: link %q is neither site-relative nor absolute", page, u)
				}
			}
		}
		for _, u := range site.FindAllString(string(body), -1) {
			targets = append(targets, "/"+strings.TrimPrefix(u, testBase))
		}
		for _, u := range targets {
			u, _, _ = strings.Cut(u, "#")
			if checked[u] {
				continue
			}
			checked[u] = true
			links++
			resp, err := http.Get(fs.URL + u)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s links %s: %d from a plain file server", page, u, resp.StatusCode)
			}
		}
		return nil
	})
	if files < 20 || links < 30 {
		t.Errorf("crawled %d files and %d links: too few to mean anything", files, links)
	}
	t.Logf("crawled %d files, %d distinct links, none dead", files, links)
}

func TestExportErrors(t *testing.T) {
	s, _, _ := newTestServer(t, testOptions())
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := s.Export(context.Background(), file)
	if err == nil || !strings.HasPrefix(err.Error(), "publish: ") {
		t.Fatalf("export into a file: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Export(ctx, t.TempDir()); err == nil {
		t.Fatal("export with a cancelled context succeeded")
	}
}

// The live site has no dead link either: a crawl from / through every
// site-relative link of every page answers 200 (no /search link when storage
// cannot search, no dead anchor for an unlinked story).
func TestLiveSiteHasNoDeadLinks(t *testing.T) {
	_, _, ts := newTestServer(t, testOptions())
	attr := regexp.MustCompile(`(?:href|src|action)="(/[^"#]*)`)
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 && len(seen) < 300 {
		p := queue[0]
		queue = queue[1:]
		resp, body := do(t, "GET", ts.URL+p, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, resp.StatusCode)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range attr.FindAllStringSubmatch(string(body), -1) {
			u := html.UnescapeString(m[1])
			if !seen[u] {
				seen[u] = true
				queue = append(queue, u)
			}
		}
	}
	if len(seen) < 30 {
		t.Errorf("crawled only %d URLs", len(seen))
	}
}
