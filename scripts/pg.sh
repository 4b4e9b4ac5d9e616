#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL: `scripts/pg.sh go test ./...`.
#
# Installs Debian's `postgresql` package when its binaries are missing (CI is a
# fresh Debian machine run as root), creates a cluster in a temporary
# directory (initdb refuses root, so as root the cluster belongs to the
# `postgres` user the package creates), starts it on its own loopback port
# with trust authentication and its socket in that directory, exports
# AGGREGATOR_TEST_PG=postgres://… for the tests, runs the command, and stops
# and deletes the cluster however the command ends. The tests that need
# PostgreSQL skip when AGGREGATOR_TEST_PG is unset.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: scripts/pg.sh COMMAND [ARGS...]" >&2
	exit 2
fi

pgbin() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	return 1
}

if ! bin=$(pgbin); then
	if [ "$(id -u)" -ne 0 ]; then
		echo "scripts/pg.sh: PostgreSQL is not installed; run as root or: sudo apt-get install -y postgresql" >&2
		exit 1
	fi
	echo "scripts/pg.sh: installing postgresql" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq postgresql >/dev/null
	bin=$(pgbin)
fi

# The package's own cluster is not needed; ours runs beside it if it runs.
as=()
parent=${TMPDIR:-/tmp}
if [ "$(id -u)" -eq 0 ]; then
	as=(runuser -u postgres --)
	parent=/tmp # the postgres user must reach it ($TMPDIR may be under /root)
fi
dir=$(mktemp -d "$parent/aggregator-pg.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi

# A free loopback port: a random one that nothing answers on.
for _ in $(seq 50); do
	port=$((20000 + RANDOM % 30000))
	(echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done

stop() {
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap stop EXIT

"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a throwaway cluster need not survive a power cut, and tests run
# several times faster without it.
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
	start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export AGGREGATOR_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "scripts/pg.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
