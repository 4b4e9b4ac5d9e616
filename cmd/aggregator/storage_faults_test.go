package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/store"
)

// The storage-fault tests run the real daemon, let it publish a first story,
// then break its database — locked by another process, disk full, read-only —
// while the source moves on to a second story. Each fault must show up as a
// clear error in the log, the daemon must keep running and keep serving the
// last good feed, and once the fault is cleared the second story must arrive.

const (
	firstTitle   = "Syria ceasefire talks open in Damascus with Russian envoy"
	secondTitle  = "Syrian and Turkish diplomats sign Aleppo corridor accord at Ankara summit"
	faultFeedURL = "/feeds/syria-diplomacy.rss"
)

// faultFeed serves the first story, then (after next is set) the second one
// with filler items of random words, enough to need fresh disk space.
type faultFeed struct {
	srv    *httptest.Server
	next   atomic.Bool
	hits   atomic.Int64
	filler int
}

func newFaultFeed(t *testing.T, filler int) *faultFeed {
	t.Helper()
	f := &faultFeed{filler: filler}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fault wire</title><link>https://wire.example.org/</link>`)
		if !f.next.Load() {
			fmt.Fprintf(w, `<item><title>%s</title><link>https://wire.example.org/1</link><guid>w1</guid>
<description>Syrian and Russian diplomats opened ceasefire talks in Damascus on Monday, the foreign ministry said.</description></item>`, firstTitle)
		} else {
			fmt.Fprintf(w, `<item><title>%s</title><link>https://wire.example.org/2</link><guid>w2</guid>
<description>Negotiators from Syria and Turkey signed an accord on a humanitarian corridor near Aleppo after a summit in Ankara.</description></item>`, secondTitle)
			x := uint32(7)
			for i := 0; i < f.filler; i++ {
				fmt.Fprintf(w, `<item><title>Filler %d</title><link>https://wire.example.org/f/%d</link><guid>f%d</guid><description>`, i, i, i)
				for range 600 { // about 4 KB of words no two items share
					x ^= x << 13
					x ^= x >> 17
					x ^= x << 5
					fmt.Fprintf(w, "w%x ", x%100000)
				}
				io.WriteString(w, `</description></item>`)
			}
		}
		io.WriteString(w, `</channel></rss>`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// faultDaemon is a running `aggregator run`.
type faultDaemon struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string
	logs   *syncBuffer
	exited chan error
	dbPath string
	topics []string // configured topic slugs
}

// faultConfig writes a configuration polling feedURL every second, with
// backoff capped at two seconds so recovery is quick, and returns its path
// and its data directory (where the database goes; created by the caller,
// so it can be a mount point).
func faultConfig(t *testing.T, feedURL string) (cfgPath, dataDir string) {
	t.Helper()
	cfgPath = writeConfig(t, []config.Source{{ID: "wire", URL: feedURL}},
		"  schedule: \"@every 1s\"\n  min_interval: 1s\n  max_interval: 2s\n")
	main, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	main = []byte(strings.Replace(string(main), "listen: 127.0.0.1:0", "listen: "+freeAddr(t), 1))
	// The large update (up to a megabyte) must be read in time under -race
	// on a busy machine: at 1 s it timed out there, before the store was
	// even reached.
	main = []byte(strings.Replace(string(main), "  timeout: 1s\n", "  timeout: 5s\n", 1))
	if err := os.WriteFile(cfgPath, main, 0o644); err != nil {
		t.Fatal(err)
	}
	dataDir = filepath.Join(filepath.Dir(cfgPath), "data")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dataDir
}

func startFaultDaemon(t *testing.T, cfgPath string) *faultDaemon {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	d := &faultDaemon{t: t, base: "http://" + cfg.Listen, logs: &syncBuffer{}, exited: make(chan error, 1), dbPath: cfg.Database}
	for _, tp := range cfg.Topics {
		d.topics = append(d.topics, tp.Slug)
	}
	d.cmd = exec.Command(binary(t), "run", "-no-watch", "-config", cfgPath)
	d.cmd.Stdout, d.cmd.Stderr = d.logs, d.logs
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.exited <- d.cmd.Wait() }()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		<-d.exited
		if t.Failed() {
			t.Logf("daemon log:\n%s", d.logs.String())
		}
	})
	return d
}

