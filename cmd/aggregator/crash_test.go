package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/store"
)

// genFeeds serves /gen/N.xml: n feeds of items items each, every item distinct.
func genFeeds(t *testing.T, items int) *httptest.Server {
	t.Helper()
	places := []string{"Damascus", "Kyiv", "Khartoum", "Caracas", "Manila", "Addis Ababa", "Baghdad", "Tehran", "Beijing", "Ankara"}
	verbs := []string{"hold talks on a ceasefire", "sign a trade accord", "report shelling near the border", "announce new sanctions", "open a humanitarian corridor"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/gen/"), ".xml"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed %d</title><link>http://gen.example.org/%d</link>`, n, n)
		for i := 0; i < items; i++ {
			p, v := places[(n+i)%len(places)], verbs[(n*7+i)%len(verbs)]
			fmt.Fprintf(w, `<item><title>Officials in %s %s (%d-%d)</title><link>http://gen.example.org/%d/%d</link><guid>g-%d-%d</guid>
<description>Report %d of desk %d: officials in %s %s, according to statements released on day %d; observers from %d capitals followed the meeting.</description></item>`,
				p, v, n, i, n, i, n, i, i, n, p, v, i*13+n, n%17+2)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// committed returns source|guid of every stored article, read straight from
// the database file after the daemon died.
func committed(t *testing.T, dbPath string) map[string]bool {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath) // recovers the WAL like a restart would
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if res, err := st.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Fatalf("integrity check after SIGKILL: %q %v", res, err)
	}
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT source_id || '|' || guid FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		out[k] = true
	}
	return out
}

func countWhere(t *testing.T, dbPath, q string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=query_only(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		return -1
	}
	return n
}

// TestCrashSafety kills the real daemon with SIGKILL in the middle of a fetch
// round, during a reload and during a backup, and checks after each that the
// database is sound, nothing committed was lost, nothing is duplicated, and
// the next round completes.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the daemon several times")
	}
	bin := binary(t)
	const feeds, items = 120, 40
	gen := genFeeds(t, items)
	var srcs []config.Source
	for i := 0; i < feeds; i++ {
		srcs = append(srcs, config.Source{ID: fmt.Sprintf("gen-%03d", i), URL: fmt.Sprintf("%s/gen/%d.xml", gen.URL, i)})
	}
	cfgPath := writeConfig(t, srcs, "  concurrency: 8\n")
	addr := freeAddr(t)
	main, _ := os.ReadFile(cfgPath)
	os.WriteFile(cfgPath, []byte(strings.Replace(string(main), "listen: 127.0.0.1:0", "listen: "+addr, 1)), 0o644)
	dbPath := filepath.Join(filepath.Dir(cfgPath), "data", "test.db")

	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "run", "-no-watch", "-config", cfgPath)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	kill := func(cmd *exec.Cmd) {
		cmd.Process.Kill()
		cmd.Wait()
	}

	// 1. Kill mid-ingest: as soon as some, but not all, articles are in.
	cmd := start()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n := countWhere(t, dbPath, `SELECT count(*) FROM articles`); n > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	kill(cmd)
	before := committed(t, dbPath)
	if len(before) == 0 || len(before) >= feeds*items {
		t.Logf("killed with %d of %d articles stored (not strictly mid-ingest)", len(before), feeds*items)
	}

	// 2. Restart, kill during a reload.
	cmd = start()
	waitFor(t, "http://"+addr+"/healthz", "ok", 20*time.Second)
	cmd.Process.Signal(syscall.SIGHUP)
	time.Sleep(20 * time.Millisecond)
	kill(cmd)
	mid := committed(t, dbPath)
	for k := range before {
		if !mid[k] {
			t.Fatalf("article %s committed before the crash is gone", k)
		}
	}

	// 3. Kill a backup half-way: no truncated file under the real name.
	backup := filepath.Join(t.TempDir(), "backup.db")
	b := exec.Command(bin, "backup", "-config", cfgPath, backup)
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	b.Process.Kill()
	b.Wait()
	if _, err := os.Stat(backup); err == nil {
		if out, err := exec.Command(bin, "backup", "-config", cfgPath, backup+".2").CombinedOutput(); err != nil {
			t.Fatalf("backup after a killed backup: %v %s", err, out)
		}
	}
	committed(t, dbPath)

	// 4. The next round completes: every source fetched, nothing duplicated.
	cmd = start()
	defer kill(cmd)
	deadline = time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && countWhere(t, dbPath, `SELECT count(*) FROM sources WHERE last_success > 0`) < feeds {
		time.Sleep(100 * time.Millisecond)
	}
	if n := countWhere(t, dbPath, `SELECT count(*) FROM sources WHERE last_success > 0`); n != feeds {
		t.Fatalf("after restart %d of %d sources completed", n, feeds)
	}
	if n := countWhere(t, dbPath, `SELECT count(*) FROM articles`); n != feeds*items {
		t.Errorf("%d articles stored, want %d (each once)", n, feeds*items)
	}
	if n := countWhere(t, dbPath, `SELECT count(*) FROM (SELECT canonical_url FROM articles GROUP BY canonical_url HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d canonical URLs stored more than once", n)
	}
	after := committed(t, dbPath)
	for k := range mid {
		if !after[k] {
			t.Fatalf("article %s lost across restarts", k)
		}
	}
}
