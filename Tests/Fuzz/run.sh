#!/usr/bin/env bash
# Builds Palimpsest's libFuzzer targets (every module built with -sanitize=fuzzer,address) and runs each
# for a while, growing a corpus from Seeds/. A crash or failed property does not end a target's
# time: it is kept under .findings/<target>/ and fuzzing resumes until the time is spent.
#
#   bash Tests/Fuzz/run.sh [seconds per target, default 600] [target ...]
#
# SANITIZERS=fuzzer builds without AddressSanitizer into .build-fuzzer-only/ (about 7 times the
# executions a second: for volume; Swift's own bounds and overflow checks still trap, but reads past
# a raw buffer go unseen), with corpora and findings of their own; the default is fuzzer,address.
#
# Targets: text markdown jsonl html warc feed gzip dedup-records. Replay one finding with
# `Tests/Fuzz/.build/release/fuzz-<target> <file>` (with the two variables exported below). Prints,
# per target: runs, executions, corpus size, coverage and findings; logs are under .logs/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text markdown jsonl html warc feed gzip dedup-records)

# Leak reports are off, during runs and at exit: Foundation's date formatters keep caches that
# LeakSanitizer reports on every run.
export ASAN_OPTIONS=detect_leaks=0
# libFuzzer prints each crash's stack; Swift's own backtracer, under AddressSanitizer, can hang.
export SWIFT_BACKTRACE=enable=no
# The build plan is made afresh: SwiftPM can miss source files added to the main package since.
sanitizers=${SANITIZERS:-fuzzer,address}
case "$sanitizers" in
    fuzzer,address) build=.build suffix="" ;;
    fuzzer) build=.build-fuzzer-only suffix="-fuzzer-only" ;;
    *) echo "SANITIZERS must be fuzzer,address or fuzzer (got $sanitizers)" >&2; exit 64 ;;
esac
rm -f "$build/release.yaml" "$build/release/description.json"
# lld: gold fails to link the sanitizer runtimes with SwiftPM's renamed entry point.
swift build -c release -Xswiftc -sanitize="$sanitizers" -Xswiftc -use-ld=lld --scratch-path "$build"

for target in "${targets[@]}"; do
    corpus=".corpus$suffix/$target" findings=".findings$suffix/$target"
    mkdir -p "$corpus" "$findings" .logs
    log=".logs/$target$suffix.log"
    : > "$log"
    executions=0
    runs=0
    deadline=$(( $(date +%s) + seconds ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        left=$(( deadline - $(date +%s) ))
        runs=$(( runs + 1 ))
        set +e
        "$build/release/fuzz-$target" "$corpus" "Seeds/$target" \
            -max_total_time="$left" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
            -artifact_prefix="$findings/" -print_final_stats=1 >> "$log" 2>&1
        set -e
        done_now=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
        executions=$(( executions + done_now ))
        # Stats are printed once per run; mark this run's as counted.
        sed -i 's/stat::number_of_executed_units/counted::number_of_executed_units/' "$log"
    done
    found=$(find "$findings" -type f | wc -l)
    inputs=$(find "$corpus" -type f | wc -l)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    printf '%s (%s): %d run(s), %d executions, corpus %d inputs, coverage %s edges, %d finding(s)\n' \
        "$target" "$sanitizers" "$runs" "$executions" "$inputs" "$coverage" "$found" | tee -a .logs/summary.txt
done