// alive fails the test if the daemon has exited.
func (d *faultDaemon) alive() {
	d.t.Helper()
	select {
	case err := <-d.exited:
		d.exited <- err
		d.t.Fatalf("the daemon exited: %v", err)
	default:
	}
}

// get fetches a path and returns status, body and how long it took.
func (d *faultDaemon) get(path string) (int, string, time.Duration) {
	start := time.Now()
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Get(d.base + path)
	if err != nil {
		return 0, err.Error(), time.Since(start)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), time.Since(start)
}

// servesFirst checks the daemon still serves the last good feed, and quickly.
func (d *faultDaemon) servesFirst(when string) {
	d.t.Helper()
	d.alive()
	for _, path := range []string{faultFeedURL, "/feeds/syria-diplomacy.atom", "/feeds/syria-diplomacy.json", "/feeds/syria-diplomacy", "/", "/healthz"} {
		code, body, took := d.get(path)
		if code != http.StatusOK {
			d.t.Errorf("%s: GET %s = %d %.300s", when, path, code, body)
			continue
		}
		if took > 3*time.Second {
			d.t.Errorf("%s: GET %s took %v", when, path, took)
		}
		if strings.HasPrefix(path, "/feeds/") && (!strings.Contains(body, "Syria ceasefire talks open in Damascus") || strings.Contains(body, "Aleppo corridor")) {
			d.t.Errorf("%s: GET %s does not serve the last good feed: %.500s", when, path, body)
		}
	}
}

// burst requests every topic feed at once — most not rendered yet, so they
// need the database and more than the idle reader connections — and checks
// each is answered 200 within a few seconds. With strict false a failure is
// only logged (see burstStrict).
func (d *faultDaemon) burst(when string, strict bool) {
	d.t.Helper()
	type answer struct {
		path string
		code int
		took time.Duration
	}
	ch := make(chan answer, len(d.topics))
	for _, slug := range d.topics {
		go func() {
			path := "/feeds/" + slug + ".atom"
			code, _, took := d.get(path)
			ch <- answer{path, code, took}
		}()
	}
	for range d.topics {
		a := <-ch
		if a.code != http.StatusOK || a.took > 3*time.Second {
			report := d.t.Errorf
			if !strict {
				report = d.t.Logf
			}
			report("%s: GET %s = %d after %v", when, a.path, a.code, a.took.Round(time.Millisecond))
		}
	}
}

// waitFetchError waits until the daemon logs a failed fetch of the source
// whose error contains one of wants, after byte offset mark of the log, and
// returns that line.
func (d *faultDaemon) waitFetchError(mark int, within time.Duration, wants ...string) string {
	d.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(d.logs.String()[mark:], "\n") {
			if !strings.Contains(line, "msg=fetch source=wire outcome=failed") {
				continue
			}
			for _, w := range wants {
				if strings.Contains(line, w) {
					return line
				}
			}
		}
		d.alive()
		time.Sleep(100 * time.Millisecond)
	}
	d.t.Fatalf("the log never reported a failed fetch with any of %q", wants)
	return ""
}

// stop stops the daemon with SIGTERM and checks that it exits cleanly and
// leaves a sound database.
func (d *faultDaemon) stop() {
	d.t.Helper()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-d.exited:
		d.exited <- err
		if err != nil {
			d.t.Errorf("daemon exit after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		d.t.Fatal("daemon did not stop within 20s of SIGTERM")
	}
	st, err := store.Open(context.Background(), d.dbPath)
	if err != nil {
		d.t.Fatalf("reopen after the fault: %v", err)
	}
	defer st.Close()
	if res, err := st.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		d.t.Errorf("integrity check after the fault: %q %v", res, err)
	}
}

// fault is one way of breaking the database under a running daemon.
type fault struct {
	// breakIt breaks the database; during runs after the source has moved
	// on (it may hold the fault for a while); repair clears the fault.
	breakIt, during, repair func()
	// errWant lists the texts one of which the log must show, within.
	errWant []string
	within  time.Duration
	// probed says during already checked the serving while the fault was
	// on, and ended it (a lock must be let go for the error to be logged).
	probed bool
}

