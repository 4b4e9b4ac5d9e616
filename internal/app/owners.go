package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ownerName names this process in its fetch leases as host/pid/random: the
// host and process id say where to look, the random part makes a restarted
// process (which could get the same pid) a new owner.
func ownerName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails on Linux
	return fmt.Sprintf("%s/%d/%x", host, os.Getpid(), b)
}

// deadHere reports whether owner was a process on this host that no longer
// runs. A daemon restarted after a crash (or kill -9) would otherwise wait
// out its predecessor's leases before fetching those sources again.
// Owners on other hosts are never judged: their leases expire by time.
func deadHere(owner string) bool {
	parts := strings.Split(owner, "/")
	if len(parts) != 3 {
		return false
	}
	host, _ := os.Hostname()
	pid, err := strconv.Atoi(parts[1])
	if parts[0] != host || err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	// Signal 0 checks that the process exists without touching it.
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// leaseKeeper is what releasing dead owners asks of storage.
type leaseKeeper interface {
	LeaseOwners(ctx context.Context, now time.Time) ([]string, error)
	ReleaseOwner(ctx context.Context, owner string) (int64, error)
}

// releaseDeadOwners ends the leases of fetchers on this host whose process
// is gone.
func releaseDeadOwners(ctx context.Context, st leaseKeeper, log *slog.Logger) error {
	owners, err := st.LeaseOwners(ctx, time.Now())
	if err != nil {
		return err
	}
	for _, o := range owners {
		if !deadHere(o) {
			continue
		}
		n, err := st.ReleaseOwner(ctx, o)
		if err != nil {
			return err
		}
		log.Info("released the fetch leases of a fetcher that is gone", "owner", o, "sources", n)
	}
	return nil
}
