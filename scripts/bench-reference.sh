#!/usr/bin/env bash
# Miniflux, the reference Go feed reader, beside this product on the same
# loopback feeds in the same run (issue 18: "a reference reader beside it
# where one can be had"; yarr cannot be installed here, see BENCHMARKS.md).
# Part of `make bench`.
#
#   scripts/bench-reference.sh [FEEDS]      (FEEDS default 1000)
#
# It serves FEEDS loopback copies of ../shared/corpus/news with
# ../shared/bench's feedserver (ETag, 304, gzip) and times, RUNS (3) times
# each, whole commands on a fresh database:
#   ours, SQLite       `aggregator fetch -all -json`, cold then warm (all 304);
#   ours, PostgreSQL   the same with `database:` a PostgreSQL URL;
#   Miniflux           `miniflux -refresh-feeds` (one batch of every feed, then
#                      exit: its own one-shot round), cold then warm, after
#                      `-reset-feed-next-check-at` makes every feed due again.
# Both fetch 16 feeds at a time. Miniflux needs PostgreSQL: the script runs
# itself under scripts/pg.sh (a throwaway cluster) when AGGREGATOR_TEST_PG is
# unset. Miniflux is installed with `go install miniflux.app/v2@v2.3.5` into
# out/miniflux, like staticcheck (MINIFLUX_BIN names another binary; MINIFLUX=0
# skips the script). Its feeds are inserted with SQL (its OPML import would
# need its HTTP server); its first round also asks each site for an icon, as
# a new subscription in Miniflux does. Prints medians, the items each stored,
# peak RSS, and the ratios ours/Miniflux. Loopback only; stops what it starts.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ "${MINIFLUX:-1}" = 0 ] && { echo "reference: MINIFLUX=0, skipped"; exit 0; }
if [ -z "${AGGREGATOR_TEST_PG:-}" ]; then
  exec bash scripts/pg.sh bash "$0" "$@"
fi
shared=${SHARED:-$root/../shared}
if [ ! -d "$shared/corpus/news" ] || [ ! -f "$shared/bench/feedserver.go" ]; then
  echo "reference: no $shared/corpus/news or $shared/bench: not measured"
  exit 0
fi
n=${1:-1000}
runs=${RUNS:-3}
bin=${BENCH_BIN:-$root/bin/aggregator}
[ -x "$bin" ] || go build -o "$bin" ./cmd/aggregator || exit 1
mf=${MINIFLUX_BIN:-$root/out/miniflux/miniflux.app}
if [ ! -x "$mf" ]; then
  mkdir -p out
  if ! GOBIN="$root/out/miniflux" go install miniflux.app/v2@v2.3.5 >out/miniflux-install.log 2>&1; then
    echo "reference: Miniflux could not be installed ($(tail -1 out/miniflux-install.log)): not measured"
    exit 0
  fi
fi

