#!/usr/bin/env bash
# Palimpsest side by side with the peers (datasketch, rensa, gaoya, text-dedup, datatrove), through
# the peer benchmark in ../shared/bench (see its README): builds the release binaries, writes a jobs
# file holding the peers' jobs and ours, and runs ../shared/bench/run_all.sh with it, which prints
# the tables (medians of RUNS rounds on the first corpus, RUNS_LARGE on the others).
#   Environment passed through: RUNS, RUNS_LARGE, CORPORA, BENCH_GROUPS, ONLY, EXCLUDE, RESULTS.
#   e.g. BENCH_GROUPS=dedup ONLY=gaoya,rensa,palimpsest Tests/Benchmarks/peers.sh
# Skips (exit 0) when ../shared/bench is absent.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="${BENCH:-$REPO/../shared/bench}"
if [ ! -x "$BENCH/run_all.sh" ]; then
  echo "peers.sh: no peer benchmark at $BENCH; nothing to run" >&2
  exit 0
fi
cd "$REPO"
export BENCH_DIR="${BENCH_DIR:-$REPO/.bench}"
if [ ! -x "$BENCH_DIR/venv/bin/python" ] || [ ! -f "$BENCH_DIR/corpus/news100k.jsonl" ]; then "$BENCH/setup.sh"; fi
swift build -c release --product palimpsest
swift build -c release --product palimpsest-bench
BIN="$(swift build -c release --show-bin-path)"
JOBS_FILE="$BENCH_DIR/jobs-with-palimpsest.tsv"
{
  grep -v '^#' "$BENCH/jobs.tsv"
  printf 'sig\tpalimpsest\tall\t%s/palimpsest-bench signatures {corpus}\n' "$BIN"
  printf 'sig\tpalimpsest(1core)\tall\t%s/palimpsest-bench signatures {corpus} --jobs 1\n' "$BIN"
  printf 'sig\tpalimpsest(128perms)\tsmall\t%s/palimpsest-bench signatures {corpus} --scheme classic\n' "$BIN"
  printf 'dedup\tpalimpsest\tall\t%s/palimpsest dedup {corpus} -o {out} --quiet\n' "$BIN"
  printf 'dedup\tpalimpsest(memory4M)\tall\t%s/palimpsest dedup {corpus} -o {out} --quiet --memory 4M\n' "$BIN"
  printf 'dedup\tpalimpsest(estimate-only)\tall\t%s/palimpsest dedup {corpus} -o {out} --quiet --estimate-only\n' "$BIN"
  printf 'dedup\tpalimpsest(partial)\tall\t%s/palimpsest dedup {corpus} -o {out} --quiet --partial\n' "$BIN"
  printf 'para\tpalimpsest-sha256\tall\t%s/palimpsest-bench paragraphs {corpus}\n' "$BIN"
} > "$JOBS_FILE"
JOBS="$JOBS_FILE" exec "$BENCH/run_all.sh" "$@"
