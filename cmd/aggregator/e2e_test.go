package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/app"
	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/demo"
	"github.com/intlwire/aggregator/internal/opml"
	"github.com/mmcdole/gofeed"
)

// repoConfig is the shipped configuration directory.
func repoConfig(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../config")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// feedWorld serves the bundled demo feeds plus three broken sources: a 500, a
// server that never answers in time, and an HTML page instead of a feed.
func feedWorld(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/", demo.Handler())
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><html><head><title>Home</title></head><body><p>Not a feed</p></body></html>")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// writeConfig writes a configuration in a temp dir whose sources are srcs and
// whose topics and taxonomy are the shipped ones.
func writeConfig(t *testing.T, srcs []config.Source, extra string) string {
	t.Helper()
	dir := t.TempDir()
	var b bytes.Buffer
	if err := opml.WriteSourcesYAML(&b, srcs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sources.yaml"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgDir := repoConfig(t)
	main := fmt.Sprintf(`listen: 127.0.0.1:0
base_url: http://feeds.example.org/
database: data/test.db
sources: sources.yaml
topics: %s
taxonomy: %s
fetch:
  timeout: 1s
  allow_private_addresses: true
%s`, filepath.Join(cfgDir, "topics.yaml"), filepath.Join(cfgDir, "taxonomy"), extra)
	path := filepath.Join(dir, "aggregator.yaml")
	if err := os.WriteFile(path, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCmd runs a subcommand in-process and returns its exit status and output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdout: &out, stderr: &errb, stdin: strings.NewReader("")}, args)
	return code, out.String(), errb.String()
}

const seedTitle = "Russia’s blitz diplomacy for resolving Syrian crisis"

func TestEndToEndSeedStory(t *testing.T) {
	srv := feedWorld(t)
	srcs := demo.Sources(srv.URL + "/")
	srcs = append(srcs,
		config.Source{ID: "broken", URL: srv.URL + "/broken.xml"},
		config.Source{ID: "slow", URL: srv.URL + "/slow.xml"},
		config.Source{ID: "not-a-feed", URL: srv.URL + "/page.html"},
	)
	cfgPath := writeConfig(t, srcs, "")

	code, out, stderr := runCmd(t, "fetch", "-all", "-json", "-config", cfgPath)
	if code != 0 {
		t.Fatalf("fetch exit %d: %s", code, stderr)
	}
	var sum struct {
		Sources     int `json:"sources"`
		Fetched     int `json:"fetched"`
		Failed      int `json:"failed"`
		NewArticles int `json:"new_articles"`
		Duplicates  int `json:"duplicates"`
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("fetch -json output is not one JSON object: %v\n%s", err, out)
	}
	for _, k := range []string{"sources", "fetched", "not_modified", "failed", "new_articles", "duplicates", "stories", "seconds"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("fetch -json lacks %q: %s", k, out)
		}
	}
	json.Unmarshal([]byte(out), &sum)
	if sum.Sources != len(srcs) || sum.Failed != 3 || sum.Fetched != len(srcs)-3 {
		t.Errorf("summary: %+v, want %d sources, 3 failed, %d fetched", sum, len(srcs), len(srcs)-3)
	}
	if sum.NewArticles < 10 || sum.Duplicates < 1 {
		t.Errorf("summary: %+v, want ≥10 new articles and the tracked copy counted as a duplicate", sum)
	}

	// The failures are reported per source in the plain summary too.
	code, out, _ = runCmd(t, "fetch", "-all", "-config", cfgPath)
	if code != 0 {
		t.Fatalf("second fetch exit %d", code)
	}
	for _, id := range []string{"broken", "slow", "not-a-feed"} {
		if !strings.Contains(out, id) || !strings.Contains(out, "failed") {
			t.Errorf("plain summary does not report %s as failed:\n%s", id, out)
		}
	}
	if !strings.Contains(out, "not a feed") {
		t.Errorf("the HTML source's error should say it is not a feed:\n%s", out)
	}

	// The seed story: stored once, tagged with its countries and actors.
	code, out, stderr = runCmd(t, "stories", "-json", "-limit", "500", "-config", cfgPath)
	if code != 0 {
		t.Fatalf("stories exit %d: %s", code, stderr)
	}
	var seed *storyJSON
	seedArticles := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s storyJSON
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("stories -json line: %v", err)
		}
		for _, a := range s.Articles {
			if strings.Contains(a.URL, "russias-blitz-diplomacy") {
				seedArticles++
			}
		}
		if s.Title == seedTitle {
			seed = &s
		}
	}
	if seed == nil {
		t.Fatalf("seed story not stored; stories:\n%s", out)
	}
	if seedArticles != 1 {
		t.Errorf("the seed article and its tracked copy are stored %d times, want once", seedArticles)
	}
	for _, c := range []string{"SY", "RU", "TR", "US", "DE", "IR", "KZ"} {
		if !contains(seed.Countries, c) {
			t.Errorf("seed story countries %v lack %s", seed.Countries, c)
		}
	}
	for _, a := range []string{"vladimir-putin", "recep-tayyip-erdogan", "angela-merkel", "donald-trump"} {
		if !contains(seed.Actors, a) {
			t.Errorf("seed story actors %v lack %s", seed.Actors, a)
		}
	}
	if !contains(seed.Topics, "diplomacy") {
		t.Errorf("seed story topics %v lack diplomacy", seed.Topics)
	}
	if !strings.Contains(out, `"venue":""`) || seed.Venue != "" {
		t.Errorf("stories -json: the seed story (no dateline) needs \"venue\":\"\", got %q", seed.Venue)
	}

	// It is in the Syria diplomacy feed, in all three formats.
	code, out, _ = runCmd(t, "stories", "-json", "-topic", "syria-diplomacy", "-config", cfgPath)
	if code != 0 || !strings.Contains(out, seedTitle) {
		t.Fatalf("stories -topic syria-diplomacy (exit %d) lacks the seed story:\n%s", code, out)
	}
	web := publishServer(t, cfgPath)
	for _, ext := range []string{"rss", "atom", "json"} {
		resp, err := http.Get(web.URL + "/feeds/syria-diplomacy." + ext)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", ext, resp.StatusCode)
		}
		feed, err := gofeed.NewParser().ParseString(string(body))
		if err != nil {
			t.Fatalf("%s feed does not parse: %v\n%s", ext, err, body)
		}
		found := false
		for _, it := range feed.Items {
			if it.Title != seedTitle {
				continue
			}
			found = true
			// The tracked copy is stored once, but its outlet is named: whichever
			// of the two sources was fetched first leads, the other is "also".
			also := strings.Contains(it.Content, "Levant Monitor") || strings.Contains(it.Content, "Global Wire Desk")
			if !strings.Contains(it.Content, "Also reported by") || !also {
				t.Errorf("%s: the seed item does not name the outlet of its exact copy:\n%s", ext, it.Content)
			}
		}
		if !found {
			t.Errorf("%s feed lacks the seed story", ext)
		}
	}
	resp, err := http.Get(web.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	home, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(home), "Syria diplomacy") || !strings.Contains(string(home), "/feeds/syria-diplomacy.rss") {
		t.Errorf("home page does not list the Syria diplomacy topic with a subscribe link")
	}

	// Full-text search finds it by words of its text, diacritics folded;
	// query syntax can never break the page.
	for q, want := range map[string]bool{"Erdoğan Astana safe zones": true, "astana": true, "Astana Pyongyang": false, `" OR ( NEAR`: false} {
		resp, err := http.Get(web.URL + "/search?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.Contains(string(page), "blitz diplomacy") != want {
			t.Errorf("search %q: status %d, finds the seed story = %v, want %v", q, resp.StatusCode, !want, want)
		}
	}
}

