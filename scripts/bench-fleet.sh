#!/usr/bin/env bash
# The fleet, measured (issue 16): run beside a throwaway PostgreSQL,
#
#   bash scripts/bench-fleet.sh      (part of `make bench`)
#
# which runs itself under scripts/pg.sh unless AGGREGATOR_TEST_PG is set,
# all on loopback, with the real binary (bin/aggregator) and tools/feedsim
# serving FEEDS (default 1,000) distinct feeds made from ../shared/corpus/news:
#
#  1. slow feeds: every request answered after DELAY (default 200ms); with 1
#     and with 3 `run -role fetch` daemons on one fresh PostgreSQL database,
#     the same config otherwise (concurrency 16 each; per_host 96, which
#     holds fleet-wide, for feedsim's one host standing for 1,000; PER_HOST
#     sets another):
#     cold     the time from starting the daemons until every source has a
#              successful fetch stored (sources.last_success > 0, polled
#              with psql): every item new;
#     changed  then every source is made due again and its success cleared,
#              feedsim serves each feed with one new item on top (-changed)
#              and the running daemons are sent SIGHUP (a reload fetches
#              everything due): the time until every source is stored again,
#              the steady state of a fleet (slow feeds, little new);
#     and the ratios.
#  2. a cold and a warm `fetch -all -json` (the whole command, start-up
#     included) on PostgreSQL and on SQLite, alternated in the same run.
#  3. a `run -role web` node over the PostgreSQL database of part 2: wrk
#     against /feeds/SLUG.rss (the topic with the most items) and the home
#     page (the newest stories: the corpus's stories are backlog, so topic
#     feeds are small), gzip as readers ask, with and without If-None-Match;
#     requests/s.
#
# RUNS (default 3) repeats parts 1 and 2; medians are printed; FLEET=0 skips
# part 1, ROUNDS=0 parts 2 and 3. Skips cleanly
# (exit 0, a message) when scripts/pg.sh cannot start PostgreSQL or when the
# corpus is absent; a failure once PostgreSQL runs is an error. It stops what
# it starts and drops the databases it creates.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [ -z "${AGGREGATOR_TEST_PG:-}" ] && [ -z "${BENCH_FLEET_STARTED:-}" ]; then
	# Run again under a throwaway PostgreSQL; the marker file tells "pg.sh
	# could not start it" (skip) from "the benchmark failed" (error).
	marker=$(mktemp)
	BENCH_FLEET_STARTED=$marker bash scripts/pg.sh bash "$ROOT/scripts/bench-fleet.sh"
	rc=$?
	if [ -s "$marker" ]; then rm -f "$marker"; exit "$rc"; fi
	rm -f "$marker"
	echo "bench-fleet: skipped: PostgreSQL could not be started (scripts/pg.sh)"
	exit 0
fi
[ -z "${BENCH_FLEET_STARTED:-}" ] || echo started >"$BENCH_FLEET_STARTED"
N=${FEEDS:-1000} RUNS=${RUNS:-3} DELAY=${DELAY:-200ms}
CORPUS=${CORPUS:-$ROOT/../shared/corpus/news}
PG=${AGGREGATOR_TEST_PG:-}
[ -n "$PG" ] || { echo "bench-fleet: skipped: no PostgreSQL"; exit 0; }
[ -d "$CORPUS" ] || { echo "bench-fleet: skipped: no corpus at $CORPUS"; exit 0; }
command -v psql >/dev/null || { echo "bench-fleet: skipped: no psql"; exit 0; }
export PGOPTIONS="-c client_min_messages=warning"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

