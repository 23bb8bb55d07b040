#!/usr/bin/env python3
"""Index scale benchmark: `palimpsest index add` and `palimpsest check` on a large corpus, per store.

usage: index_scale.py CORPUS.jsonl [--postgres URL] [--held-out 40] [--binary PATH] [--work DIR]

Holds the last --held-out documents of the corpus back, adds the rest with `index add` (timed under
/usr/bin/time -v: wall seconds, documents a second, peak resident memory), reads the index size from
`index stats`, then checks each held-out document alone, one process per check as a user runs it
(median and 90th-percentile milliseconds). With the corpus's ground truth beside it
(CORPUS.clusters.tsv, as make_corpus.py writes it), it also counts the held-out copies whose parent
is indexed, and how many of those `check` traced to an indexed document (repost, partial repost, or
a cluster whose origin is another document).
Runs against a fresh SQLite file, and against PostgreSQL when --postgres names a server (a schema
of its own, dropped first). Prints one JSON line per store.

Build first: swift build -c release --static-swift-stdlib --traits Postgres --scratch-path .build-release-pg
(the static runtime starts a process in about 6 ms instead of 11, much of a check)
Corpora: ../shared/bench/setup.sh writes .bench/corpus/news10k.jsonl and news100k.jsonl.
Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import time

parser = argparse.ArgumentParser()
parser.add_argument("corpus")
parser.add_argument("--postgres", help="postgres://user@host:port/database of a server to test too")
parser.add_argument("--held-out", type=int, default=40)
parser.add_argument("--binary", default=".build-release-pg/release/palimpsest")
parser.add_argument("--work", default=".bench/index-scale")
parser.add_argument("--checks-only", action="store_true",
                    help="time the checks again against the indexes a previous run left (another sample on a noisy machine)")
arguments = parser.parse_args()

name = os.path.splitext(os.path.basename(arguments.corpus))[0]
work = os.path.join(arguments.work, name)
if not arguments.checks_only:
    shutil.rmtree(work, ignore_errors=True)
os.makedirs(os.path.join(work, "held"), exist_ok=True)
with open(arguments.corpus, encoding="utf-8") as handle:
    lines = handle.readlines()
indexed, held = lines[: -arguments.held_out], lines[-arguments.held_out:]
indexed_path = os.path.join(work, "indexed.jsonl")
with open(indexed_path, "w", encoding="utf-8") as handle:
    handle.writelines(indexed)
held_paths = []
for number, line in enumerate(held):
    path = os.path.join(work, "held", f"{number:03}.jsonl")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(line)
    held_paths.append(path)
corpus_bytes = os.path.getsize(indexed_path)
indexed_ids = {json.loads(line)["id"] for line in indexed}
held_ids = [json.loads(line)["id"] for line in held]
truth_path = os.path.splitext(arguments.corpus)[0] + ".clusters.tsv"
copies_expected = None
if os.path.exists(truth_path):
    parents = {}
    with open(truth_path, encoding="utf-8") as handle:
        next(handle)
        for row in handle:
            fields = row.rstrip("\n").split("\t")
            parents[fields[0]] = (fields[2], fields[3])
    copies_expected = {identifier for identifier in held_ids
                       if not parents[identifier][0].startswith("original") and parents[identifier][1] in indexed_ids}


def timed(command):
    """Runs a command under /usr/bin/time -v; returns wall seconds, peak KB and stderr."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return seconds, peak, result.stderr


def measure(store, index):
    binary = arguments.binary
    seconds, peak = float("nan"), 0
    if not arguments.checks_only:
        seconds, peak, _ = timed([binary, "index", "add", indexed_path, "--index", index, "-q"])
    stats = subprocess.run([binary, "index", "stats", "--index", index], capture_output=True, text=True, check=True).stdout
    documents = int(re.search(r"documents: (\d+)", stats).group(1))
    size = int(re.search(r"bytes: (\d+)", stats).group(1))
    checks, found, copies_found = [], 0, 0
    for identifier, path in zip(held_ids, held_paths):
        started = time.perf_counter()
        result = subprocess.run([binary, "check", path, "--index", index, "--format", "jsonl"], capture_output=True, text=True)
        checks.append((time.perf_counter() - started) * 1000)
        if result.returncode != 0:
            raise SystemExit(f"check {path} failed: {result.stderr}")
        record = json.loads(result.stdout.splitlines()[0])
        if record.get("repost_of") or record.get("partial_repost_of") or record.get("origin") != record.get("id"):
            found += 1
            if copies_expected is not None and identifier in copies_expected:
                copies_found += 1
    checks.sort()
    print(json.dumps({
        "corpus": name, "store": store, "documents": documents, "corpus_mb": round(corpus_bytes / 1e6, 1),
        **({} if arguments.checks_only else {
            "add_seconds": round(seconds, 1), "add_documents_per_second": round(documents / seconds),
            "add_mb_per_second": round(corpus_bytes / 1e6 / seconds, 2), "add_peak_mb": round(peak / 1024)}),
        "bytes_per_document": round(size / documents), "check_runs": len(checks),
        "check_median_ms": round(statistics.median(checks), 1), "check_p90_ms": round(checks[int(len(checks) * 0.9) - 1], 1),
        "checks_finding_a_copy": found,
        **({"held_out_copies_of_indexed": len(copies_expected), "of_which_traced": copies_found} if copies_expected is not None else {}),
    }), flush=True)


sqlite = os.path.join(work, "index.sqlite")
measure("sqlite", sqlite)
if arguments.postgres:
    schema = "bench_" + re.sub(r"\W", "_", name)
    if not arguments.checks_only:
        subprocess.run(["psql", arguments.postgres, "-qc", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], check=True, capture_output=True)
    measure("postgres", arguments.postgres + ("&" if "?" in arguments.postgres else "?") + f"schema={schema}")
