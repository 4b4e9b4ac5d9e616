package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
		loadMustPosition(t, map[string][]byte{
			"aggregator.yaml": main,
			"sources.yaml":    sources,
			"topics.yaml":     []byte("topics:\n  - slug: t\n    title: T\n    match: region:syria\n"),
			"taxonomy.yaml":   []byte("entries:\n  - {id: syria, kind: country, name: Syria, iso: SY}\n"),
		})
	})
}

// FuzzLoadTopicsAndTaxonomy gives the loader arbitrary topics.yaml and
// taxonomy bytes, and a rule built deep (depth levels of nesting around the
// fuzzed rule text): every limit — rule depth and length, alias length per
// script, taxonomy size — must be a positioned problem, never a panic, a
// stack overflow or a hang.
func FuzzLoadTopicsAndTaxonomy(f *testing.F) {
	f.Add([]byte("topics:\n  - slug: t\n    title: T\n    match: region:syria\n"), []byte("entries:\n  - {id: syria, kind: country, name: Syria, iso: SY, aliases: [a, '!', 美]}\n"), "country:SY", uint16(3))
	f.Add([]byte("topics: [{slug: t, title: T, match: '((('}]"), []byte("entries: [{id: x, kind: topic, name: X, names: {zh: [中]}}]"), "NOT", uint16(2000))
	f.Add([]byte("topics:\n  - slug: t\n    title: T\n    match: RULE\n"), []byte("entries:\n  - id: syria\n    kind: country\n    name: Syria\n    iso: SY\n"), "region:syria AND", uint16(40))
	f.Fuzz(func(t *testing.T, topics, taxonomy []byte, rule string, depth uint16) {
		if len(rule) > 256 {
			return
		}
		deep := strings.Repeat("(", int(depth)) + rule + strings.Repeat(")", int(depth))
		topics = bytes.ReplaceAll(topics, []byte("RULE"), []byte(strconv.Quote(deep)))
		loadMustPosition(t, map[string][]byte{
			"aggregator.yaml": []byte("sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: taxonomy.yaml\n"),
			"sources.yaml":    []byte("sources:\n  - id: a\n    url: https://x.org/feed\n"),
			"topics.yaml":     topics,
			"taxonomy.yaml":   taxonomy,
		})
	})
}

// loadMustPosition writes files (aggregator.yaml and what it names) into a
// new directory and loads them: Load may accept them, but a rejection must
// be Problems, each with a file, a line and a column.
func loadMustPosition(t *testing.T, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
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
}
