#!/usr/bin/env bash
# `palimpsest scan` (the whole analysis, annotated JSON Lines out) on the repost corpora, each run
# RUNS times (default 3) under /usr/bin/time, with the per-stage table of `--stats`; with
# OLD=/path/to/palimpsest, that binary runs interleaved with this build's, round by round, and the
# two outputs are compared byte for byte. Prints the median wall time, CPU time and peak memory,
# and, where the corpus has its ground truth beside it (CORPUS.clusters.tsv), the first run's
# scores from Tests/Benchmarks/score_scan.py (clusters at 0.8, partial copies found).
#
#   bash Tests/Benchmarks/scan_scaling.sh [corpus.jsonl ...]   (default: news10k and news30k)
#
# The 10k corpus comes from ../shared/bench (see the README's Performance section); a missing
# news30k.jsonl is generated beside it with the benchmark's generator (seed 1).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
swift build -c release --product palimpsest >&2
NEW="$(swift build -c release --show-bin-path)/palimpsest"
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(.bench/corpus/news10k.jsonl .bench/corpus/news30k.jsonl)
if [ ! -f .bench/corpus/news30k.jsonl ] && [ -f ../shared/bench/make_corpus.py ] && [ -f .bench/corpus/news10k.jsonl ]; then
  BENCH_DIR="$REPO/.bench" python3 ../shared/bench/make_corpus.py --docs 30000 --out .bench/corpus/news30k.jsonl --seed 1 >&2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
binaries=(new)
[ -n "${OLD:-}" ] && binaries+=(old)
for corpus in "${corpora[@]}"; do
  [ -f "$corpus" ] || { echo "scan_scaling.sh: $corpus is absent; skipped" >&2; continue; }
  for run in $(seq "$RUNS"); do
    for which in "${binaries[@]}"; do
      binary=$NEW; [ "$which" = old ] && binary=$OLD
      flags=(--stats); [ "$which" = old ] && flags=()
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$binary" scan "$corpus" -o "$work/$which.jsonl" "${flags[@]}" 2> "$work/stderr" || true
      read -r wall user system kilobytes < "$work/time"
      echo "$(basename "$corpus") $which $wall $(python3 -c "print($user + $system)") $((kilobytes / 1024))" >> "$work/rows"
      [ "$which" = new ] && [ "$run" = 1 ] && grep -E "^palimpsest: [a-z]" "$work/stderr" | grep -v "documents from" >&2
      truth="${corpus%.jsonl}.clusters.tsv"
      if [ "$which" = new ] && [ "$run" = 1 ] && [ -f "$truth" ] && [ -f ../shared/bench/evaluate.py ]; then
        python3 Tests/Benchmarks/score_scan.py "$work/new.jsonl" "$truth" | python3 -c '
import json, sys
score = json.loads(sys.stdin.read().split("SCORE ", 1)[1])
gt80, partial = score["clusters"]["gt80"], score["partial"]
print("clusters at 0.8: P %s R %s F1 %s; recall of the %s partial copies: %s" % (
    gt80["precision"], gt80["recall"], gt80["f1"], partial["copies"], partial["recall_story_by_finding"]))' >&2
      fi
    done
    if [ -n "${OLD:-}" ] && [ "$run" = 1 ]; then
      cmp -s "$work/new.jsonl" "$work/old.jsonl" && echo "$(basename "$corpus"): outputs identical" >&2 \
        || echo "$(basename "$corpus"): outputs differ" >&2
    fi
  done
done
python3 - "$work/rows" <<'PYTHON'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    corpus, binary, wall, cpu, megabytes = line.split()
    rows.setdefault((corpus, binary), []).append((float(wall), float(cpu), int(megabytes)))
print("corpus binary runs median-wall-s median-cpu-s median-peak-MB")
for (corpus, binary), runs in sorted(rows.items()):
    print(corpus, binary, len(runs), *(round(statistics.median(column), 2) for column in zip(*runs)))
PYTHON
