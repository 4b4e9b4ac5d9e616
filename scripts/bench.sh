#!/usr/bin/env bash
# `make bench`: every Go benchmark (with -benchmem), several runs each, then
# the HTTP load check with wrk against the real daemon (the demo), the
# whole-command fetch rounds and start-up of the real binary beside gofeed and
# yarr (scripts/bench-rounds.sh) and Miniflux (scripts/bench-reference.sh;
# ROUNDS=0 skips them), and — with SCALE=1 —
# the synthetic 10,000-source / 1,000,000-article store (tools/scale, about
# half an hour). Regenerates the measured tables of BENCHMARKS.md between its
# GENERATED markers; the analysis around them is written by hand.
# BENCH_COUNT (default 3) sets the runs per benchmark; BENCH (default .) filters.
# Packages run one at a time (-p 1): two benchmarks sharing two cores would
# measure each other.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_COUNT:-3}
filter=${BENCH:-.}
mkdir -p out
go build -o bin/aggregator ./cmd/aggregator

cmd="go test -p 1 -run '^\$' -bench '$filter' -benchmem -count $count -timeout 120m ./..."
echo "running: $cmd" >&2
go test -p 1 -run '^$' -bench "$filter" -benchmem -count "$count" -timeout 120m ./... | tee out/bench.txt >&2
go run ./tools/benchreport -cmd "$cmd" < out/bench.txt > out/bench.md

# HTTP: a cached feed and a 304 under wrk, served by the demo daemon.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
./bin/aggregator demo -listen "127.0.0.1:$port" -dir "$(mktemp -d)" >/dev/null 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/feeds/syria-diplomacy.rss" 2>/dev/null | grep -q '<item>' && break; sleep 0.2; done
{
  printf '\n### HTTP under wrk (the demo daemon, loopback)\n\n```\n'
  bash scripts/conformance/bench.sh --url "http://127.0.0.1:$port/" --topic syria-diplomacy 2>&1 || true
  printf '```\n'
} | tee -a out/bench.md >&2
kill $demo 2>/dev/null || true

# Whole-command rounds and start-up of the real binary, beside gofeed and
# yarr in the same run (scripts/bench-rounds.sh), then beside Miniflux
# (scripts/bench-reference.sh; it runs under the PostgreSQL this script
# runs beside). ROUNDS=0 skips them.
if [ "${ROUNDS:-1}" != 0 ]; then
  {
    printf '\n### Whole-command rounds and start-up (scripts/bench-rounds.sh)\n\n```\n'
    bash scripts/bench-rounds.sh 2>&1 || true
    printf '```\n'
    printf '\n### Beside Miniflux, the reference reader (scripts/bench-reference.sh)\n\n```\n'
    bash scripts/bench-reference.sh 2>&1 | grep -v '^NOTICE' || true
    printf '```\n'
  } | tee -a out/bench.md >&2
fi

if [ "${SCALE:-0}" = 1 ]; then
  go run ./tools/scale -dir out/scale | tee -a out/bench.md >&2
fi

if [ ! -f BENCHMARKS.md ] || ! grep -q '<!-- GENERATED -->' BENCHMARKS.md; then
  printf '# Benchmarks\n\n<!-- GENERATED -->\n<!-- END GENERATED -->\n' > BENCHMARKS.md
fi
awk -v gen=out/bench.md '
  /<!-- GENERATED -->/ { print; while ((getline line < gen) > 0) print line; skip=1; next }
  /<!-- END GENERATED -->/ { skip=0 }
  !skip { print }
' BENCHMARKS.md > out/BENCHMARKS.md && mv out/BENCHMARKS.md BENCHMARKS.md
echo "wrote BENCHMARKS.md" >&2
