#!/usr/bin/env bash
# Per-stage figures of palimpsest-bench on the peer benchmark's corpora and the Gutenberg subset,
# each run RUNS times (default 3); the RESULT lines go to .bench/results/stages-<date>.jsonl.
# Corpora that are absent are skipped: the 10k and 100k ones come from ../shared/bench/setup.sh,
# the Gutenberg one from ../shared/data/gutenberg-subset.tar.gz (unpacked into .data/).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
swift build -c release --product palimpsest-bench
BIN="$(swift build -c release --show-bin-path)"
mkdir -p .bench/results
OUT=".bench/results/stages-$(date +%Y%m%d-%H%M%S).jsonl"
if [ ! -f .bench/corpus/gutenberg.jsonl ] && [ -f ../shared/data/gutenberg-subset.tar.gz ]; then
  mkdir -p .data
  [ -d .data/gutenberg-top100 ] || tar xzf ../shared/data/gutenberg-subset.tar.gz -C .data
  mkdir -p .bench/corpus
  python3 Tests/Benchmarks/texts_to_jsonl.py .data/gutenberg-top100/texts .bench/corpus/gutenberg.jsonl
fi
for corpus in .bench/corpus/news10k.jsonl .bench/corpus/news100k.jsonl .bench/corpus/gutenberg.jsonl; do
  [ -f "$corpus" ] || { echo "stages.sh: $corpus is absent; skipped" >&2; continue; }
  for run in $(seq "$RUNS"); do
    echo "== $corpus, run $run" >&2
    "$BIN/palimpsest-bench" stages "$corpus" --skip-classic | tee -a "$OUT" >/dev/null
  done
done
echo "results: $OUT" >&2
