package config_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/rule"
)

const shippedDir = "../../config"

func readShipped(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shippedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The shipped sources are a curated international selection: enough of them,
// in many languages, each with a name, a language and a distinct https URL.
func TestShippedSources(t *testing.T) {
	var f struct{ Sources []config.Source }
	readShipped(t, "sources.yaml", &f)
	if len(f.Sources) < 30 {
		t.Errorf("%d sources, want at least 30", len(f.Sources))
	}
	langs := map[string]int{}
	hosts := map[string]bool{}
	for _, s := range f.Sources {
		langs[s.Language]++
		u, err := url.Parse(s.URL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("source %q: url %q is not an absolute https URL", s.ID, s.URL)
			continue
		}
		hosts[u.Host] = true
		if s.Name == "" || s.Language == "" {
			t.Errorf("source %q lacks a name or language", s.ID)
		}
	}
	for _, l := range []string{"en", "ar", "zh", "fr", "de", "fa", "ru", "es", "tr", "uk"} {
		if langs[l] == 0 {
			t.Errorf("no source in %s", l)
		}
	}
	if len(hosts) < 25 {
		t.Errorf("only %d distinct hosts", len(hosts))
	}
}

// The shipped topics parse, include the Syria diplomacy feed exactly as the
// product promises, and name no source (the demo runs them on other sources).
func TestShippedTopics(t *testing.T) {
	var f struct{ Topics []config.Topic }
	readShipped(t, "topics.yaml", &f)
	if len(f.Topics) < 14 {
		t.Errorf("%d topics, want at least 14", len(f.Topics))
	}
	found := false
	for _, tp := range f.Topics {
		if tp.Slug == "syria-diplomacy" {
			found = true
			if tp.Title != "Syria diplomacy" || tp.Match != "region:syria AND topic:diplomacy" {
				t.Errorf("syria-diplomacy = %+v", tp)
			}
		}
		expr, err := rule.Parse(tp.Match)
		if err != nil {
			t.Errorf("topic %q: %v", tp.Slug, err)
			continue
		}
		for _, a := range rule.Atoms(expr) {
			if a.Kind == rule.KindSource {
				t.Errorf("topic %q names source %q: shipped topics must work with any sources", tp.Slug, a.Value)
			}
		}
		if tp.Description == "" {
			t.Errorf("topic %q has no description", tp.Slug)
		}
	}
	if !found {
		t.Error("no syria-diplomacy topic")
	}
}

// The whole shipped configuration loads without a single problem. The
// taxonomy is written file by file; until every file has entries the test
// has nothing to check.
func TestShippedConfigLoads(t *testing.T) {
	for _, name := range []string{"countries.yaml", "regions.yaml", "places.yaml", "actors.yaml", "topics.yaml"} {
		data, err := os.ReadFile(filepath.Join(shippedDir, "taxonomy", name))
		if err != nil || !strings.Contains(string(data), "id:") {
			t.Skipf("taxonomy/%s is not written yet", name)
		}
	}
	// The topic lexicons the conventions promise (docs/configuration.md).
	data, _ := os.ReadFile(filepath.Join(shippedDir, "taxonomy", "topics.yaml"))
	for _, id := range []string{"diplomacy", "conflict", "terrorism", "sanctions", "elections", "humanitarian",
		"migration", "arms", "energy", "human-rights", "climate", "nuclear"} {
		if !strings.Contains(string(data), "id: "+id+"\n") {
			t.Skipf("taxonomy/topics.yaml has no topic %q yet", id)
		}
	}
	cfg, err := config.Load(filepath.Join(shippedDir, "aggregator.yaml"))
	if err != nil {
		t.Fatalf("the shipped configuration has problems:\n%v", err)
	}
	if !cfg.Fetch.AllowPrivateAddresses && cfg.Listen == "127.0.0.1:8080" && len(cfg.Sources) >= 30 && len(cfg.Topics) >= 14 {
		return
	}
	t.Errorf("unexpected shipped settings: listen %q, private %v, %d sources, %d topics",
		cfg.Listen, cfg.Fetch.AllowPrivateAddresses, len(cfg.Sources), len(cfg.Topics))
}

// BenchmarkLoadShipped measures loading and validating the whole shipped
// configuration, as `validate` and every reload do.
func BenchmarkLoadShipped(b *testing.B) {
	path := filepath.Join(shippedDir, "aggregator.yaml")
	for i := 0; i < b.N; i++ {
		_, _ = config.Load(path)
	}
}
