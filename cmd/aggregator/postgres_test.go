package main

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/demo"
	"github.com/intlwire/aggregator/internal/store/storetest"
)

// storiesOf runs `stories -json` and decodes it.
func storiesOf(t *testing.T, cfgPath string, extra ...string) []storyJSON {
	t.Helper()
	code, out, stderr := runCmd(t, append([]string{"stories", "-json", "-limit", "1000", "-config", cfgPath}, extra...)...)
	if code != 0 {
		t.Fatalf("stories: exit %d: %s", code, stderr)
	}
	var list []storyJSON
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s storyJSON
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("stories -json line %q: %v", sc.Text(), err)
		}
		list = append(list, s)
	}
	return list
}

// articlesOf lists the titles of the stored articles of stories, sorted:
// what a fetch stored, whatever order the sources were fetched in (which
// outlet's copy of an exact duplicate is stored and which is a sighting
// depends on that order).
func articlesOf(stories []storyJSON) []string {
	var out []string
	for _, s := range stories {
		for _, a := range s.Articles {
			out = append(out, a.Title)
		}
	}
	slices.Sort(out)
	return out
}

// TestCommandsOnPostgres runs the commands on PostgreSQL (the database
// given by $AGGREGATOR_DATABASE_URL): a fetch of the demo feeds stores the
// same articles as on SQLite and publishes the seed story in its topic;
// migrate-store copies SQLite into PostgreSQL and PostgreSQL back into SQLite
// with every story as it was; backup exports PostgreSQL into an SQLite file.
func TestCommandsOnPostgres(t *testing.T) {
	fresh := storetest.PostgresURL(t) // skips without a server
	copied := storetest.PostgresURL(t)
	srv := feedWorld(t)
	cfgPath := writeConfig(t, demo.Sources(srv.URL+"/"), "")
	litePath := filepath.Join(filepath.Dir(cfgPath), "data", "test.db")
	if code, _, stderr := runCmd(t, "fetch", "-all", "-config", cfgPath); code != 0 {
		t.Fatalf("fetch on SQLite: %s", stderr)
	}
	lite := storiesOf(t, cfgPath)

	t.Setenv(config.DatabaseEnv, fresh)
	if code, _, stderr := runCmd(t, "fetch", "-all", "-config", cfgPath); code != 0 {
		t.Fatalf("fetch on PostgreSQL: %s", stderr)
	}
	pg := storiesOf(t, cfgPath)
	if want, got := articlesOf(lite), articlesOf(pg); len(want) == 0 || !slices.Equal(want, got) {
		t.Errorf("PostgreSQL stored %d articles, SQLite %d; first differences: %v", len(got), len(want), firstDiff(want, got))
	}
	topic := storiesOf(t, cfgPath, "-topic", "syria-diplomacy")
	if !slices.ContainsFunc(topic, func(s storyJSON) bool { return s.Title == seedTitle }) {
		t.Errorf("the seed story is not in syria-diplomacy on PostgreSQL (%d stories)", len(topic))
	}
	if code, out, stderr := runCmd(t, "topics", "preview", "-config", cfgPath, "-rule", `actor:angela-merkel AND "safe zones"`); code != 0 || !strings.Contains(out, seedTitle) {
		t.Errorf("draft rule preview on PostgreSQL (exit %d): %s%s", code, out, stderr)
	}

	// migrate-store: SQLite into an empty PostgreSQL database, and back.
	t.Setenv(config.DatabaseEnv, "")
	code, out, stderr := runCmd(t, "migrate-store", "-from", litePath, "-to", copied)
	if code != 0 || !strings.Contains(out, "copied") {
		t.Fatalf("migrate-store to PostgreSQL: exit %d: %s%s", code, out, stderr)
	}
	if code, _, _ := runCmd(t, "migrate-store", "-from", litePath, "-to", copied); code == 0 {
		t.Error("migrate-store into a store that holds data did not fail")
	}
	t.Setenv(config.DatabaseEnv, copied)
	if got := storiesOf(t, cfgPath); !slices.EqualFunc(lite, got, storyEqual) {
		t.Errorf("stories after migrate-store to PostgreSQL differ: first differences %v", firstDiff(articlesOf(lite), articlesOf(got)))
	}
	back := filepath.Join(t.TempDir(), "back.db")
	if code, _, stderr := runCmd(t, "migrate-store", "-from", copied, "-to", back); code != 0 {
		t.Fatalf("migrate-store back to SQLite: %s", stderr)
	}
	// backup on PostgreSQL: an SQLite file holding the same stories.
	exported := filepath.Join(t.TempDir(), "export.db")
	if code, out, stderr := runCmd(t, "backup", "-config", cfgPath, exported); code != 0 {
		t.Fatalf("backup on PostgreSQL: exit %d: %s%s", code, out, stderr)
	}
	for _, db := range []string{back, exported} {
		t.Setenv(config.DatabaseEnv, db)
		if got := storiesOf(t, cfgPath); !slices.EqualFunc(lite, got, storyEqual) {
			t.Errorf("stories of %s differ from the original", filepath.Base(db))
		}
	}
}

func storyEqual(a, b storyJSON) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// firstDiff lists up to three entries that one sorted list has and the other lacks.
func firstDiff(want, got []string) []string {
	var out []string
	for _, w := range want {
		if _, found := slices.BinarySearch(got, w); !found && len(out) < 3 {
			out = append(out, "missing: "+w)
		}
	}
	for _, g := range got {
		if _, found := slices.BinarySearch(want, g); !found && len(out) < 6 {
			out = append(out, "extra: "+g)
		}
	}
	return out
}
