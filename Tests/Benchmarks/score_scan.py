#!/usr/bin/env python3
"""Scores `palimpsest scan`'s annotated JSON Lines against a repost corpus's ground truth.

usage: score_scan.py SCAN.jsonl CORPUS.clusters.tsv [CORPUS.jsonl]

Two scores, printed as one line `SCORE {json}`:
  clusters  scan's `cluster` field written as `id<TAB>cluster` and scored by the peer benchmark's
            evaluate.py (../shared/bench), pairwise precision/recall/F1 against the Jaccard >= 0.8
            truth (`gt80`) and the generation clusters (`gen`) -- the same scorer the peers get.
  partial   recall of the generated partial copies (kind `partial` in the truth): a copy counts as
            found when scan links it to its parent, either way round, by `partial_repost_of`,
            `repost_of` or a shared cluster (`parent`), or to any document of its generation
            cluster (`story`; `story_by_finding` counts the repost and partial-repost findings
            alone, not a shared cluster). Misses are listed by id (up to 20) with the truth's Jaccard to the
            parent and the operations that made the copy, so a miss can be looked at.
"""
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

scan_path, truth_path = sys.argv[1], sys.argv[2]
corpus_path = sys.argv[3] if len(sys.argv) > 3 else None
evaluate = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "evaluate.py")
evaluate = os.environ.get("EVALUATE", evaluate)

truth = {}
with open(truth_path) as f:
    next(f)
    for line in f:
        identifier, story, kind, parent, operations, jaccard, _ = line.rstrip("\n").split("\t")
        truth[identifier] = (story, kind, parent, operations, jaccard)

cluster_of = {}
links = defaultdict(set)
with open(scan_path) as f:
    for line in f:
        record = json.loads(line)
        identifier = record["id"]
        cluster_of[identifier] = str(record["cluster"]) if record.get("cluster") is not None else identifier
        for partial in record.get("partial_repost_of") or []:
            links[identifier].add(partial["id"])
            links[partial["id"]].add(identifier)
        if record.get("repost_of"):
            links[identifier].add(record["repost_of"]["id"])
            links[record["repost_of"]["id"]].add(identifier)

members = defaultdict(set)
for identifier, cluster in cluster_of.items():
    members[cluster].add(identifier)
story_members = defaultdict(set)
for identifier, (story, *_rest) in truth.items():
    story_members[story].add(identifier)


def linked(a, b):
    return b in links[a] or (a in cluster_of and b in cluster_of and cluster_of[a] == cluster_of[b])


partials = [i for i, row in truth.items() if row[1] == "partial"]
found_parent = [i for i in partials if linked(i, truth[i][2])]
found_story = [i for i in partials if any(linked(i, other) for other in story_members[truth[i][0]] if other != i)]
found_by_finding = [i for i in partials if links[i] & (story_members[truth[i][0]] - {i})]
misses = [i for i in partials if i not in set(found_story)]

with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as predicted:
    for identifier, cluster in cluster_of.items():
        predicted.write(f"{identifier}\t{cluster}\n")
arguments = [sys.executable, evaluate, predicted.name, truth_path] + ([corpus_path] if corpus_path else [])
evaluation = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
os.unlink(predicted.name)
clusters = json.loads(evaluation.split("EVAL ", 1)[1])

score = dict(
    clusters=clusters,
    partial=dict(copies=len(partials),
                 recall_parent=round(len(found_parent) / max(1, len(partials)), 4),
                 recall_story=round(len(found_story) / max(1, len(partials)), 4),
                 recall_story_by_finding=round(len(found_by_finding) / max(1, len(partials)), 4),
                 misses=[dict(id=i, parent=truth[i][2], operations=truth[i][3], jaccard=truth[i][4])
                         for i in misses[:20]]))
print("SCORE " + json.dumps(score))
