package config_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/intlwire/aggregator/internal/config"
)

// TestDatabaseURL checks that a PostgreSQL URL is kept as it is (not taken
// for a path), that $AGGREGATOR_DATABASE_URL replaces the `database:` key,
// and that a URL without a host is refused without echoing its password.
func TestDatabaseURL(t *testing.T) {
	const url = "postgres://agg:secret@db.internal:5432/news?sslmode=disable"
	files := baseFiles()
	files["aggregator.yaml"] = strings.Replace(files["aggregator.yaml"], "database: data/test.db", "database: "+url, 1)
	cfg, err := config.Load(writeConfig(t, files))
	if err != nil || cfg.Database != url {
		t.Fatalf("database from YAML: %q %v", cfg.Database, err)
	}

	t.Setenv(config.DatabaseEnv, "postgresql://other@db2/news")
	main := writeConfig(t, baseFiles())
	cfg, err = config.Load(main)
	if err != nil || cfg.Database != "postgresql://other@db2/news" {
		t.Fatalf("database from $%s: %q %v", config.DatabaseEnv, cfg.Database, err)
	}

	t.Setenv(config.DatabaseEnv, "")
	cfg, err = config.Load(main)
	if err != nil || cfg.Database != filepath.Join(filepath.Dir(main), "data", "test.db") {
		t.Fatalf("an SQLite path is resolved beside the config: %q %v", cfg.Database, err)
	}

	t.Setenv(config.DatabaseEnv, "postgres://agg:secret@/news")
	ps := problems(t, main)
	if len(ps) != 1 || !strings.Contains(ps[0], "PostgreSQL URL") || strings.Contains(ps[0], "secret") {
		t.Errorf("a URL without a host: %q", ps)
	}
}
