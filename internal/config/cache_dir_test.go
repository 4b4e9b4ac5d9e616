package config

import (
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The cache directory: $AGGREGATOR_CACHE, "off" for none, then
// $CACHE_DIRECTORY, then the user's; without any, an SQLite database's
// directory, and none for PostgreSQL.
func TestCacheDir(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "db", "aggregator.db")
	t.Setenv(CacheEnv, filepath.Join(tmp, "mine"))
	if got := CacheDir(db); got != filepath.Join(tmp, "mine") {
		t.Errorf("with %s: %q", CacheEnv, got)
	}
	if _, err := os.Stat(filepath.Join(tmp, "mine")); err != nil {
		t.Errorf("the directory was not made: %v", err)
	}
	t.Setenv(CacheEnv, "off")
	if got := CacheDir(db); got != "" {
		t.Errorf("with %s=off: %q", CacheEnv, got)
	}
	t.Setenv(CacheEnv, "")
	t.Setenv("CACHE_DIRECTORY", filepath.Join(tmp, "systemd")+":"+filepath.Join(tmp, "other"))
	if got := CacheDir(db); got != filepath.Join(tmp, "systemd") {
		t.Errorf("with CACHE_DIRECTORY: %q", got)
	}
	t.Setenv("CACHE_DIRECTORY", "")
	t.Setenv("XDG_CACHE_HOME", filepath.Join(tmp, "xdg"))
	if got := CacheDir(db); got != filepath.Join(tmp, "xdg", "aggregator") {
		t.Errorf("with XDG_CACHE_HOME: %q", got)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "")
	if got := CacheDir(db); got != filepath.Dir(db) {
		t.Errorf("without a user cache directory: %q, want the database's", got)
	}
	if got := CacheDir("postgres://u@h/db"); got != "" {
		t.Errorf("PostgreSQL without a user cache directory: %q", got)
	}
}

// A write replaces the file whole, keeps the newest few of its kind and
// clears old temporary files; a directory that cannot be written is an
// error for the caller to ignore.
func TestWriteCacheFile(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{".tagger-a.bin", ".tagger-b.bin", ".tagger-c.bin", ".tagger-x.tmp", ".taxonomy-a.gob"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
		old = old.Add(time.Minute)
	}
	path := filepath.Join(dir, ".tagger-d.bin")
	if err := WriteCacheFile(path, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("written %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	want := []string{".tagger-b.bin", ".tagger-c.bin", ".tagger-d.bin", ".taxonomy-a.gob"}
	if len(left) != len(want) {
		t.Fatalf("left %v, want %v", left, want)
	}
	for i, p := range left {
		if filepath.Base(p) != want[i] {
			t.Errorf("left %v, want %v", left, want)
			break
		}
	}
	if err := WriteCacheFile(filepath.Join(dir, "missing", ".tagger-e.bin"), func(io.Writer) error { return nil }); err == nil {
		t.Error("a write into a missing directory did not fail")
	}
}

// The executable's identity is its Go build ID, read from its head.
func TestExecutableID(t *testing.T) {
	id := executableID()
	if id == "" || id != executableID() {
		t.Fatalf("executable id %q", id)
	}
	note := binary.LittleEndian.AppendUint32(nil, 4)
	note = binary.LittleEndian.AppendUint32(note, 5)
	note = binary.LittleEndian.AppendUint32(note, 4)
	note = append(note, "Go\x00\x00abcde\x00\x00\x00"...)
	if got := goBuildID(append([]byte("\x7fELF...."), note...)); got != "abcde" {
		t.Errorf("ELF note: %q", got)
	}
	if got := goBuildID([]byte("xx\xff Go build ID: \"a/b/c\"\n \xff")); got != "a/b/c" {
		t.Errorf("marker: %q", got)
	}
}
