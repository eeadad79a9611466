#!/bin/sh
# Runs every test: the Catch2 unit tests, then each integration script under tests/integration.
# Integration scripts print one "ok NAME" or "not ok NAME" line per case (tests/integration/lib.sh);
# a script that dies or times out without reporting counts as one failure. The last line is
# "N passed, N failed"; the exit status is non-zero on any failure.
# Usage: tests/run_tests.sh BUILD_DIR [SCRIPT...]
set -u
build=${1:?usage: run_tests.sh BUILD_DIR [SCRIPT...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
script_timeout=${MF_TEST_TIMEOUT:-600}
passed=0
failed=0
failures=""

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ $# -eq 0 ]; then
    echo "== unit tests"
    "$build/bin/unit_tests" > "$log" 2>&1
    status=$?
    counts=$(grep '^unit tests: ' "$log" | tail -n 1)
    if [ -n "$counts" ]; then
        unit_passed=$(echo "$counts" | sed 's/^unit tests: \([0-9]*\) passed.*/\1/')
        unit_failed=$(echo "$counts" | sed 's/.* \([0-9]*\) failed$/\1/')
    else
        unit_passed=0
        unit_failed=1
    fi
    if [ "$status" -ne 0 ] && [ "$unit_failed" -eq 0 ]; then
        unit_failed=1
    fi
    [ "$unit_failed" -ne 0 ] && { cat "$log"; failures="$failures unit_tests"; }
    echo "$counts"
    passed=$((passed + unit_passed))
    failed=$((failed + unit_failed))
    set -- "$top"/tests/integration/[0-9]*.sh
fi

for script in "$@"; do
    [ -f "$script" ] || continue
    name=$(basename "$script" .sh)
    echo "== $name"
    MF_BIN="$build/bin" MF_TOP="$top" timeout -k 10 "$script_timeout" bash "$script" > "$log" 2>&1
    status=$?
    ok=$(grep -c '^ok ' "$log")
    not_ok=$(grep -c '^not ok ' "$log")
    if [ "$status" -ne 0 ] && [ "$not_ok" -eq 0 ]; then
        not_ok=1
        if [ "$status" -eq 124 ]; then
            echo "not ok $name: timed out after ${script_timeout}s" >> "$log"
        else
            echo "not ok $name: exited with status $status" >> "$log"
        fi
    fi
    if [ "$not_ok" -ne 0 ]; then
        cat "$log"
        failures="$failures $name"
    else
        grep -E '^(ok|not ok) ' "$log"
    fi
    passed=$((passed + ok))
    failed=$((failed + not_ok))
done

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
