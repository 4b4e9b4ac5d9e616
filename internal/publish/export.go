package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Export writes every topic feed, page and the OPML list to dir for static
// hosting on any web server or CDN:
//
//	DIR/index.html, DIR/feeds.opml, DIR/static/*
//	DIR/feeds/SLUG.rss, .atom, .json, and DIR/feeds/SLUG.html (the topic page)
//
// The files hold the same bytes the server sends (uncompressed). Each file
// is written to a temporary name and renamed, so a web server reading dir
// never sees a half-written feed. Slugs are checked before they become file
// names, so nothing is written outside dir.
func (s *Server) Export(ctx context.Context, dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "feeds"), 0o755); err != nil {
		return fmt.Errorf("publish: export: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
		return fmt.Errorf("publish: export: %w", err)
	}
	for _, t := range s.Topics() {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("publish: export: %w", err)
		}
		if !validSlug(t.Slug) {
			continue // SetTopics already refuses these; defence in depth
		}
		b, err := s.get(ctx, t.Slug)
		if err != nil {
			return fmt.Errorf("publish: export topic %q: %w", t.Slug, err)
		}
		for format, rd := range b.feeds {
			if err := writeFileAtomic(filepath.Join(dir, "feeds", t.Slug+"."+format), rd.body); err != nil {
				return err
			}
		}
		if err := writeFileAtomic(filepath.Join(dir, "feeds", t.Slug+".html"), b.page.body); err != nil {
			return err
		}
	}
	home, err := s.get(ctx, homeKey)
	if err != nil {
		return fmt.Errorf("publish: export home page: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(dir, "index.html"), home.page.body); err != nil {
		return err
	}
	s.mu.Lock()
	opml := s.opml
	s.mu.Unlock()
	if err := writeFileAtomic(filepath.Join(dir, "feeds.opml"), opml.body); err != nil {
		return err
	}
	for name, rd := range s.static {
		if err := writeFileAtomic(filepath.Join(dir, "static", name), rd.body); err != nil {
			return err
		}
	}
	return nil
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