// publishServer serves the stored feeds of a configuration.
func publishServer(t *testing.T, cfgPath string) *httptest.Server {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := app.Build(context.Background(), app.Options{Config: cfg, Publisher: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { parts.Close() })
	web := httptest.NewServer(parts.Server)
	t.Cleanup(web.Close)
	return web
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestValidateReportsProblemsWithPositions(t *testing.T) {
	dir := t.TempDir()
	cfgDir := repoConfig(t)
	os.WriteFile(filepath.Join(dir, "sources.yaml"), []byte(`sources:
  - id: bbc-world
    url: https://feeds.bbci.co.uk/news/world/rss.xml
  - id: no-url
  - id: bbc-world
    url: https://example.org/other.xml
`), 0o644)
	os.WriteFile(filepath.Join(dir, "topics.yaml"), []byte(`topics:
  - slug: syria-diplomacy
    title: Syria diplomacy
    match: region:syrria AND topic:diplomacy
`), 0o644)
	os.WriteFile(filepath.Join(dir, "aggregator.yaml"), []byte(fmt.Sprintf("sources: sources.yaml\ntopics: topics.yaml\ntaxonomy: %s\n", filepath.Join(cfgDir, "taxonomy"))), 0o644)
	code, out, _ := runCmd(t, "validate", "-config", filepath.Join(dir, "aggregator.yaml"))
	if code != 1 {
		t.Fatalf("validate exit %d, want 1\n%s", code, out)
	}
	src, top := filepath.Join(dir, "sources.yaml"), filepath.Join(dir, "topics.yaml")
	for _, want := range []string{
		src + `:4:5: source "no-url" has no url`,
		src + `:5:9: duplicate source id "bbc-world"`,
		top + `:4:12: topic "syria-diplomacy": rule names unknown region "syrria"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("validate output lacks %q:\n%s", want, out)
		}
	}

	// Bad YAML syntax is reported with its line.
	os.WriteFile(filepath.Join(dir, "sources.yaml"), []byte("sources:\n  - id: a\n    url: [unclosed\n"), 0o644)
	code, out, _ = runCmd(t, "validate", "-config", filepath.Join(dir, "aggregator.yaml"))
	if code != 1 || !strings.Contains(out, src+":") || !strings.Contains(out, "YAML syntax") {
		t.Errorf("bad YAML: exit %d, output:\n%s", code, out)
	}

	// The shipped configuration is valid.
	code, out, _ = runCmd(t, "validate", "-config", filepath.Join(cfgDir, "aggregator.yaml"))
	if code != 0 {
		t.Errorf("shipped config does not validate (exit %d):\n%s", code, out)
	}
}
