package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/model"
	"github.com/intlwire/aggregator/internal/store"
)

// TestExplainAndListAMergedStory: `explain` says of a merged story which
// story it was merged into and why, and of the earlier story which stories
// were merged into it and which of its articles came with them; `stories
// -json` gives the merged story's merged_into.
func TestExplainAndListAMergedStory(t *testing.T) {
	srcs := []config.Source{{ID: "wire", URL: "https://wire.example.org/rss"}, {ID: "daily", URL: "https://daily.example.org/rss"}}
	cfgPath := writeConfig(t, srcs, "")
	dbPath := filepath.Join(filepath.Dir(cfgPath), "data", "test.db")
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SyncSources(ctx, []model.Source{{ID: "wire", URL: srcs[0].URL}, {ID: "daily", URL: srcs[1].URL}}); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	write := func(src string, arts []model.Article, merges ...model.Merge) model.IngestResult {
		t.Helper()
		res, err := st.IngestGroup(ctx, []model.FeedWrite{{State: model.FetchState{SourceID: src, URL: "https://" + src + ".example.org/rss"},
			Articles: arts, Merges: merges}})
		if err != nil {
			t.Fatal(err)
		}
		return res[0]
	}
	report := func(src, guid, title string) model.Article {
		return model.Article{GUID: guid, URL: "https://" + src + ".example.org/" + guid, CanonicalURL: "https://" + src + ".example.org/" + guid,
			Title: title, Text: title + ", officials said on Monday.", ContentHash: guid, Language: "en", Published: at, FetchedAt: at,
			Join: model.Join{Path: model.JoinFirst}}
	}
	earlier := write("wire", []model.Article{report("wire", "w1", "Earthquake strikes southern Turkey")}).Added[0]
	later := write("daily", []model.Article{report("daily", "d1", "Gaziantep flattened by earthquake")}).Added[0]
	why := model.Join{Path: model.JoinMerge, Score: 0.41, Shared: []string{"turkey", "gaziantep"}, GapSeconds: 5400}
	write("daily", nil, model.Merge{From: later.StoryID, Into: earlier.StoryID, Why: why})
	st.Close()
	earlierKey, laterKey := store.StoryKey("wire", "w1"), store.StoryKey("daily", "d1")

	code, out, stderr := runCmd(t, "explain", "-config", cfgPath, laterKey)
	if code != 0 {
		t.Fatalf("explain exit %d: %s", code, stderr)
	}
	for _, want := range []string{"merged into " + earlierKey + ": Earthquake strikes southern Turkey", "similarity of the two stories 0.41", "1h30m0s between them", "shared: turkey, gaziantep"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain of the merged story lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = runCmd(t, "explain", "-config", cfgPath, earlierKey)
	if code != 0 {
		t.Fatalf("explain exit %d: %s", code, stderr)
	}
	for _, want := range []string{"merged here: " + laterKey, "outlets: wire, daily", "in story " + laterKey + ", merged into this one"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain of the earlier story lacks %q:\n%s", want, out)
		}
	}

	code, out, stderr = runCmd(t, "stories", "-json", "-config", cfgPath)
	if code != 0 {
		t.Fatalf("stories exit %d: %s", code, stderr)
	}
	got := map[string]storyJSON{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var s storyJSON
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("stories -json line %q: %v", sc.Text(), err)
		}
		got[s.ID] = s
	}
	if got[laterKey].MergedInto != earlierKey || got[earlierKey].MergedInto != "" || len(got[earlierKey].Articles) != 2 {
		t.Errorf("stories -json: later %+v, earlier %+v", got[laterKey], got[earlierKey])
	}
}
