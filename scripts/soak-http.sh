#!/usr/bin/env bash
# HTTP soak (issue 8), loopback only and bounded: the real daemon fetches
# FEEDS feeds (default 1,000, replayed from ../shared/corpus/news by
# tools/feedsim) every minute while wrk loads a topic feed for DURATION
# (default 180s). Reports non-2xx/3xx responses, latency percentiles and the
# daemon's resident memory sampled every 10 s; fails on any 5xx.
set -euo pipefail
cd "$(dirname "$0")/.."
FEEDS=${FEEDS:-1000}
DURATION=${DURATION:-180s}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
go build -o bin/aggregator ./cmd/aggregator
go build -o bin/feedsim ./tools/feedsim
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
bin/feedsim > "$work/feedsim.url" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/feedsim.url" ] && break; sleep 0.1; done
base=$(cat "$work/feedsim.url")
{ echo "sources:"; for i in $(seq 0 $((FEEDS - 1))); do printf '  - id: feed-%d\n    url: %sf/%d.xml\n' "$i" "$base" "$i"; done; } > "$work/sources.yaml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/aggregator.yaml" <<YAML
listen: 127.0.0.1:$port
base_url: http://127.0.0.1:$port/
database: soak.db
sources: sources.yaml
topics: $PWD/config/topics.yaml
taxonomy: $PWD/config/taxonomy
fetch:
  schedule: "@every 1m"
  per_host: 16
  allow_private_addresses: true
log:
  level: warn
YAML
bin/aggregator run -no-watch -config "$work/aggregator.yaml" 2> "$work/daemon.log" &
daemon=$!
pids+=($daemon)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$daemon/status"; }
( while kill -0 $daemon 2>/dev/null; do echo "$(date +%s) $(rss)"; sleep 10; done ) > "$work/rss.txt" &
pids+=($!)
wrk -t2 -c64 -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port/feeds/syria-diplomacy.atom" | tee "$work/wrk.txt"
stored=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^aggregator_articles_stored_total/ {print $2}')
rounds=$(curl -fs "http://127.0.0.1:$port/metrics" | awk -F'[{}" ]' '/^aggregator_source_fetches_total/ {s+=$NF} END {print s}')
first=$(head -6 "$work/rss.txt" | awk '{s+=$2} END {print int(s/NR)}')
last=$(tail -6 "$work/rss.txt" | awk '{s+=$2} END {print int(s/NR)}')
peak=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$daemon/status")
non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$work/wrk.txt")
echo "soak: $FEEDS feeds every minute, $stored articles stored, $rounds source fetches during the run"
echo "soak: daemon RSS first minute ${first} MB, last minute ${last} MB, peak ${peak} MB"
echo "soak: non-2xx/3xx responses: ${non2xx:-0}"
grep -q " 5[0-9][0-9] " "$work/daemon.log" && echo "soak: 5xx in the daemon log" && exit 1
[ -z "$non2xx" ] || { echo "soak: FAILED"; exit 1; }
echo "soak: passed"
