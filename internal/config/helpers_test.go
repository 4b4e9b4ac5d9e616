package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// baseFiles is a small configuration that loads without problems; each test
// case replaces one or more of its files with a broken version.
func baseFiles() map[string]string {
	return map[string]string{
		"aggregator.yaml": `listen: 127.0.0.1:8080
base_url: http://localhost:8080/
database: data/test.db
sources: sources.yaml
topics: topics.yaml
taxonomy: taxonomy/
fetch:
  schedule: "@every 15m"
`,
		"sources.yaml": `sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
    name: BBC News – World
    language: en
  - id: aljazeera
    url: https://www.aljazeera.com/xml/rss/all.xml
    schedule: "*/10 * * * *"
`,
		"topics.yaml": `topics:
  - slug: syria-diplomacy
    title: Syria diplomacy
    match: region:syria AND topic:diplomacy
`,
		"taxonomy/geo.yaml": `entries:
  - id: middle-east
    kind: region
    name: Middle East
  - id: syria
    kind: country
    name: Syria
    iso: SY
    parents: [middle-east]
    aliases: [Syrian Arab Republic]
    demonyms: [Syrian, Syrians]
    cities: [Damascus, Aleppo]
  - id: idlib
    kind: place
    name: Idlib
    country: syria
    parents: [syria]
  - id: russia
    kind: country
    name: Russia
    iso: RU
    names:
      ru: [Россия, России]
`,
		"taxonomy/topics.yaml": `entries:
  - id: diplomacy
    kind: topic
    name: Diplomacy
    aliases: [talks, summit, ceasefire]
  - id: conflict
    kind: topic
    name: Conflict
    aliases: [ceasefire, shelling]
  - id: vladimir-putin
    kind: actor
    type: person
    name: Vladimir Putin
    aliases: [Putin]
`,
	}
}

// writeConfig writes files (relative paths) into a fresh directory and
// returns the path of its aggregator.yaml.
func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "aggregator.yaml")
}

// problems loads the configuration and returns every problem as
// "file:line:col: message" with file relative to the config directory.
func problems(t *testing.T, main string) []string {
	t.Helper()
	cfg, err := config.Load(main)
	if err == nil {
		if cfg == nil {
			t.Fatal("Load returned neither a config nor an error")
		}
		return nil
	}
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load error is %T, not config.Problems: %v", err, err)
	}
	dir := filepath.Dir(main) + string(filepath.Separator)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strings.TrimPrefix(p.String(), dir)
	}
	return out
}

// with returns the base files with the given files replaced (an empty body
// deletes the file).
func with(over map[string]string) map[string]string {
	files := baseFiles()
	for k, v := range over {
		if v == "" {
			delete(files, k)
			continue
		}
		files[k] = v
	}
	return files
}
