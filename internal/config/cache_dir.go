package config

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The caches — the validated taxonomy (taxonomy_cache.go) and the compiled
// tagger (internal/tag) — are named by the taxonomy's key, a hash of the
// taxonomy files and of the binary: their content follows from the key, so
// every database of a user can share one directory of them, and the first
// start on a new database is as cheap as the second (a cold round over 1,000
// feeds on a fresh database parsed the YAML and built the tagger, 0.9
// CPU-seconds, when the caches lived beside the database file).

// CacheEnv names the environment variable that sets the cache directory;
// "off" turns the caches off (every start parses and builds).
const CacheEnv = "AGGREGATOR_CACHE"

// cacheKeep is how many files of a kind a cache directory keeps: a few
// taxonomies or binaries in use at once (a developer's two builds, two
// configurations) do not evict each other at every start.
const cacheKeep = 3

// cacheTempAge is the age after which a temporary file of an interrupted
// write is removed.
const cacheTempAge = 10 * time.Minute

// CacheDir is the directory of the caches: $AGGREGATOR_CACHE, else
// $CACHE_DIRECTORY (systemd's CacheDirectory=), else
// $XDG_CACHE_HOME/aggregator or ~/.cache/aggregator, created when missing;
// when none can be had, the directory of an SQLite database file. "" means
// no caches.
func CacheDir(database string) string {
	dir := os.Getenv(CacheEnv)
	if dir == "off" {
		return ""
	}
	if dir == "" {
		dir = userCacheDir()
	}
	if dir != "" && os.MkdirAll(dir, 0o700) == nil {
		return dir
	}
	if database != "" && !IsDatabaseURL(database) {
		return filepath.Dir(database)
	}
	return ""
}

// userCacheDir is $CACHE_DIRECTORY's first directory, else the user's
// cache directory's aggregator/, or "".
func userCacheDir() string {
	if dir, _, _ := strings.Cut(os.Getenv("CACHE_DIRECTORY"), ":"); dir != "" {
		return dir // systemd lists several directories with ':'
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "aggregator")
}

// cachePath is the file of kind (".taxonomy", ".tagger") and extension for
// key in the cache directory of database; "" when there is none.
func cachePath(database, kind, ext, key string) string {
	if len(key) < 20 {
		return ""
	}
	dir := CacheDir(database)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, kind+"-"+key[:20]+ext)
}

// TaggerCachePath is the file the compiled tagger of c's taxonomy is cached
// in (internal/tag), or "" when there is no cache.
func (c *Config) TaggerCachePath() string {
	return cachePath(c.Database, ".tagger", ".bin", c.TaxonomyKey)
}

// WriteCacheFile writes a cache file: write fills a temporary file beside
// path, which is then renamed to path, so that a reader (another process
// starting at the same time) sees the old file or the whole new one. The
// oldest files of the same kind beyond a few are removed, and temporary
// files that an interrupted write left.
func WriteCacheFile(path string, write func(io.Writer) error) error {
	dir, name := filepath.Split(path)
	kind, _, _ := strings.Cut(name, "-")
	tmp, err := os.CreateTemp(dir, kind+"-*.tmp")
	if err != nil {
		return fmt.Errorf("config: cache: %w", err)
	}
	werr := write(tmp)
	cerr := tmp.Close()
	if err := cmp.Or(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: cache %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("config: cache: %w", err)
	}
	trimCache(dir, kind, filepath.Ext(name))
	return nil
}

// TouchCacheFile marks a cache file as used, so that trimming keeps the
// files in use (an hour's precision is enough, and costs no write at every
// start).
func TouchCacheFile(path string) {
	if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > time.Hour {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
}

// trimCache keeps the cacheKeep newest files of kind with extension ext in
// dir and removes the kind's temporary files older than cacheTempAge.
func trimCache(dir, kind, ext string) {
	type file struct {
		path string
		mod  time.Time
	}
	var files []file
	all, _ := filepath.Glob(filepath.Join(dir, kind+"-*"))
	for _, p := range all {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
		case strings.HasSuffix(p, ".tmp"):
			if time.Since(fi.ModTime()) > cacheTempAge {
				os.Remove(p)
			}
		case strings.HasSuffix(p, ext):
			files = append(files, file{p, fi.ModTime()})
		}
	}
	slices.SortFunc(files, func(a, b file) int { return b.mod.Compare(a.mod) })
	for _, f := range files[min(len(files), cacheKeep):] {
		os.Remove(f.path)
	}
}

// executableID identifies the running binary's code: the Go build ID
// (a hash of the inputs of the build) read from the head of the executable,
// else its path, size and modification time. A development build whose
// version control says only "modified", and every test binary, have no
// other identity, and a cache must not outlive a change of the code that
// wrote it.
func executableID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	if id := goBuildID(head[:n]); id != "" {
		return id
	}
	fi, err := f.Stat()
	if err != nil {
		return exe
	}
	return fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
}

// goBuildID finds the Go build ID in the head of an executable: in an ELF
// note named "Go" of type 4, or after the marker other formats carry.
func goBuildID(head []byte) string {
	if i := bytes.Index(head, []byte("\x04\x00\x00\x00Go\x00\x00")); i >= 8 {
		size := int(binary.LittleEndian.Uint32(head[i-4:]))
		if start := i + 8; size > 0 && start+size <= len(head) {
			return string(head[start : start+size])
		}
	}
	const marker = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(marker)); i >= 0 {
		rest := head[i+len(marker):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return string(rest[:j])
		}
	}
	return ""
}
