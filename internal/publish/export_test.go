package publish_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestExportWritesSameBytesAsServed(t *testing.T) {
	s, _, ts := newTestServer(t, testOptions())
	dir := t.TempDir()
	if err := s.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	var files []string
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	want := []string{
		"feeds.opml",
		"feeds/humanitarian.atom", "feeds/humanitarian.html", "feeds/humanitarian.json", "feeds/humanitarian.rss",
		"feeds/syria-diplomacy.atom", "feeds/syria-diplomacy.html", "feeds/syria-diplomacy.json", "feeds/syria-diplomacy.rss",
		"index.html", "static/favicon.svg", "static/style.css",
	}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Fatalf("exported %v\nwant %v", files, want)
	}
	urls := map[string]string{
		"feeds.opml": "/feeds.opml", "index.html": "/index.html", "feeds/syria-diplomacy.html": "/feeds/syria-diplomacy.html",
		"feeds/syria-diplomacy.rss": "/feeds/syria-diplomacy.rss", "feeds/syria-diplomacy.atom": "/feeds/syria-diplomacy.atom",
		"feeds/syria-diplomacy.json": "/feeds/syria-diplomacy.json", "static/style.css": "/static/style.css",
	}
	for file, path := range urls {
		onDisk, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		_, served := do(t, "GET", ts.URL+path, nil)
		if !bytes.Equal(onDisk, served) {
			t.Errorf("%s differs from GET %s", file, path)
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
