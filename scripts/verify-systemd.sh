#!/usr/bin/env bash
# Checks deploy/aggregator.service with systemd-analyze verify. The unit names
# /usr/local/bin/aggregator; the check points it at the freshly built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v systemd-analyze >/dev/null; then
  apt-get update -qq && apt-get install -y -qq systemd >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/local/bin/aggregator|$PWD/bin/aggregator|" deploy/aggregator.service > "$tmp/aggregator.service"
out=$(systemd-analyze verify "$tmp/aggregator.service" 2>&1 || true)
# Only complaints about this unit count (the host may have broken units of its own).
own=$(printf '%s\n' "$out" | grep -F "aggregator.service" || true)
if [ -n "$own" ]; then
  printf 'systemd-analyze verify found problems:\n%s\n' "$own" >&2
  exit 1
fi
echo "systemd unit: ok"
