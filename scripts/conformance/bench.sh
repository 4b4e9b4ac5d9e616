#!/usr/bin/env bash
# HTTP load check of the feed server with wrk (Debian package), on loopback.
#
# Usage:
#   scripts/conformance/bench.sh                  # against the built-in fixture site
#   scripts/conformance/bench.sh --url URL [--topic SLUG]
#
# Measures a cached topic feed (gzip, as readers ask) and a conditional poll
# answered 304, and compares them with the targets of issue 6: at least
# 20,000 requests/s and 30,000 requests/s. Prints one line per measure and
# "bench: N passed, M failed"; exit 1 if a target is missed or any response
# was not 2xx/304. DURATION (default 10s) and CONNECTIONS (default 64) tune it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
URL="" TOPIC="syria-diplomacy"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
FEED_TARGET=${FEED_TARGET:-20000}
NOTMOD_TARGET=${NOTMOD_TARGET:-30000}
while [ $# -gt 0 ]; do
	case "$1" in
	--url) URL=$2; shift 2 ;;
	--topic) TOPIC=$2; shift 2 ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
done
case "$URL" in */) ;; "") ;; *) URL="$URL/" ;; esac

if ! command -v wrk >/dev/null 2>&1; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "$URL" ]; then
	(cd "$ROOT" && go build -o "$WORK/fixture" ./scripts/conformance/fixture)
	"$WORK/fixture" -quiet >"$WORK/fixture.out" 2>"$WORK/fixture.err" &
	SERVER_PID=$!
	for _ in $(seq 100); do
		URL=$(awk '/^URL /{print $2}' "$WORK/fixture.out")
		[ -n "$URL" ] && break
		sleep 0.1
	done
	[ -n "$URL" ] || { echo "bench: fixture did not start" >&2; exit 2; }
fi
FEED="${URL}feeds/$TOPIC.atom"
ETAG=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "$FEED" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
[ -n "$ETAG" ] || { echo "bench: $FEED has no ETag" >&2; exit 2; }

PASSED=0 FAILED=0
measure() { # measure NAME TARGET wrk-args...
	local name=$1 target=$2; shift 2
	wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$WORK/$name.txt" 2>&1
	local rps p99 bad
	rps=$(awk '/^Requests\/sec:/{printf "%d", $2}' "$WORK/$name.txt")
	p99=$(awk '$1=="99%"{print $2}' "$WORK/$name.txt")
	bad=$(awk '/Non-2xx or 3xx responses:/{print $5}' "$WORK/$name.txt")
	if [ "${rps:-0}" -ge "$target" ] && [ -z "$bad" ]; then
		PASSED=$((PASSED + 1)); echo "PASS bench $name: $rps req/s (target $target), p99 $p99"
	else
		FAILED=$((FAILED + 1)); echo "FAIL bench $name: ${rps:-0} req/s (target $target), p99 $p99, non-2xx/3xx ${bad:-0}"
	fi
}
measure cached-feed "$FEED_TARGET" -H 'Accept-Encoding: gzip' "$FEED"
measure not-modified "$NOTMOD_TARGET" -H 'Accept-Encoding: gzip' -H "If-None-Match: $ETAG" "$FEED"
echo "bench: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