T=$(mktemp -d)
fs=
trap '[ -n "$fs" ] && kill "$fs" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
(cd "$shared/bench" && go build -o "$T/feedserver" feedserver.go) || exit 1
python3 "$shared/bench/loopbackify.py" "http://127.0.0.1:$port" "$T/feeds" "$n" "$shared"/corpus/news/*.xml >/dev/null || exit 1
(cd "$T/feeds" && ls ./*.xml | sort | sed "s|^\./|http://127.0.0.1:$port/|") >"$T/urls"
awk '{printf "  - id: s%05d\n    url: %s\n", NR, $0}' "$T/urls" | sed '1i sources:' >"$T/sources.yaml"
"$T/feedserver" -addr "127.0.0.1:$port" -dir "$T/feeds" -log "$T/server.log" 2>"$T/fs.err" &
fs=$!
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/feeds.opml" 2>/dev/null && break; sleep 0.1; done

pgbase=${AGGREGATOR_TEST_PG%/*}    # postgres://user@host:port
psql() { command psql -qX -v ON_ERROR_STOP=1 "$@"; }
timed() { # timed NAME CMD... -> "seconds peak_MiB"; the command's output in $T/NAME.{out,err}
  local name=$1 rc s m
  shift
  read -r rc s m < <(python3 "$shared/bench/timed.py" "$T/$name.out" "$T/$name.err" 600 "$@")
  [ "$rc" = 0 ] || { echo "reference: $name exited $rc: $(tail -2 "$T/$name.err")" >&2; exit 1; }
  echo "$s $m"
}
ours() { # ours DATABASE -> writes $T/agg.yaml for that database
  cat >"$T/agg.yaml" <<YAML
database: $1
sources: $T/sources.yaml
topics: $root/config/topics.yaml
taxonomy: $root/config/taxonomy/
fetch:
  concurrency: 16
  per_host: 16
  timeout: 20s
  allow_private_addresses: true
YAML
}
stored() { python3 -c 'import json,sys; d=[json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][-1]; print(d.get("new_articles",0)+d.get("duplicates",0))' "$1"; }

export FETCHER_ALLOW_PRIVATE_NETWORKS=1 BATCH_SIZE=$n WORKER_POOL_SIZE=16 POLLING_LIMIT_PER_HOST=0 LOG_LEVEL=error
declare -A t
peak_sqlite=0 peak_pg=0 peak_mf=0 items_ours=0 items_mf=0
for r in $(seq "$runs"); do
  # Ours on SQLite.
  rm -rf "$T/db"; mkdir "$T/db"; ours "$T/db/aggregator.db"
  read -r s m < <(timed sqlite-cold "$bin" fetch -config "$T/agg.yaml" -all -json); t[sqlite_cold]+="$s "
  [ "$m" -gt "$peak_sqlite" ] && peak_sqlite=$m; items_ours=$(stored "$T/sqlite-cold.out")
  read -r s m < <(timed sqlite-warm "$bin" fetch -config "$T/agg.yaml" -all -json); t[sqlite_warm]+="$s "
  # Ours on PostgreSQL.
  psql "$AGGREGATOR_TEST_PG" -c "DROP DATABASE IF EXISTS agg_ref" -c "CREATE DATABASE agg_ref" || exit 1
  ours "$pgbase/agg_ref?sslmode=disable"
  read -r s m < <(timed pg-cold "$bin" fetch -config "$T/agg.yaml" -all -json); t[pg_cold]+="$s "
  [ "$m" -gt "$peak_pg" ] && peak_pg=$m
  read -r s m < <(timed pg-warm "$bin" fetch -config "$T/agg.yaml" -all -json); t[pg_warm]+="$s "
  # Miniflux: schema and its admin user (an empty refresh), the feeds, then
  # its cold and warm rounds.
  psql "$AGGREGATOR_TEST_PG" -c "DROP DATABASE IF EXISTS miniflux" -c "CREATE DATABASE miniflux" || exit 1
  export DATABASE_URL="$pgbase/miniflux?sslmode=disable"
  RUN_MIGRATIONS=1 CREATE_ADMIN=1 ADMIN_USERNAME=bench ADMIN_PASSWORD=bench-bench-1 "$mf" -refresh-feeds >"$T/mf-init.log" 2>&1 ||
    { echo "reference: Miniflux did not start: $(tail -2 "$T/mf-init.log")"; exit 1; }
  psql "$DATABASE_URL" -c "CREATE TEMP TABLE u(url text)" -c "\\copy u FROM '$T/urls'" \
    -c "INSERT INTO feeds (user_id, category_id, title, feed_url, site_url) SELECT 1, 1, url, url, url FROM u" || exit 1
  read -r s m < <(timed mf-cold "$mf" -refresh-feeds); t[mf_cold]+="$s "
  [ "$m" -gt "$peak_mf" ] && peak_mf=$m
  items_mf=$(command psql -qXtA "$DATABASE_URL" -c "SELECT count(*) FROM entries")
  "$mf" -reset-feed-next-check-at >/dev/null 2>&1
  read -r s m < <(timed mf-warm "$mf" -refresh-feeds); t[mf_warm]+="$s "
done

median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
for k in sqlite_cold sqlite_warm pg_cold pg_warm mf_cold mf_warm; do declare "m_$k=$(median "${t[$k]}")"; done
echo "reference: $n feeds, medians of $runs runs of the whole command (runs in brackets), same run:"
echo "  ours, SQLite     cold ${m_sqlite_cold}s [${t[sqlite_cold]% }]  warm ${m_sqlite_warm}s [${t[sqlite_warm]% }]  peak ${peak_sqlite} MiB  items ${items_ours}"
echo "  ours, PostgreSQL cold ${m_pg_cold}s [${t[pg_cold]% }]  warm ${m_pg_warm}s [${t[pg_warm]% }]  peak ${peak_pg} MiB"
echo "  Miniflux 2.3.5   cold ${m_mf_cold}s [${t[mf_cold]% }]  warm ${m_mf_warm}s [${t[mf_warm]% }]  peak ${peak_mf} MiB  entries ${items_mf}"
echo "  ours/Miniflux: SQLite cold $(ratio "$m_sqlite_cold" "$m_mf_cold")x warm $(ratio "$m_sqlite_warm" "$m_mf_warm")x; PostgreSQL cold $(ratio "$m_pg_cold" "$m_mf_cold")x warm $(ratio "$m_pg_warm" "$m_mf_warm")x"
