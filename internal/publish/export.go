package publish

import (
	"context"
	"fmt"
	"github.com/intlwire/aggregator/internal/publish/render"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Export writes the site to dir for static hosting on any web server, CDN
// or object store, with every link resolving to a file:
//
//	DIR/index.html, DIR/feeds.opml, DIR/static/*
//	DIR/feeds/SLUG.rss, .atom, .json, and DIR/feeds/SLUG.html (the topic page)
//	DIR/tags/KIND/ID.rss, .atom, .json, .html (the tags the pages name)
//	DIR/tags/KIND/index.html (the tags of each kind)
//
// Pages and feeds are rendered for a static site: pages are linked by their
// file names (feeds/SLUG.html), and routes a static host lacks (search,
// sources) are not linked; chips link only tags that were exported (at most
// maxExportTags, found from the stories the pages show). Each file is
// written to a temporary name and renamed, so a web server reading dir never
// sees a half-written feed. Slugs and tag ids are checked before they become
// file names, so nothing is written outside dir.
func (s *Server) Export(ctx context.Context, dir string) error {
	for _, sub := range []string{"feeds", "static"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("publish: export: %w", err)
		}
	}
	o := *s.opt()
	o.staticSite, o.Registerer, o.Metrics, o.WebSubHub = true, nil, nil, ""
	tags, err := s.exportTagSet(ctx)
	if err != nil {
		return err
	}
	o.exportTags = tags
	es := NewServer(o, s.r, s.l)
	defer es.Close()
	es.SetTopics(s.Topics())
	for _, t := range es.Topics() {
		if err := es.exportKey(ctx, dir, t.Slug, filepath.Join(dir, "feeds", t.Slug)); err != nil {
			return err
		}
	}
	kinds := map[string]bool{}
	for key := range tags {
		kind, id, _ := strings.Cut(key, "/")
		if !slices.Contains(tagKinds, kind) || !render.ValidSlug(id) {
			continue // defence in depth: never a path outside dir
		}
		if !kinds[kind] {
			kinds[kind] = true
			if err := os.MkdirAll(filepath.Join(dir, "tags", kind), 0o755); err != nil {
				return fmt.Errorf("publish: export: %w", err)
			}
		}
		if err := es.exportKey(ctx, dir, render.TagPathPrefix+key, filepath.Join(dir, "tags", kind, id)); err != nil {
			return err
		}
	}
	for kind := range kinds {
		b, err := es.get(ctx, render.TagPathPrefix+kind)
		if err != nil {
			return fmt.Errorf("publish: export tags of kind %s: %w", kind, err)
		}
		if err := writeFileAtomic(filepath.Join(dir, "tags", kind, "index.html"), b.page.body); err != nil {
			return err
		}
	}
	home, err := es.get(ctx, homeKey)
	if err != nil {
		return fmt.Errorf("publish: export home page: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(dir, "index.html"), home.page.body); err != nil {
		return err
	}
	es.mu.Lock()
	opml := es.opml
	es.mu.Unlock()
	if err := writeFileAtomic(filepath.Join(dir, "feeds.opml"), opml.body); err != nil {
		return err
	}
	for name, rd := range es.static {
		if err := writeFileAtomic(filepath.Join(dir, "static", name), rd.body); err != nil {
			return err
		}
	}
	return nil
}

// exportKey writes the feeds and page of one topic or tag (cache key) as
// base + ".rss", ".atom", ".json" and ".html".
func (s *Server) exportKey(ctx context.Context, dir, key, base string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: export: %w", err)
	}
	b, err := s.get(ctx, key)
	if err != nil {
		return fmt.Errorf("publish: export %q: %w", key, err)
	}
	for format, rd := range b.feeds {
		if err := writeFileAtomic(base+"."+format, rd.body); err != nil {
			return err
		}
	}
	return writeFileAtomic(base+".html", b.page.body)
}

// writeFileAtomic writes data to path through a temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("publish: export: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("publish: export %s: %w", path, werr)
	}
	return nil
}
