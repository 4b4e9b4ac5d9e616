package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCleanName checks how CLDR display names become the names texts use:
// the alternative in parentheses split off, a short qualifier kept, dashes
// closed up, the Irish and Maltese article dropped.
func TestCleanName(t *testing.T) {
	for _, c := range []struct {
		in, lang string
		want     []string
	}{
		{"Myanmar (Birmanie)", "fr", []string{"Myanmar", "Birmanie"}},
		{"刚果（布）", "zh", []string{"刚果(布)"}},
		{"Конго - Киншаса", "ru", []string{"Конго-Киншаса"}},
		{"an Ailgéir", "ga", []string{"Ailgéir"}},
		{"l-Alġerija", "mt", []string{"Alġerija"}},
		{"Francja", "pl", []string{"Francja"}},
	} {
		if got := cleanName(c.in, c.lang); !slices.Equal(got, c.want) {
			t.Errorf("cleanName(%q, %s) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}

// TestGeneratedFileIsCurrent checks that the committed names-cldr.yaml is
// what the generator writes from the taxonomy today (run `go run
// ./tools/gencldr` after adding a country or a name).
func TestGeneratedFileIsCurrent(t *testing.T) {
	dir := "../../config/taxonomy"
	committed, err := os.ReadFile(filepath.Join(dir, "names-cldr.yaml"))
	if err != nil {
		t.Skipf("no generated file: %v", err)
	}
	out, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, committed) {
		t.Errorf("config/taxonomy/names-cldr.yaml is stale: run go run ./tools/gencldr")
	}
}
