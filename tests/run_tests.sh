#!/bin/sh
# Runs every test: the Catch2 unit tests and each integration script under tests/integration,
# MF_TEST_JOBS at a time (default: one per core; the scripts work in their own folders and
# choose their own ports, so they can share the machine). Integration scripts print one
# "ok NAME" or "not ok NAME" line per case (tests/integration/lib.sh); a script that dies or
# times out without reporting counts as one failure. Each script's cases are printed when it
# ends, whole; the last line is "N passed, N failed"; the exit status is non-zero on any failure.
# Usage: tests/run_tests.sh BUILD_DIR [SCRIPT...]
set -u
build=${1:?usage: run_tests.sh BUILD_DIR [SCRIPT...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
script_timeout=${MF_TEST_TIMEOUT:-600}
jobs=${MF_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}

# The jobs (this script again, with MF_RUN_ONE) leave their reports in the parent's folder.
if [ -n "${MF_RUN_ONE:-}" ]; then
    results=$MF_TEST_RESULTS
else
    results=$(mktemp -d)
    trap 'rm -rf "$results"' EXIT
fi

# run_unit_tests: the Catch2 executable as one job; its counts go to $results/unit_tests.counts.
run_unit_tests() {
    log="$results/unit_tests.log"
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
    {
        echo "== unit tests"
        [ "$unit_failed" -ne 0 ] && cat "$log"
        echo "$counts"
    } > "$results/unit_tests.report"
    echo "$unit_passed $unit_failed" > "$results/unit_tests.counts"
    cat "$results/unit_tests.report"
}

# run_script SCRIPT: one integration script; its report and counts go to $results/NAME.*.
run_script() {
    script=$1
    name=$(basename "$script" .sh)
    log="$results/$name.log"
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
    {
        echo "== $name"
        if [ "$not_ok" -ne 0 ]; then
            cat "$log"
        else
            grep -E '^(ok|not ok) ' "$log"
        fi
    } > "$results/$name.report"
    echo "$ok $not_ok" > "$results/$name.counts"
    # One write, so that the reports of scripts ending together do not interleave.
    cat "$results/$name.report"
}

if [ "${MF_RUN_ONE:-}" = unit ]; then
    run_unit_tests
    exit 0
elif [ -n "${MF_RUN_ONE:-}" ]; then
    run_script "$MF_RUN_ONE"
    exit 0
fi

if [ $# -eq 0 ]; then
    set -- unit "$top"/tests/integration/[0-9]*.sh
fi
# Each job is this script again with MF_RUN_ONE set; xargs keeps $jobs of them running.
for job in "$@"; do
    printf '%s\n' "$job"
done | MF_TEST_RESULTS="$results" xargs -d '\n' -P "$jobs" -I '{}' \
    env MF_RUN_ONE='{}' sh "$0" "$build"

# The totals, in the order the jobs were given.
passed=0
failed=0
failures=""
for job in "$@"; do
    if [ "$job" = unit ]; then
        name=unit_tests
    else
        name=$(basename "$job" .sh)
    fi
    if [ -f "$results/$name.counts" ]; then
        read -r job_passed job_failed < "$results/$name.counts"
    else
        echo "not ok $name: did not report"
        job_passed=0 job_failed=1
    fi
    [ "$job_failed" -ne 0 ] && failures="$failures $name"
    passed=$((passed + job_passed))
    failed=$((failed + job_failed))
done

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
