#!/usr/bin/env python3
"""Writes the plain-text files under a folder as JSON Lines ({"id": relative path, "text": ...}),
in sorted order, so that `palimpsest-bench stages` and `palimpsest dedup` read them as one corpus.

usage: texts_to_jsonl.py FOLDER OUT.jsonl
"""
import json
import os
import sys

folder, out = sys.argv[1], sys.argv[2]
paths = sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names if name.endswith(".txt"))
with open(out + ".partial", "w", encoding="utf-8") as handle:
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as text:
            handle.write(json.dumps({"id": os.path.relpath(path, folder), "text": text.read()}, ensure_ascii=False) + "\n")
os.replace(out + ".partial", out)
print(f"{len(paths)} texts -> {out}", file=sys.stderr)