// runFault is the common course of a fault test: publish the first story,
// break the database, move the source on, check errors and serving, repair,
// and check recovery.
func runFault(t *testing.T, feed *faultFeed, d *faultDaemon, f fault) {
	t.Helper()
	waitFor(t, d.base+faultFeedURL, "Syria ceasefire talks open in Damascus", 30*time.Second)
	d.servesFirst("before the fault")
	f.breakIt()
	broke := time.Now()
	mark := len(d.logs.String())
	feed.next.Store(true)
	hits := feed.hits.Load()
	if f.during != nil {
		f.during()
	}
	line := d.waitFetchError(mark, f.within, f.errWant...)
	t.Logf("%v after the fault, the log says: %s", time.Since(broke).Round(100*time.Millisecond), line)
	// The fault is met at the claim on the source (nothing fetched) or at
	// the store write after the fetch.
	if strings.Contains(line, "claim source") {
		fetchedBeforeClaim(t, d.logs.String()[mark:], line)
	} else if feed.hits.Load() <= hits {
		t.Errorf("the source was not fetched during the fault")
	}
	if !f.probed {
		d.servesFirst("during the fault")
		d.burst("during the fault", burstStrict)
		if _, body, _ := d.get("/healthz"); !strings.Contains(body, `"store_error"`) {
			t.Errorf("/healthz does not report the failing database: %s", body)
		}
	}
	if f.repair != nil {
		f.repair()
	}
	repaired := time.Now()
	waitFor(t, d.base+faultFeedURL, "Aleppo corridor accord", 30*time.Second)
	t.Logf("recovered %v after the repair", time.Since(repaired).Round(100*time.Millisecond))
	if _, body, _ := d.get("/healthz"); strings.Contains(body, "store_error") {
		t.Errorf("/healthz still reports a failing database after recovery: %s", body)
	}
	d.alive()
	d.stop()
}

// burstStrict: topic feeds never rendered before must be served during a
// storage fault. (It was off while the store ran journal_mode and auto_vacuum
// on reader connections; auto_vacuum opens a write transaction, so every new
// reader failed during a fault.)
const burstStrict = true

// TestStorageFaultLocked: another process holds an exclusive lock for longer
// than the busy timeout (10s) while the source has news. Feeds are served
// all along; the store write gives up with "database is locked".
func TestStorageFaultLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("holds a lock past the 10s busy timeout")
	}
	t.Parallel()
	feed := newFaultFeed(t, 0)
	cfgPath, _ := faultConfig(t, feed.srv.URL+"/wire.xml")
	d := startFaultDaemon(t, cfgPath)
	var conn *sql.Conn
	runFault(t, feed, d, fault{
		breakIt: func() {
			db, err := sql.Open("sqlite", "file:"+d.dbPath+"?_pragma=busy_timeout(5000)")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if conn, err = db.Conn(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
				t.Fatal(err)
			}
		},
		during: func() {
			held := time.Now()
			d.burst("during the lock", burstStrict)
			for time.Since(held) < 11*time.Second {
				d.servesFirst(fmt.Sprintf("%v into the lock", time.Since(held).Round(time.Second)))
				time.Sleep(2 * time.Second)
			}
			if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
				t.Fatal(err)
			}
			conn.Close()
		},
		errWant: []string{"database is locked"},
		within:  15 * time.Second,
		probed:  true,
	})
}

// TestStorageFaultDiskFull: the database lives on a small tmpfs that is
// filled up while the source has a large update.
func TestStorageFaultDiskFull(t *testing.T) {
	t.Parallel()
	feed := newFaultFeed(t, 499)
	cfgPath, dataDir := faultConfig(t, feed.srv.URL+"/wire.xml")
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dataDir).Run(); err != nil {
		t.Skipf("cannot mount a size-limited tmpfs (needs root and mount rights): %v", err)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dataDir).Run() }) // after the daemon is gone (cleanups run last first)
	d := startFaultDaemon(t, cfgPath)
	filler := filepath.Join(dataDir, "filler")
	runFault(t, feed, d, fault{
		breakIt: func() {
			if err := fillDisk(filler); err != nil {
				t.Fatal(err)
			}
		},
		errWant: []string{"database or disk is full"},
		within:  20 * time.Second,
		repair: func() {
			if err := os.Remove(filler); err != nil {
				t.Fatal(err)
			}
		},
	})
}

// fillDisk writes path until the file system has no space left.
func fillDisk(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for chunk := make([]byte, 64<<10); err == nil; _, err = f.Write(chunk) {
	}
	if errors.Is(err, syscall.ENOSPC) {
		return nil
	}
	return err
}
