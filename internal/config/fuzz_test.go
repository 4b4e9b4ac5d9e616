package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad gives the loader arbitrary aggregator.yaml and sources.yaml bytes
// (the topics and taxonomy are small and valid): it must not panic, and a
// rejection must be Problems, each with a file and a line.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n"), []byte("sources:\n  - id: a\n    url: https://x.org/feed\n"))
	f.Add([]byte("fetch: {schedule: '@every 1x', max_body: 10ZiB}\n"), []byte("sources: [{id: A B, url: 'ftp://x'}]"))
	f.Add([]byte("listen: [\n"), []byte("\t- :\n  &a [*a, *a]"))
	f.Add([]byte("sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n"), []byte("sources:\n  - {id: a, url: 'https://x.org/', schedule: '*/5 * * * *', unknown: 1}\n"))
	f.Fuzz(func(t *testing.T, main, sources []byte) {
		dir := t.TempDir()
		files := map[string][]byte{
			"aggregator.yaml": main,
			"sources.yaml":    sources,
			"topics.yaml":     []byte("topics:\n  - slug: t\n    title: T\n    match: region:syria\n"),
			"taxonomy.yaml":   []byte("entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n"),
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Load(filepath.Join(dir, "aggregator.yaml"))
		if err == nil {
			return
		}
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("Load error is not Problems: %v", err)
		}
		for _, p := range ps {
			if p.File == "" || p.Line < 1 || p.Col < 1 {
				t.Fatalf("problem without a position: %+v", p)
			}
		}
	})
}
