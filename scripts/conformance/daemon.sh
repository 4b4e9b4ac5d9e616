#!/usr/bin/env bash
# Conformance against the real product: runs `aggregator demo` (the daemon on
# the bundled sample feeds, loopback only), waits until the Syria diplomacy
# feed carries the seed story, exports the static site with `aggregator
# publish`, and hands both to run.sh (jing, ajv, feedparser, newsboat, chromium).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${BIN:-$ROOT/bin/aggregator}
SEED="Russia’s blitz diplomacy for resolving Syrian crisis"
[ -x "$BIN" ] || (cd "$ROOT" && go build -o "$BIN" ./cmd/aggregator)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/conformance-daemon.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT/"
"$BIN" demo -log-level debug -config "$ROOT/config/aggregator.yaml" -listen "127.0.0.1:$PORT" -dir "$WORK/demo" >"$WORK/demo.out" 2>"$WORK/daemon.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
# The feed is read whole before it is searched: with pipefail, grep -q
# quitting at the first match made curl fail writing the rest (exit 23) and
# the check fail whenever the feed outgrew the pipe's buffer.
published() { local feed; feed=$(curl -fsS "${URL}feeds/syria-diplomacy.rss" 2>/dev/null) && grep -qF "$SEED" <<<"$feed"; }
for _ in $(seq 1 150); do
  if published; then break; fi
  sleep 0.2
done
if ! published; then
  echo "conformance: the demo daemon never published the seed story" >&2
  cat "$WORK/daemon.log" >&2
  exit 1
fi
"$BIN" publish -config "$WORK/demo/aggregator.yaml" -out "$WORK/site" >/dev/null
bash "$ROOT/scripts/conformance/run.sh" --url "$URL" --dir "$WORK/site" --log "$WORK/daemon.log" --topic syria-diplomacy --expect "$SEED"
