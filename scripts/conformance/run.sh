#!/usr/bin/env bash
# Conformance checks of the published feeds with real outside tools.
#
# Usage:
#   scripts/conformance/run.sh                 # serve the built-in fixture site and check it
#   scripts/conformance/run.sh --url URL --dir DIR [--log FILE] [--topic SLUG] [--expect TEXT]
#                                              # check a running aggregator at URL whose
#                                              # `aggregator publish -out DIR` export is DIR
#
# Checks:
#   jing        every DIR/feeds/*.atom and DIR/tags/*/*.atom validates against the RFC 4287 RELAX NG schema
#               (../shared/schema/atom.rnc, or $ATOM_SCHEMA)
#   ajv         every DIR/feeds/*.json validates against the JSON Feed 1.1 schema
#               (npm jsonfeed-schema, pinned in package.json)
#   feedparser  Debian's python3-feedparser reads every RSS and Atom feed: not bozo,
#               the same ids in the same order as the JSON Feed, titles, links, dates, tags
#   newsboat    subscribing over HTTP (Atom in one profile, RSS in another) sees every
#               item exactly once, and its later polls are answered 304
#   chromium    headless Chromium loads /, /feeds/SLUG, /tags/country/syria, /tags/country
#               and /sources with no console message
#               (no CSP violation, no failed resource) and shows the topic's stories
#               (and TEXT, e.g. the seed story's title, when --expect is given)
#   axe-core    / , /feeds/SLUG, /tags/country/syria and /sources in Chromium (puppeteer-core):
#               no console error or failed request, no serious or critical axe violation
#
# Tools come from Debian (apt-get, only when missing) and npm (package.json here,
# into scripts/conformance/node_modules); nothing is downloaded otherwise.
# The last line reads "conformance: N passed, M failed"; the exit status is 1 if
# any check failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ATOM_SCHEMA=${ATOM_SCHEMA:-$ROOT/../shared/schema/atom.rnc}
URL="" DIR="" LOG="" TOPIC="syria-diplomacy" EXPECT=""
while [ $# -gt 0 ]; do
	case "$1" in
	--url) URL=$2; shift 2 ;;
	--dir) DIR=$2; shift 2 ;;
	--log) LOG=$2; shift 2 ;;
	--topic) TOPIC=$2; shift 2 ;;
	--expect) EXPECT=$2; shift 2 ;;
	-h | --help) sed -n '2,28p' "$0"; exit 0 ;;
	*) echo "conformance: unknown argument $1" >&2; exit 2 ;;
	esac
done
if [ -n "$URL" ] && [ -z "$DIR" ] || [ -z "$URL" ] && [ -n "$DIR" ]; then
	echo "conformance: --url and --dir go together" >&2
	exit 2
