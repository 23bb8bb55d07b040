#!/usr/bin/env python3
"""Jaccard estimates of Palimpsest's signatures beside datasketch's, on the same document pairs.

usage: estimates.py CORPUS.jsonl CORPUS.clusters.tsv [PAIRS]   (run with the peer benchmark's venv python)

Pairs: every repost with its parent (from the ground truth), up to PAIRS (default 3000), plus as
many random pairs. For each pair it takes, from `palimpsest-bench estimates`, the exact resemblance
of Palimpsest's shingle sets and its two estimates (one permutation with densification, and 128
permutations), and computes datasketch's MinHash-128 estimate on the benchmark's canonical shingles
with their exact resemblance. Prints the RMS error of each estimator against its own exact value,
beside the sampling error of an ideal 128-permutation MinHash, sqrt(J(1-J)/128), averaged over the
same pairs.
"""
import csv
import json
import math
import os
import random
import subprocess
import sys

corpus, truth = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench")
sys.path.insert(0, os.path.abspath(bench))
from common import shingles  # noqa: E402
from datasketch import MinHash  # noqa: E402

rows = list(csv.reader(open(truth), delimiter="\t"))[1:]
ids = [r[0] for r in rows]
pairs = [(r[0], r[3]) for r in rows if r[3] not in ("", "-1")][:limit]
rng = random.Random(1)
pairs += [(rng.choice(ids), rng.choice(ids)) for _ in range(len(pairs))]
pairs_file = corpus + ".pairs.tsv"
with open(pairs_file, "w") as f:
    for a, b in pairs:
        f.write(f"{a}\t{b}\n")
binary = os.environ.get("PALIMPSEST_BENCH", ".build/release/palimpsest-bench")
out = subprocess.run([binary, "estimates", corpus, "--pairs", pairs_file], capture_output=True, text=True, check=True).stdout
ours = {(r["id_a"], r["id_b"]): r for r in csv.DictReader(out.splitlines(), delimiter="\t")}

texts = {}
wanted = {x for p in pairs for x in p}
with open(corpus) as f:
    for line in f:
        d = json.loads(line)
        if d["id"] in wanted:
            texts[d["id"]] = d["text"]


def signature(text):
    m = MinHash(num_perm=128, seed=1)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


errors = {"datasketch": [], "one_permutation": [], "permutations_128": []}
ideal = []
for a, b in pairs:
    if (a, b) not in ours or a not in texts or b not in texts:
        continue
    sa, sb = set(shingles(texts[a])), set(shingles(texts[b]))
    if not sa or not sb:
        continue
    exact = len(sa & sb) / len(sa | sb)
    errors["datasketch"].append(signature(texts[a]).jaccard(signature(texts[b])) - exact)
    row = ours[(a, b)]
    for key in ("one_permutation", "permutations_128"):
        errors[key].append(float(row[key]) - float(row["exact"]))
    j = float(row["exact"])
    ideal.append(j * (1 - j) / 128)


def rms(values):
    return math.sqrt(sum(v * v for v in values) / len(values))


result = {k: {"rms_error": round(rms(v), 4), "mean_error": round(sum(v) / len(v), 4)} for k, v in errors.items()}
result["pairs"] = len(ideal)
result["ideal_128_rms"] = round(math.sqrt(sum(ideal) / len(ideal)), 4)
print("RESULT " + json.dumps(result, sort_keys=True))
