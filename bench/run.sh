#!/bin/sh
# Runs every benchmark script bench/bench_*.sh with the built binaries. Each measures our tool and
# real Postfix side by side, in one run, and prints ratios.
# Usage: bench/run.sh BIN_DIR
set -eu
bin_dir=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
found=0
for script in "$top"/bench/bench_*.sh; do
    [ -f "$script" ] || continue
    found=1
    echo "== $(basename "$script" .sh)"
    MF_BIN="$bin_dir" MF_TOP="$top" bash "$script"
done
[ "$found" -eq 1 ] || echo "bench: no benchmarks yet"
