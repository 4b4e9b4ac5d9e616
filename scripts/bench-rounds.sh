#!/usr/bin/env bash
# Whole-command figures (issue 18), part of `make bench`: the real binary's
# fetch rounds over loopback copies of ../shared/corpus/news with the
# references measured in the same run, then its start-up.
#
#   rounds    ../shared/bench/rounds.sh: cold, warm (all 304) and changed
#             rounds of `aggregator fetch -all -json`, medians of 3, beside
#             gofeed's parse-only time on the same bytes and, when yarr can
#             be had, yarr's cold and warm rounds on the same feeds.
#   start-up  `aggregator fetch` with no source due, over a database that a
#             round of STARTUP_FEEDS (200) feeds has just filled: the whole
#             process, median of 5, beside `aggregator version` (the cost of
#             starting any process of this binary).
#
# yarr (github.com/nkanaev/yarr, a Go + SQLite reader) is installed with
# `go install` into out/yarr, like staticcheck, never vendored; YARR_BIN
# names one already built (where the module proxy refuses yarr, a build from
# its public source outside the repository: BENCHMARKS.md, "Session 11: yarr
# beside us"), YARR=0 skips it. BENCH_BIN measures another build
# of the binary; ROUND_FEEDS=0 measures start-up only. Without ../shared/corpus the
# script says so and measures nothing. Loopback only.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${SHARED:-$root/../shared}
bin=${BENCH_BIN:-$root/bin/aggregator} # BENCH_BIN: another build to measure the same way
[ -x "$bin" ] || go build -o "$bin" ./cmd/aggregator || exit 1
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if [ ! -d "$shared/corpus/news" ] || [ ! -f "$shared/bench/rounds.sh" ]; then
  echo "no $shared/corpus/news or $shared/bench: whole-command rounds not measured"
  exit 0
fi
mkdir -p out
yarr_version=${YARR_VERSION:-v2.4}
if [ -z "${YARR_BIN:-}" ] && [ "${YARR:-1}" != 0 ] && [ "${ROUND_FEEDS:-1000}" != 0 ]; then
  if CGO_ENABLED=1 GOBIN="$root/out/yarr" go install -tags "sqlite_foreign_keys sqlite_json sqlite_fts5" \
    "github.com/nkanaev/yarr/cmd/yarr@$yarr_version" >out/yarr-install.log 2>&1; then
    YARR_BIN=$root/out/yarr/yarr
  else
    echo "yarr $yarr_version could not be installed ($(tail -1 out/yarr-install.log)): rounds without it"
  fi
fi
export YARR_BIN=${YARR_BIN:-}

if [ "${ROUND_FEEDS:-1000}" != 0 ]; then # ROUND_FEEDS=0: start-up only
  echo "rounds: ../shared/bench/rounds.sh $(basename "$bin") ${ROUND_FEEDS:-1000}"
  bash "$shared/bench/rounds.sh" "$bin" "${ROUND_FEEDS:-1000}"
fi

# Start-up.
T=$(mktemp -d)
fs=
trap '[ -n "$fs" ] && kill "$fs" 2>/dev/null; rm -rf "$T"' EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
n=${STARTUP_FEEDS:-200}
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
(cd "$shared/bench" && go build -o "$T/feedserver" feedserver.go) || exit 1
python3 "$shared/bench/loopbackify.py" "http://127.0.0.1:$port" "$T/feeds" "$n" "$shared"/corpus/news/*.xml >/dev/null || exit 1
{ echo "sources:"; i=0; for f in $(cd "$T/feeds" && ls ./*.xml | sort); do i=$((i+1)); printf '  - id: s%05d\n    url: http://127.0.0.1:%s/%s\n' "$i" "$port" "${f#./}"; done; } >"$T/sources.yaml"
cat >"$T/aggregator.yaml" <<YAML
database: $T/db/aggregator.db
sources: $T/sources.yaml
topics: $root/config/topics.yaml
taxonomy: $root/config/taxonomy/
fetch:
  concurrency: 16
  per_host: 16
  allow_private_addresses: true
YAML
"$T/feedserver" -addr "127.0.0.1:$port" -dir "$T/feeds" -log "$T/server.log" 2>"$T/fs.err" &
fs=$!
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/feeds.opml" 2>/dev/null && break; sleep 0.1; done
"$bin" fetch -config "$T/aggregator.yaml" -all -json >"$T/fill.out" 2>"$T/fill.err" || { echo "start-up: the filling round failed: $(tail -2 "$T/fill.err")"; exit 1; }
kill "$fs" 2>/dev/null; wait "$fs" 2>/dev/null; fs=
timed() { python3 "$shared/bench/timed.py" "$T/t.out" "$T/t.err" 60 "$@" | awk '{print $2}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
# One start untimed, so that the caches of the taxonomy and the tagger
# (config.CacheDir) are written before the timed starts, as on any start
# after a binary's first.
"$bin" fetch -config "$T/aggregator.yaml" -json >/dev/null 2>&1
starts=(); versions=()
for _ in 1 2 3 4 5; do
  starts+=("$(timed "$bin" fetch -config "$T/aggregator.yaml" -json)")
  grep -q '"sources":0' "$T/t.out" || { echo "start-up: sources were due: $(cat "$T/t.out")"; exit 1; }
  versions+=("$(timed "$bin" version)")
done
ms=$(median "${starts[@]}"); mv=$(median "${versions[@]}")
echo "start-up: \`aggregator fetch\` with no source due ($n sources, $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["new_articles"])' "$T/fill.out") articles stored): ${ms}s (median of 5; runs ${starts[*]}); \`aggregator version\`: ${mv}s"
