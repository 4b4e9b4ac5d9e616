package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrationsAreFiledByDialect: the schema is embedded per dialect
// (migrations/sqlite, migrations/postgres), so a migration written at the
// top of migrations/ — where they lived before PostgreSQL — would be
// applied by neither. Every .sql file must sit in a dialect's directory.
func TestMigrationsAreFiledByDialect(t *testing.T) {
	err := filepath.WalkDir("migrations", func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		if dir := filepath.Dir(path); dir != filepath.Join("migrations", "sqlite") && dir != filepath.Join("migrations", "postgres") {
			t.Errorf("%s is in no dialect's directory: move it to migrations/sqlite (and write its PostgreSQL form in migrations/postgres)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
