#!/usr/bin/env python3
"""Read every exported RSS and Atom feed back with Debian's python3-feedparser.

Usage: check_feedparser.py DIR   (DIR as written by `aggregator publish -out DIR`)

Each feed must parse without bozo (well-formed, declared encoding right), RSS
and Atom must list the same items with the same ids in the same order as the
JSON Feed, ids must be unique, and every item must have a title, a link, a
date and its tags. Exit 1 on any problem, printing each.
"""
import glob
import json
import os
import sys

import feedparser


def main(out_dir):
    problems = []
    json_files = sorted(glob.glob(os.path.join(out_dir, "feeds", "*.json")))
    if not json_files:
        print(f"feedparser: no feeds in {out_dir}/feeds")
        return 1
    checked = 0
    for jpath in json_files:
        slug = os.path.basename(jpath)[: -len(".json")]
        with open(jpath, encoding="utf-8") as f:
            jf = json.load(f)
        want = [it["id"] for it in jf.get("items", [])]
        if len(set(want)) != len(want):
            problems.append(f"{slug}.json: duplicate ids")
        for ext in ("rss", "atom"):
            path = os.path.join(out_dir, "feeds", f"{slug}.{ext}")
            with open(path, "rb") as f:
                d = feedparser.parse(f.read())
            name = f"{slug}.{ext}"
            if d.bozo:
                problems.append(f"{name}: bozo: {d.bozo_exception!r}")
            expected_version = "rss20" if ext == "rss" else "atom10"
            if d.version != expected_version:
                problems.append(f"{name}: version {d.version!r}, want {expected_version}")
            got = [e.get("id") for e in d.entries]
            if got != want:
                problems.append(f"{name}: ids {got} differ from the JSON Feed's {want}")
            for e in d.entries:
                for key in ("title", "link", "id"):
                    if not e.get(key):
                        problems.append(f"{name}: entry {e.get('id')!r} lacks {key}")
                if not (e.get("updated_parsed") or e.get("published_parsed")):
                    problems.append(f"{name}: entry {e.get('id')!r} has no parseable date")
                if not e.get("tags"):
                    problems.append(f"{name}: entry {e.get('id')!r} has no tags")
            if not d.feed.get("title"):
                problems.append(f"{name}: feed has no title")
            checked += 1
    for p in problems:
        print("feedparser:", p)
    print(f"feedparser: {checked} feeds read, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
