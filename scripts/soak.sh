#!/usr/bin/env bash
# Soak run (issue 17): a simulated week of schedules in accelerated, injected
# time. tools/soak drives the real pipeline, store, retention (with
# tombstones) and topic rendering against SOURCES loopback feeds (default
# 150) published on the same simulated clock, paced so that DAYS simulated
# days (default 7) take DURATION of wall time (default 30m). It samples RSS,
# Go heap, open files, database size and goroutines every simulated 6 hours,
# prints them, and says whether they are flat after the warm-up (exit 1 if
# not). Not part of make test. The HTTP load soak of issue 8 is
# scripts/soak-http.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCES=${SOURCES:-150}
DAYS=${DAYS:-7}
DURATION=${DURATION:-30m}
mkdir -p bin
go build -o bin/soak ./tools/soak
exec bin/soak -sources "$SOURCES" -days "$DAYS" -duration "$DURATION" -config-dir config "$@"
