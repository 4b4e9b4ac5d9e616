#!/usr/bin/env bash
# Runs every Go benchmark several times and regenerates the measured tables in
# BENCHMARKS.md (between the GENERATED markers), leaving the hand-written
# analysis around them alone.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_COUNT:-5}
mkdir -p out
cmd="go test -run '^\$' -bench . -benchmem -count $count -timeout 60m ./..."
echo "running: $cmd" >&2
go test -run '^$' -bench . -benchmem -count "$count" -timeout 60m ./... | tee out/bench.txt >&2
go run ./tools/benchreport -cmd "$cmd" < out/bench.txt > out/bench.md
if [ ! -f BENCHMARKS.md ] || ! grep -q '<!-- GENERATED -->' BENCHMARKS.md; then
  printf '# Benchmarks\n\n<!-- GENERATED -->\n<!-- END GENERATED -->\n' > BENCHMARKS.md
fi
awk -v gen=out/bench.md '
  /<!-- GENERATED -->/ { print; while ((getline line < gen) > 0) print line; skip=1; next }
  /<!-- END GENERATED -->/ { skip=0 }
  !skip { print }
' BENCHMARKS.md > out/BENCHMARKS.md && mv out/BENCHMARKS.md BENCHMARKS.md
echo "wrote BENCHMARKS.md" >&2
