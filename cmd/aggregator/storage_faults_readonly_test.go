package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The read-only faults of storage_faults_test.go: the database becoming
// unwritable under a running daemon, and a daemon started on a read-only one.

// TestStorageFaultReadOnly: the database file and its WAL become unwritable
// under the running daemon (the immutable attribute: as root, chmod would not
// stop writes, and a mount cannot be made read-only while files on it are
// open for writing).
func TestStorageFaultReadOnly(t *testing.T) {
	t.Parallel()
	feed := newFaultFeed(t, 0)
	cfgPath, dataDir := faultConfig(t, feed.srv.URL+"/wire.xml")
	if err := chattr("+i", filepath.Join(dataDir, "probe")); err != nil {
		t.Skipf("cannot make a file immutable here (needs root and a file system with the attribute, e.g. ext4): %v", err)
	}
	d := startFaultDaemon(t, cfgPath)
	files := []string{d.dbPath, d.dbPath + "-wal"}
	t.Cleanup(func() { chattr("-i", files...) }) // before the temp dir is removed
	runFault(t, feed, d, fault{
		breakIt: func() {
			if err := chattr("+i", files...); err != nil {
				t.Fatal(err)
			}
		},
		errWant: []string{"readonly", "read-only", "disk I/O error", "not permitted"},
		within:  15 * time.Second,
		repair: func() {
			if err := chattr("-i", files...); err != nil {
				t.Fatal(err)
			}
		},
	})
}

// chattr sets or clears a file attribute; a file that does not exist is
// created, given the attribute and removed again (a probe for support).
func chattr(op string, files ...string) error {
	for _, f := range files {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
			if err := os.WriteFile(f, nil, 0o644); err != nil {
				return err
			}
			defer func() {
				exec.Command("chattr", "-i", f).Run()
				os.Remove(f)
			}()
		}
		if out, err := exec.Command("chattr", op, f).CombinedOutput(); err != nil {
			return fmt.Errorf("chattr %s %s: %v: %s", op, f, err, out)
		}
	}
	return nil
}

// TestStorageFaultReadOnlyAtStart: the daemon is started on a database whose
// directory is read-only (a read-only bind mount as root, else chmod). It cannot run (the store must write its WAL
// files and migrations), so it must exit with status 2 and say which file and
// why, not hang or crash.
func TestStorageFaultReadOnlyAtStart(t *testing.T) {
	t.Parallel()
	feed := newFaultFeed(t, 0)
	cfgPath, dataDir := faultConfig(t, feed.srv.URL+"/wire.xml")
	bin := binary(t)
	if out, err := exec.Command(bin, "fetch", "-all", "-config", cfgPath).CombinedOutput(); err != nil {
		t.Fatalf("first fetch: %v\n%s", err, out)
	}
	if os.Geteuid() != 0 { // permissions stop writes, except for root
		os.Chmod(dataDir, 0o555)
		t.Cleanup(func() { os.Chmod(dataDir, 0o755) })
	} else if out, err := exec.Command("mount", "--bind", dataDir, dataDir).CombinedOutput(); err != nil {
		t.Skipf("running as root, where chmod does not stop writes, and cannot bind-mount read-only: %v %s", err, out)
	} else {
		t.Cleanup(func() { exec.Command("umount", "-l", dataDir).Run() })
		if out, err := exec.Command("mount", "-o", "remount,ro,bind", dataDir).CombinedOutput(); err != nil {
			t.Skipf("running as root, where chmod does not stop writes, and cannot remount read-only: %v %s", err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(dataDir, "probe"), nil, 0o644); err == nil {
		t.Fatalf("the read-only mount is writable")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "run", "-no-watch", "-config", cfgPath).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the daemon neither served nor exited on a read-only database:\n%s", out)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Errorf("exit: %v, want status 2 (internal failure)", err)
	}
	msg := string(out)
	if !strings.Contains(msg, filepath.Join(dataDir, "test.db")) || !strings.Contains(msg, "not writable") {
		t.Errorf("the error should name the database and say it is not writable:\n%s", msg)
	}
	t.Logf("%s", strings.TrimSpace(msg))
}
