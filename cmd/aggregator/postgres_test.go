package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

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
	seedURL := srv.URL + "/articles/2017/05/russias-blitz-diplomacy-for-resolving-syrian-crisis"
	if code, out, stderr := runCmd(t, "explain", "-config", cfgPath, seedURL); code != 0 || !strings.Contains(out, "YES syria-diplomacy") {
		t.Errorf("explain on PostgreSQL (exit %d): %s%s", code, out, stderr)
	}
	if code, out, stderr := runCmd(t, "sources", "-json", "-config", cfgPath); code != 0 || strings.Count(out, "\n") != len(demo.Sources(srv.URL+"/")) || strings.Contains(out, `"error_count":1`) {
		t.Errorf("sources on PostgreSQL (exit %d): %s%s", code, out, stderr)
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

// TestDaemonOnPostgres runs the real binary on PostgreSQL: it fetches the
// demo feeds, serves the topic feed, /search with diacritics folded, and a
// 304 for the feed's ETag; restarted on the same database it serves the same
// bytes under the same ETag.
func TestDaemonOnPostgres(t *testing.T) {
	t.Setenv(config.DatabaseEnv, storetest.PostgresURL(t)) // the daemon inherits it
	feeds := feedWorld(t)
	addr := freeAddr(t)
	cfgPath := writeConfig(t, demo.Sources(feeds.URL+"/"), "")
	main, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfgPath, bytes.Replace(main, []byte("listen: 127.0.0.1:0"), []byte("listen: "+addr), 1), 0o644)

	d := startDaemon(t, cfgPath, addr)
	feedURL := d.base + "/feeds/syria-diplomacy.atom"
	waitFor(t, feedURL, "blitz diplomacy", 30*time.Second)
	// Every source fetched (one log line each), the feed is what it stays.
	srcs := len(demo.Sources(feeds.URL + "/"))
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(d.logs.String(), "msg=fetch ") < srcs && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := strings.Count(d.logs.String(), "msg=fetch "); n < srcs {
		t.Fatalf("the daemon logged %d fetches of %d sources within 30 s", n, srcs)
	}
	body := waitFor(t, feedURL, "blitz diplomacy", time.Second)
	// The seed story's text names Erdoğan; the query is folded alike.
	waitFor(t, d.base+"/search?q=ERDOĞAN+blitz", "blitz diplomacy", 5*time.Second)
	etag := etagOf(t, feedURL, "")
	if etagOf(t, feedURL, etag) != "304" {
		t.Errorf("the feed's ETag %s did not give 304", etag)
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	if code := d.waitExit(t, 20*time.Second); code != 0 {
		t.Fatalf("daemon exit %d", code)
	}

	d2 := startDaemon(t, cfgPath, addr)
	if got := waitFor(t, d2.base+"/feeds/syria-diplomacy.atom", "blitz diplomacy", 10*time.Second); got != body {
		t.Errorf("after a restart the feed's bytes differ")
	}
	if got := etagOf(t, d2.base+"/feeds/syria-diplomacy.atom", ""); got != etag {
		t.Errorf("after a restart the ETag is %s, was %s", got, etag)
	}
}

// etagOf GETs url (with If-None-Match when given) and returns the ETag, or
// "304" when the answer is Not Modified.
func etagOf(t *testing.T, url, ifNoneMatch string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return "304"
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Fatalf("GET %s: %s, ETag %q", url, resp.Status, resp.Header.Get("ETag"))
	}
	return resp.Header.Get("ETag")
}
