#!/bin/sh
# Runs every libFuzzer binary in BIN_DIR for SECONDS each, starting from tests/fuzz/corpus/NAME
# when it exists (copied, so the checked-in corpus is never modified). Fails on the first crash.
# Usage: run_fuzzers.sh BIN_DIR SECONDS
set -eu
bin_dir=$(cd "$1" && pwd)
seconds=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=0
for fuzzer in "$bin_dir"/fuzz_*; do
    [ -x "$fuzzer" ] || continue
    name=$(basename "$fuzzer")
    mkdir -p "$work/$name"
    if [ -d "$top/tests/fuzz/corpus/$name" ]; then
        cp -r "$top/tests/fuzz/corpus/$name/." "$work/$name/"
    fi
    echo "== $name for ${seconds}s"
    status=0
    (cd "$work" && "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=1048576 \
        -print_final_stats=1 "$work/$name" > "$work/$name.log" 2>&1) || status=$?
    grep -E '^(Done|SUMMARY|==[0-9]+==ERROR)' "$work/$name.log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$work/$name.log"
        echo "$name: exited with status $status"
        echo "$name: failure input kept in build/fuzz/findings"
        mkdir -p "$top/build/fuzz/findings"
        cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* "$top/build/fuzz/findings/" 2>/dev/null || true
        exit 1
    fi
    count=$((count + 1))
done
echo "fuzz: $count targets ran ${seconds}s each without a finding"
