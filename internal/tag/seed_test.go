package tag

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readSeed returns the title and text of the seed article (first line is
// the title), skipping the test when the file is absent.
func readSeed(t testing.TB) (string, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "syria-blitz-diplomacy.txt"))
	if err != nil {
		t.Skipf("seed article absent: %v", err)
	}
	title, text, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(title), text
}

func TestSeedArticle(t *testing.T) {
	title, text := readSeed(t)
	tg := shippedTagger(t)
	r := tg.Tag(title, text)
	t.Logf("countries %v\nactors %v\ntopics %v\nregions %v\nplaces %v", r.Countries, r.Actors, r.Topics, r.Regions, r.Places)
	for _, c := range []string{"SY", "RU", "TR", "US", "DE", "IR", "KZ"} {
		if !slices.Contains(r.Countries, c) {
			t.Errorf("country %s missing", c)
		}
	}
	// Entries the shipped taxonomy does not have yet are reported, not failed:
	// the data is written by others and grows.
	for _, a := range []string{"vladimir-putin", "recep-tayyip-erdogan", "angela-merkel", "donald-trump"} {
		if _, ok := tg.Lookup(a); !ok {
			t.Logf("actor %s is not in the shipped taxonomy yet", a)
			continue
		}
		if !slices.Contains(r.Actors, a) {
			t.Errorf("actor %s missing", a)
		}
	}
	if _, ok := tg.Lookup("diplomacy"); !ok {
		t.Log("topic diplomacy is not in the shipped taxonomy yet")
	} else if !slices.Contains(r.Topics, "diplomacy") {
		t.Error("topic diplomacy missing")
	}
	if !slices.Contains(r.Regions, "middle-east") {
		t.Error("region middle-east missing")
	}
	// The places and the armed group the issue names, each mentioned once.
	for _, pl := range []string{"sochi", "idlib", "homs", "east-ghouta"} {
		if !slices.Contains(r.Places, pl) {
			t.Errorf("place %s missing", pl)
		}
	}
	if !slices.Contains(r.Actors, "ypg") {
		t.Error("actor ypg missing")
	}
}

func TestSeedArticleTestTaxonomy(t *testing.T) {
	title, text := readSeed(t)
	r := testTagger(t).Tag(title, text)
	for _, c := range []string{"SY", "RU", "TR", "US", "DE", "IR", "KZ"} {
		if !slices.Contains(r.Countries, c) {
			t.Errorf("country %s missing: %v", c, r.Countries)
		}
	}
	for _, a := range []string{"vladimir-putin", "recep-tayyip-erdogan", "angela-merkel", "donald-trump"} {
		if !slices.Contains(r.Actors, a) {
			t.Errorf("actor %s missing: %v", a, r.Actors)
		}
	}
	if !slices.Contains(r.Topics, "diplomacy") {
		t.Errorf("topics %v", r.Topics)
	}
	if slices.Contains(r.Countries, "CN") {
		t.Errorf("China (one passing mention) is not what the seed is about: %v", r.Countries)
	}
}