# What it starts and creates is listed in files, not arrays: most of it is
# started inside $(...) subshells, whose variables the EXIT trap cannot see.
T=$(mktemp -d)
track() { echo "$1" >>"$T/pids"; }
cleanup() {
	local p d
	for p in $(cat "$T/pids" 2>/dev/null); do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	for d in $(cat "$T/dbs" 2>/dev/null); do psql "$PG" -qc "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o bin/aggregator ./cmd/aggregator || exit 1
go build -o "$T/feedsim" ./tools/feedsim || exit 1
BIN=$ROOT/bin/aggregator

port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
now() { echo "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# feedsim DELAY: starts the feed server, sets BASE (its URL); its pid is
# kept in a file, since fleet, in a subshell, restarts it.
BASE=
feedsim() {
	"$T/feedsim" -corpus "$CORPUS" -delay "$1" >"$T/feedsim.out" 2>"$T/feedsim.err" &
	echo $! >"$T/fs.pid"
	track $!
	for _ in $(seq 100); do BASE=$(head -1 "$T/feedsim.out"); [ -n "$BASE" ] && return 0; sleep 0.1; done
	echo "bench-fleet: feedsim did not start: $(cat "$T/feedsim.err")" >&2
	exit 1
}
# stopfs: stops feedsim and waits until its address is free.
stopfs() {
	kill "$(cat "$T/fs.pid")" 2>/dev/null
	for _ in $(seq 100); do curl -s -o /dev/null -m 1 "${BASE}x" || return 0; sleep 0.1; done
}
# restartfs [ARGS...]: feedsim again on the same address, with ARGS.
restartfs() {
	local addr=${BASE#http://}
	stopfs
	"$T/feedsim" -corpus "$CORPUS" -delay "$DELAY" -listen "${addr%/}" "$@" >"$T/feedsim.out" 2>"$T/feedsim.err" &
	echo $! >"$T/fs.pid"
	track $!
	for _ in $(seq 100); do curl -s -o /dev/null -m 2 "${BASE}x" && return 0; sleep 0.1; done
	echo "bench-fleet: feedsim did not restart: $(cat "$T/feedsim.err")" >&2
	exit 1
}

{
	echo "sources:"
	for i in $(seq 0 $((N - 1))); do printf '  - id: s%05d\n    url: SIMBASEf/%d.xml\n' "$i" "$i"; done
} >"$T/sources.tmpl"

# newdb NAME: a fresh PostgreSQL database; prints its URL.
newdb() {
	psql "$PG" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null || exit 1
	echo "$1" >>"$T/dbs"
	echo "${PG/\/postgres\?//$1?}"
}

# config FILE DATABASE: one node's config (the listen port is its own).
# feedsim serves every feed from one host:port, standing for 1,000 outlets;
# fetch.per_host holds fleet-wide and counts leases, so it is 96 (3
# fetchers × 32 fetches at once: 16 requests in flight and as many fetched
# feeds waiting for the writer, each holding its lease), as 1,000 real
# hosts would allow; one process is held to its concurrency.
config() {
	sed "s|SIMBASE|$BASE|" "$T/sources.tmpl" >"$T/sources.yaml"
	cat >"$1" <<YAML
listen: 127.0.0.1:$(port)
base_url: http://127.0.0.1/
database: "$2"
sources: $T/sources.yaml
topics: $ROOT/config/topics.yaml
taxonomy: $ROOT/config/taxonomy/
publish:
  refresh: 1s
fetch:
  schedule: "@every 1h"
  concurrency: 16
  per_host: ${PER_HOST:-96}
  timeout: 20s
  allow_private_addresses: true
YAML
}

stored() { psql "$1" -Atqc "SELECT count(*) FROM sources WHERE last_success > 0"; }

# waitstored URL START FETCHERS: prints the seconds since START until every
# source of the database at URL is stored.
waitstored() {
	until [ "$(stored "$1" 2>/dev/null)" = "$N" ]; do
		if [ "$(awk -v a="$2" -v b="$(now)" 'BEGIN{print (b-a > 600)}')" = 1 ]; then
			echo "bench-fleet: $3 fetcher(s): only $(stored "$1") of $N stored after 600 s" >&2
			exit 1
		fi
		sleep 0.2
	done
	since "$2"
}

# lockstats FETCHERS: the assignment lock's acquisitions and the seconds
# it was held and waited for, then the claim statements, the sources they
# asked for and those left for a busy host, summed over the fetchers'
# /metrics.
lockstats() {
	local i addr
	for i in $(seq "$1"); do
		addr=$(awk '/^listen:/{print $2}' "$T/fleet-$i.yaml")
		curl -fsS "http://$addr/metrics" 2>/dev/null
	done | awk '/^aggregator_assignment_lock_acquisitions_total /{n+=$2} /^aggregator_assignment_lock_held_seconds_total /{h+=$2}
		/^aggregator_assignment_lock_wait_seconds_total /{w+=$2} /^aggregator_claim_statements_total /{cs+=$2}
		/^aggregator_claim_sources_total /{ca+=$2} /^aggregator_claim_host_busy_total /{cb+=$2}
		END {printf "%d %.3f %.3f %d %d %d", n, h, w, cs, ca, cb}'
}

# held BEFORE AFTER: "lock held X ms x N, claims: S statements for A
# sources, B host busy" from two lockstats.
held() {
	awk -v a="$1" -v b="$2" 'BEGIN{split(a,x," "); split(b,y," "); n=y[1]-x[1]
		printf "lock held %.1f ms x %d, claims: %d statements for %d sources, %d host busy", (n>0)?(y[2]-x[2])*1000/n:0, n,
			y[4]-x[4], y[5]-x[5], y[6]-x[6]}'
}

# busy: the machine's busy CPU time so far in seconds (/proc/stat: user,
# nice, system, irq and softirq), so that a round bounded by the 2 cores
# can be told from one bounded by waiting.
busy() { awk '/^cpu /{printf "%.2f", ($2+$3+$4+$7+$8)/100}' /proc/stat; }

# pbusy PID...: the CPU time so far of the given processes, in seconds
# (/proc/PID/stat: utime and stime).
pbusy() {
	local p
	for p in "$@"; do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null; done | awk '{t+=$1} END {printf "%.2f", t/100}'
}

# cpuat PID...: the machine's busy CPU, then the fetchers' (the PIDs),
# PostgreSQL's and feedsim's, so far: where a round's CPU went.
cpuat() { echo "$(busy) $(pbusy "$@") $(pbusy $(pgrep -x postgres)) $(pbusy "$(cat "$T/fs.pid")")"; }

# cpu BEFORE AFTER SECONDS: the CPU between two cpuat readings, as
# "CPU X s = Y cores (fetchers, PostgreSQL, feedsim)".
cpu() {
	awk -v a="$1" -v b="$2" -v s="$3" 'BEGIN{split(a,x," "); split(b,y," ")
		printf "CPU %.1f s = %.2f cores (fetchers %.1f s, PostgreSQL %.1f s, feedsim %.1f s)",
			y[1]-x[1], (s>0)?(y[1]-x[1])/s:0, y[2]-x[2], y[3]-x[3], y[4]-x[4]}'
}

# fleet FETCHERS RUN: prints the seconds of the cold round, then of the
# changed round, of FETCHERS daemons, then how long they held the
# assignment lock per feed in each and the machine's busy CPU in each; it leaves feedsim serving unchanged
# feeds again.
fleet() {
	local db url pids=() i s c0 c1 c2 c3
	db=fleet_$1_$2
	url=$(newdb "$db")
	for i in $(seq "$1"); do config "$T/fleet-$i.yaml" "$url"; done
	"$BIN" sources -config "$T/fleet-1.yaml" >/dev/null 2>"$T/schema.err" || { echo "bench-fleet: schema: $(tail -2 "$T/schema.err")" >&2; exit 1; }
	s=$(now) c0=$(cpuat)
	for i in $(seq "$1"); do
		"$BIN" run -role fetch -no-watch -config "$T/fleet-$i.yaml" >/dev/null 2>"$T/fleet-$i.err" &
		pids+=($!)
		track $!
	done
	cold=$(waitstored "$url" "$s" "$1") || exit 1
	c1=$(cpuat "${pids[@]}") l1=$(lockstats "$1")
	restartfs -changed
	s=$(now) c2=$(cpuat "${pids[@]}")
	psql "$url" -qc "UPDATE sources SET next_due = 0, last_success = 0" >/dev/null || exit 1
	kill -HUP "${pids[@]}"
	changed=$(waitstored "$url" "$s" "$1") || exit 1
	c3=$(cpuat "${pids[@]}") l2=$(lockstats "$1")
	echo "$cold $changed $(held "0 0 0 0 0 0" "$l1" | tr ' ' _),_$(cpu "$c0" "$c1" "$cold" | tr ' ' _) $(held "$l1" "$l2" | tr ' ' _),_$(cpu "$c2" "$c3" "$changed" | tr ' ' _)"
	restartfs
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	psql "$PG" -qc "DROP DATABASE $db" >/dev/null 2>&1
}

echo "bench-fleet: $N feeds from $CORPUS, $RUNS runs, load at start $(load)"

# 1. Slow feeds, one and three fetchers (FLEET=0 skips it).
if [ "${FLEET:-1}" != 0 ]; then
feedsim "$DELAY"
one=() three=() onec=() threec=()
for r in $(seq "$RUNS"); do
	read -r c ch h1 hc1 < <(fleet 1 "$r") && [ -n "$ch" ] || exit 1
	one+=("$c") onec+=("$ch")
	read -r c ch h3 hc3 < <(fleet 3 "$r") && [ -n "$ch" ] || exit 1
	three+=("$c") threec+=("$ch")
	echo "  run $r: cold: 1 fetcher ${one[-1]}s (${h1//_/ }), 3 fetchers ${three[-1]}s (${h3//_/ });" \
		"changed: 1 fetcher ${onec[-1]}s (${hc1//_/ }), 3 fetchers ${threec[-1]}s (${hc3//_/ }) (load $(load))"
done
stopfs
m1=$(median "${one[@]}") m3=$(median "${three[@]}") c1=$(median "${onec[@]}") c3=$(median "${threec[@]}")
echo "slow feeds ($DELAY each), $N feeds, concurrency 16 per fetcher, until every feed is stored (medians of $RUNS):"
echo "  cold round (every item new):       1 fetcher ${m1}s, 3 fetchers ${m3}s = $(ratio "$m1" "$m3")x faster"
echo "  changed round (one new item each): 1 fetcher ${c1}s, 3 fetchers ${c3}s = $(ratio "$c1" "$c3")x faster"
fi

[ "${ROUNDS:-1}" != 0 ] || exit 0 # ROUNDS=0: part 1 alone

# 2. Cold and warm whole-command rounds, PostgreSQL beside SQLite.
feedsim 0
# round CONFIG: prints the seconds of one `fetch -all -json`.
round() {
	local s
	s=$(now)
	"$BIN" fetch -all -json -config "$1" >"$T/round.out" 2>"$T/round.err" || { echo "bench-fleet: fetch: $(tail -2 "$T/round.err")" >&2; exit 1; }
	since "$s"
}
pgc=() pgw=() slc=() slw=()
for r in $(seq "$RUNS"); do
	url=$(newdb "round_$r")
	config "$T/pg.yaml" "$url"
	pgc+=("$(round "$T/pg.yaml")") || exit 1
	pgw+=("$(round "$T/pg.yaml")") || exit 1
	rm -f "$T"/sqlite.db*
	config "$T/sqlite.yaml" "$T/sqlite.db"
	slc+=("$(round "$T/sqlite.yaml")") || exit 1
	slw+=("$(round "$T/sqlite.yaml")") || exit 1
	echo "  run $r: PostgreSQL cold ${pgc[-1]}s warm ${pgw[-1]}s; SQLite cold ${slc[-1]}s warm ${slw[-1]}s (load $(load))"
	[ "$r" = "$RUNS" ] || psql "$PG" -qc "DROP DATABASE round_$r" >/dev/null 2>&1
done
stopfs
articles=$(psql "$url" -Atqc "SELECT count(*) FROM articles")
echo "fetch -all -json, $N feeds ($articles articles), whole command, medians of $RUNS:"
echo "  PostgreSQL cold $(median "${pgc[@]}")s, warm $(median "${pgw[@]}")s"
echo "  SQLite     cold $(median "${slc[@]}")s, warm $(median "${slw[@]}")s"

# 3. A web node over the stored databases: PostgreSQL, then SQLite as the
# reference in the same run.
if ! command -v wrk >/dev/null; then
	echo "web node: skipped: wrk is not installed (apt-get install wrk)"
	exit 0
fi
wrkrun() { # wrkrun NAME wrk-args...: prints "req/s p99 non2xx3xx"
	wrk -t2 -c64 -d"${DURATION:-10s}" --latency "${@:2}" >"$T/$1.txt" 2>&1
	echo "$(awk '/^Requests\/sec:/{printf "%d", $2}' "$T/$1.txt") $(awk '$1=="99%"{print $2}' "$T/$1.txt") $(awk '/Non-2xx or 3xx responses:/{print $5}' "$T/$1.txt")"
}
# web NAME DATABASE: one web node's render and 304 throughput.
web() {
	local addr pid best most=0 slug n
	config "$T/web.yaml" "$2"
	addr=$(awk '/^listen:/{print $2}' "$T/web.yaml")
	"$BIN" run -role web -no-watch -config "$T/web.yaml" >/dev/null 2>"$T/web.err" &
	pid=$!
	track "$pid"
	for _ in $(seq 100); do curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
	for slug in $(awk '/^ *- slug:/{print $3}' config/topics.yaml); do
		n=$(curl -fsS "http://$addr/feeds/$slug.rss" 2>/dev/null | grep -o '<item>' | wc -l)
		if [ "${n:-0}" -gt "$most" ]; then best=$slug most=$n; fi
	done
	[ -n "$best" ] || { echo "web node: no topic feed has items: $(tail -2 "$T/web.err")"; exit 1; }
	webfeed "$1" "http://$addr" "feeds/$best.rss" "$most items"
	# The corpus's stories are backlog (dated years before they are fetched),
	# so topic and tag feeds are small; the home page lists the newest
	# stories whatever their date, a larger cached body over the same data.
	webfeed "$1" "http://$addr" "" "home page"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
# webfeed NAME BASE PATH WHAT: render and 304 throughput of one feed or page.
webfeed() {
	local feed="$2/$3" etag rr rp rb nr np nb
	etag=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "$feed" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
	read -r rr rp rb < <(wrkrun render -H 'Accept-Encoding: gzip' "$feed")
	read -r nr np nb < <(wrkrun notmod -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag" "$feed")
	echo "  $1: /$3 ($4, $(curl -s -H 'Accept-Encoding: gzip' "$feed" | wc -c) bytes gzip): feed (gzip) $rr req/s, p99 $rp${rb:+, non-2xx/3xx $rb}; If-None-Match 304 $nr req/s, p99 $np${nb:+, non-2xx/3xx $nb} (load $(load))"
}
echo "web node (-role web) over the databases of part 2's last run, wrk 2 threads 64 connections ${DURATION:-10s}:"
web PostgreSQL "$url"
web SQLite "$T/sqlite.db"