fi
case "$URL" in */) ;; "") ;; *) URL="$URL/" ;; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/conformance.XXXXXX")
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; [ $# -lt 2 ] || sed 's/^/    /' "$2" | head -40; }

# --- tools -------------------------------------------------------------------
APT_UPDATED=""
need_apt() { # need_apt PACKAGE TEST-COMMAND...
	local pkg=$1; shift
	if "$@" >/dev/null 2>&1; then return 0; fi
	if [ "$(id -u)" != 0 ]; then echo "conformance: $pkg missing and not root" >&2; return 1; fi
	if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
}
need_apt jing command -v jing
need_apt newsboat command -v newsboat
need_apt chromium command -v chromium
need_apt python3-feedparser /usr/bin/python3 -c 'import feedparser, sqlite3'
need_apt nodejs command -v node
need_apt npm command -v npm
need_apt curl command -v curl
if [ ! -x "$HERE/node_modules/.bin/ajv" ] || [ ! -d "$HERE/node_modules/jsonfeed-schema" ] ||
	[ ! -d "$HERE/node_modules/axe-core" ] || [ ! -d "$HERE/node_modules/puppeteer-core" ] ||
	[ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
	(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# --- the site under test -------------------------------------------------------
if [ -z "$URL" ]; then
	DIR="$WORK/site"
	LOG="$WORK/server.log"
	(cd "$ROOT" && go build -o "$WORK/fixture" ./scripts/conformance/fixture)
	"$WORK/fixture" -out "$DIR" >"$WORK/fixture.out" 2>"$LOG" &
	SERVER_PID=$!
	for _ in $(seq 100); do
		URL=$(awk '/^URL /{print $2}' "$WORK/fixture.out")
		[ -n "$URL" ] && break
		sleep 0.1
	done
	[ -n "$URL" ] || { echo "conformance: fixture server did not start" >&2; cat "$LOG" >&2; exit 2; }
fi
echo "conformance: site $URL, export $DIR"
shopt -s nullglob
ATOMS=("$DIR"/feeds/*.atom "$DIR"/tags/*/*.atom)
RSSES=("$DIR"/feeds/*.rss)
JSONS=("$DIR"/feeds/*.json)
if [ ${#ATOMS[@]} -eq 0 ] || [ ${#RSSES[@]} -eq 0 ] || [ ${#JSONS[@]} -eq 0 ]; then
	echo "conformance: $DIR/feeds has no feeds" >&2
	exit 2
fi

# --- jing: Atom against RFC 4287's RELAX NG schema -----------------------------
if jing -c "$ATOM_SCHEMA" "${ATOMS[@]}" >"$WORK/jing.txt" 2>&1; then
	pass "jing: ${#ATOMS[@]} Atom feeds valid against $(basename "$ATOM_SCHEMA")"
else
	grep -v 'Unable to locate' "$WORK/jing.txt" >"$WORK/jing.err" || true
	fail "jing: Atom feeds invalid" "$WORK/jing.err"
fi

# --- ajv: JSON Feed 1.1 schema -------------------------------------------------
if "$HERE/node_modules/.bin/ajv" validate --spec=draft7 --strict=false -c ajv-formats \
	-s "$HERE/node_modules/jsonfeed-schema/schema-v1.1.json" -d "$DIR/feeds/*.json" >"$WORK/ajv.txt" 2>&1; then
	pass "ajv: ${#JSONS[@]} JSON feeds valid against JSON Feed 1.1"
else
	fail "ajv: JSON feeds invalid" "$WORK/ajv.txt"
fi

# --- feedparser ---------------------------------------------------------------
if /usr/bin/python3 "$HERE/check_feedparser.py" "$DIR" >"$WORK/fp.txt" 2>&1; then
	pass "$(tail -1 "$WORK/fp.txt")"
else
	fail "feedparser" "$WORK/fp.txt"
fi

# --- newsboat -----------------------------------------------------------------
# newsboat keys items by guid across its whole cache: the RSS and Atom feeds
# of a topic share ids (as they must), so each format gets its own profile; and
# a story in two topic feeds has one id (it is the same entry), so newsboat
# shows it once, under one of them. The check is therefore on the union: every
# story of every feed seen exactly once, and nothing else. Its first reload subscribes; it stores the validators on the
# second; from the third on its polls are conditional and must get 304s.
newsboat_check() { # newsboat_check EXT
	local ext=$1 prof="$WORK/newsboat-$1"
	mkdir -p "$prof"
	: >"$prof/config"
	: >"$prof/urls"
	local f slug
	for f in "$DIR"/feeds/*."$ext"; do
		slug=$(basename "$f" ".$ext")
		echo "${URL}feeds/$slug.$ext" >>"$prof/urls"
	done
	local nb=(env HOME="$prof" newsboat -C "$prof/config" -u "$prof/urls" -c "$prof/cache.db")
	local mark=0
	for i in 1 2 3; do
		[ $i -eq 3 ] && [ -n "$LOG" ] && mark=$(wc -l <"$LOG")
		if ! timeout 120 "${nb[@]}" -x reload >"$prof/reload$i.txt" 2>&1; then
			fail "newsboat ($ext): reload $i failed" "$prof/reload$i.txt"
			return
		fi
	done
	# Every item once, and exactly the items of the exported JSON feeds.
	if ! /usr/bin/python3 - "$prof/cache.db" "$DIR" "$ext" "$URL" >"$prof/items.txt" 2>&1 <<'EOF'; then
import glob, json, os, sqlite3, sys
db, out, ext, base = sys.argv[1:5]
con = sqlite3.connect(db)
want = set()
for jpath in sorted(glob.glob(os.path.join(out, "feeds", "*.json"))):
    want.update(it["id"] for it in json.load(open(jpath, encoding="utf-8"))["items"])
got = [r[0] for r in con.execute("SELECT guid FROM rss_item WHERE feedurl LIKE ?", (base + "feeds/%." + ext,))]
bad = 0
if set(got) != want:
    print(f"newsboat has {len(set(got))} distinct items, want {len(want)}; missing {sorted(want - set(got))}, extra {sorted(set(got) - want)}")
    bad += 1
dups = sorted({g for g in got if got.count(g) > 1})
if dups:
    print(f"items seen more than once: {dups}")
    bad += 1
print(f"{bad} problems; {len(want)} items seen once" if not bad else f"{bad} problems")
sys.exit(1 if bad else 0)
EOF
		fail "newsboat ($ext): items not seen exactly once" "$prof/items.txt"
		return
	fi
	# The third poll must have been answered 304: from the server log when we
	# have it, else by replaying newsboat's stored validators with curl.
	local n304=0 total=0 url etag code
	while read -r url; do
		total=$((total + 1))
		if [ -n "$LOG" ]; then
			if tail -n +"$((mark + 1))" "$LOG" | grep -F "path=${url#"${URL%/}"}" | grep 'status=304' >/dev/null; then
				n304=$((n304 + 1))
			fi
		else
			etag=$(/usr/bin/python3 -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute("select etag from rss_feed where rssurl=?",(sys.argv[2],)).fetchone(); print(r[0] if r else "")' "$prof/cache.db" "$url")
			code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" -H 'Accept-Encoding: gzip' "$url")
			[ "$code" = 304 ] && n304=$((n304 + 1))
		fi
	done <"$prof/urls"
	if [ "$n304" -eq "$total" ]; then
		pass "newsboat ($ext): $(tail -1 "$prof/items.txt" | sed 's/^0 problems; //'), $n304/$total later polls answered 304"
	else
		{ echo "$n304 of $total polls got 304"; [ -z "$LOG" ] || tail -n +"$((mark + 1))" "$LOG"; } >"$prof/304.txt"
		fail "newsboat ($ext): later polls not answered 304" "$prof/304.txt"
	fi
}
newsboat_check atom
newsboat_check rss

# --- chromium -----------------------------------------------------------------
chromium_check() { # chromium_check PATH MUST-CONTAIN
	local path=$1 want=$2 name
	name=$(echo "$path" | tr '/' '_')
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--disable-background-networking --disable-extensions --no-first-run \
		--user-data-dir="$WORK/chromium-profile" --enable-logging=stderr --v=0 \
		--dump-dom "${URL}${path#/}" >"$WORK/dom$name.html" 2>"$WORK/chromium$name.log" || true
	grep ':CONSOLE' "$WORK/chromium$name.log" >"$WORK/console$name.txt" || true
	if [ -s "$WORK/console$name.txt" ]; then
		fail "chromium $path: console messages" "$WORK/console$name.txt"
	elif ! grep -q "$want" "$WORK/dom$name.html"; then
		echo "page lacks: $want" >"$WORK/miss$name.txt"
		fail "chromium $path: content missing" "$WORK/miss$name.txt"
	else
		pass "chromium $path: loads without console messages, shows $want"
	fi
}
chromium_check / 'class="topics"'
chromium_check "/feeds/$TOPIC" "data-topic=\"$TOPIC\""
chromium_check /tags/country/syria '<span class="kind">Country</span> Syria'
chromium_check /sources 'Sources</h1>'
chromium_check /tags/country 'class="tag-index"'

# The topic page must list a story (the lead's end-to-end run checks the seed story by title).
if grep -q 'class="story"' "$WORK/dom_feeds_$TOPIC.html" 2>/dev/null; then
	pass "chromium /feeds/$TOPIC: lists stories"
else
	fail "chromium /feeds/$TOPIC: no story listed"
fi
if [ -n "$EXPECT" ]; then
	if grep -qF "$EXPECT" "$WORK/dom_feeds_$TOPIC.html" 2>/dev/null; then
		pass "chromium /feeds/$TOPIC: shows \"$EXPECT\""
	else
		fail "chromium /feeds/$TOPIC: does not show \"$EXPECT\""
	fi
fi

# --- axe-core: accessibility and console, through puppeteer-core --------------
AXE_PAGES=(/ "/feeds/$TOPIC" /tags/country/syria /sources)
if timeout 300 node "$HERE/axe.js" "$(command -v chromium)" "$URL" "${AXE_PAGES[@]}" >"$WORK/axe.txt" 2>&1; then
	pass "axe-core: ${AXE_PAGES[*]}: no serious or critical violation, no console error"
else
	fail "axe-core: problems on ${AXE_PAGES[*]}" "$WORK/axe.txt"
fi

echo "conformance: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
