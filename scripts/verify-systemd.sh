#!/usr/bin/env bash
# Checks deploy/aggregator.service and the per-role template
# deploy/aggregator@.service (as instance aggregator@fetch) with
# systemd-analyze verify. The units name /usr/local/bin/aggregator; the check
# points them at the freshly built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v systemd-analyze >/dev/null; then
  apt-get update -qq && apt-get install -y -qq systemd >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|/usr/local/bin/aggregator|$PWD/bin/aggregator|" deploy/aggregator.service > "$tmp/aggregator.service"
sed "s|/usr/local/bin/aggregator|$PWD/bin/aggregator|" deploy/aggregator@.service > "$tmp/aggregator@.service"
ln -s "aggregator@.service" "$tmp/aggregator@fetch.service"
out=$(systemd-analyze verify "$tmp/aggregator.service" "$tmp/aggregator@fetch.service" 2>&1 || true)
# Only complaints about these units count (the host may have broken units of its own).
own=$(printf '%s\n' "$out" | grep -E "aggregator(@[a-z]*)?\.service" || true)
if [ -n "$own" ]; then
  printf 'systemd-analyze verify found problems:\n%s\n' "$own" >&2
  exit 1
fi
echo "systemd unit: ok"
