package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/demo"
)

// TestOperatorAndEditorCommands runs the commands that read a stored
// database — sources, explain, topics preview, publish, backup — and tag, on
// the demo feeds after one fetch.
func TestOperatorAndEditorCommands(t *testing.T) {
	srv := feedWorld(t)
	cfgPath := writeConfig(t, demo.Sources(srv.URL+"/"), "")
	if code, _, stderr := runCmd(t, "fetch", "-all", "-config", cfgPath); code != 0 {
		t.Fatalf("fetch: %s", stderr)
	}

	// sources -json: one object per source, with its health.
	code, out, _ := runCmd(t, "sources", "-json", "-config", cfgPath)
	if code != 0 {
		t.Fatalf("sources exit %d", code)
	}
	n := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var s sourceJSON
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("sources -json line %q: %v", sc.Text(), err)
		}
		if s.Status != 200 || s.ErrorCount != 0 || s.LastSuccess == "" || s.NextDue == "" || s.ItemsLastDay == 0 || s.Health != "ok" {
			t.Errorf("source health: %+v", s)
		}
		n++
	}
	if n != len(demo.Sources(srv.URL+"/")) {
		t.Errorf("sources -json printed %d sources", n)
	}

	// explain: the topics the seed story is in, and the words behind its tags.
	seedURL := srv.URL + "/articles/2017/05/russias-blitz-diplomacy-for-resolving-syrian-crisis?utm_source=newsletter&fbclid=x"
	code, out, stderr := runCmd(t, "explain", "-config", cfgPath, seedURL)
	if code != 0 {
		t.Fatalf("explain exit %d: %s", code, stderr)
	}
	for _, want := range []string{"YES syria-diplomacy", "region:syria AND topic:diplomacy", `actor:recep-tayyip-erdogan`, `"Erdogan"@`} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCmd(t, "explain", "-config", cfgPath, "https://nowhere.example/none"); code != 1 {
		t.Errorf("explain of an unknown story: exit %d, want 1", code)
	}

	// topics preview: the saved rule, a draft, and a draft naming an unknown tag.
	if code, out, _ := runCmd(t, "topics", "preview", "-config", cfgPath, "syria-diplomacy"); code != 0 || !strings.Contains(out, seedTitle) {
		t.Errorf("topics preview syria-diplomacy (exit %d):\n%s", code, out)
	}
	if code, out, _ := runCmd(t, "topics", "preview", "-config", cfgPath, "-rule", `actor:angela-merkel AND "safe zones"`); code != 0 || !strings.Contains(out, seedTitle) {
		t.Errorf("draft rule preview (exit %d):\n%s", code, out)
	}
	// Flags after the slug, the order README and help write.
	if code, out, stderr := runCmd(t, "topics", "preview", "syria-diplomacy", "-rule", `actor:angela-merkel AND "safe zones"`, "-config", cfgPath); code != 0 || !strings.Contains(out, seedTitle) {
		t.Errorf("topics preview SLUG -rule EXPR: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "topics", "preview", "-config", cfgPath, "-rule", "region:atlantis"); code != 1 || !strings.Contains(stderr, "atlantis") {
		t.Errorf("draft with an unknown region: exit %d, %s", code, stderr)
	}

	// publish -out: the static site.
	out2 := t.TempDir()
	if code, _, stderr := runCmd(t, "publish", "-config", cfgPath, "-out", out2); code != 0 {
		t.Fatalf("publish: %s", stderr)
	}
	for _, f := range []string{"feeds/syria-diplomacy.rss", "feeds/syria-diplomacy.atom", "feeds/syria-diplomacy.json", "feeds.opml", "index.html"} {
		if b, err := os.ReadFile(filepath.Join(out2, f)); err != nil || len(b) == 0 {
			t.Errorf("publish did not write %s: %v", f, err)
		}
	}

	// backup: a consistent copy that opens as a database with the stories.
	backup := filepath.Join(t.TempDir(), "copy.db")
	if code, _, stderr := runCmd(t, "backup", "-config", cfgPath, backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if code, _, _ := runCmd(t, "backup", "-config", cfgPath, backup); code == 0 {
		t.Error("backup over an existing file should fail")
	}

	// tag -jsonl: the contract's output shape.
	in := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"a1","title":"Erdogan meets Putin in Sochi","text":"ANKARA (Reuters) - Turkish President Tayyip Erdogan will meet Russian President Vladimir Putin on Syria's Idlib."}`+"\n"), 0o644)
	code, out, stderr = runCmd(t, "tag", "-jsonl", "-config", cfgPath, in)
	if code != 0 {
		t.Fatalf("tag -jsonl: %s", stderr)
	}
	var line struct {
		ID        string   `json:"id"`
		Countries []string `json:"countries"`
		Venue     *string  `json:"venue"`
		Regions   []string `json:"regions"`
		Actors    []string `json:"actors"`
		Topics    []string `json:"topics"`
		Mentions  []struct {
			Tag, Kind, Text string
			Offset          int
		} `json:"mentions"`
	}
	if err := json.Unmarshal([]byte(out), &line); err != nil {
		t.Fatalf("tag -jsonl output %q: %v", out, err)
	}
	if line.ID != "a1" || !contains(line.Countries, "TR") || !contains(line.Actors, "vladimir-putin") || len(line.Mentions) == 0 || line.Regions == nil || line.Topics == nil {
		t.Errorf("tag -jsonl: %+v", line)
	}
	if line.Venue == nil || *line.Venue != "TR" {
		t.Errorf("tag -jsonl venue %v, want TR (the ANKARA dateline)", line.Venue)
	}
}
