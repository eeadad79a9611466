# mfmap against real postmap, side by side in one run: building a 1,000,000-entry table for
# hash, btree, cdb and lmdb, and a 100,000-key bulk query (-q -) on each. Prints wall time,
# CPU time (user+sys), peak memory, and postmap/mfmap ratios (above 1 = mfmap faster).
# Every command is timed by bench/run_timed.c (CLOCK_MONOTONIC and the child's rusage: the
# queries take 30-500 ms, too short for /usr/bin/time's 10 ms steps), built here with cc.
# Environment: MF_BIN (built binaries), MF_BENCH_ENTRIES (default 1000000), MF_BENCH_RUNS
# (default 1): each build runs that many times and its fastest run counts; MF_BENCH_QUERY_RUNS
# (default 7): each query runs that many times, postmap's and mfmap's runs interleaved, and
# the lowest wall and the lowest CPU time of each side count (both filter out noise from other
# processes on a shared machine, both sides alike). Peak memory is the highest of the runs.
# MF_BENCH_TYPES (default "hash btree cdb lmdb") picks the table types.
set -eu
MF_BIN=${MF_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/bin}
entries=${MF_BENCH_ENTRIES:-1000000}
runs=${MF_BENCH_RUNS:-1}
query_runs=${MF_BENCH_QUERY_RUNS:-7}
work=$(mktemp -d "${TMPDIR:-/tmp}/mfbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/config"
: > "$work/config/main.cf"
timer=$work/run_timed
cc -O2 -o "$timer" "$(cd "$(dirname "$0")" && pwd)/run_timed.c"

/usr/bin/python3 - "$work/source" "$entries" <<'PY'
import sys
path, count = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for i in range(count):
        out.write("user%d@example%d.com\trelay-%d.example.net\n" % (i, i % 1000, i))
PY
/usr/bin/python3 - "$work/source" "$work/keys" <<'PY'
import sys, random
keys = [line.split("\t", 1)[0] for line in open(sys.argv[1])]
random.seed(7)
with open(sys.argv[2], "w") as out:
    for key in random.sample(keys, min(100000, len(keys))):
        out.write(key.upper() if random.random() < 0.1 else key)
        out.write("\n")
PY

# timed COMMAND...: runs COMMAND once with standard input from $INPUT, output in $work/out,
# and sets T_WALL, T_CPU (seconds) and T_PEAK (KB).
timed() {
    $timer "${INPUT:-}" "$work/out" "$work/err" "$@" > "$work/time" ||
        { echo "bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
    read -r T_WALL T_CPU T_PEAK < "$work/time"
}

# lower A B / higher A B: the smaller / larger of two numbers.
lower() { echo "$1 $2" | awk '{ print ($1 < $2 ? $1 : $2) }'; }
higher() { echo "$1 $2" | awk '{ print ($1 > $2 ? $1 : $2) }'; }

# measure COMMAND...: runs COMMAND $runs times with standard input from $INPUT (removing the
# files $CLEAN names before each run but the first), sets WALL and CPU (seconds) from the
# fastest run and PEAK (KB) from the highest.
measure() {
    WALL= CPU= PEAK=0
    run=0
    while [ "$run" -lt "$runs" ]; do
        [ "$run" -gt 0 ] && [ -n "${CLEAN:-}" ] && rm -f $CLEAN
        sync
        timed "$@"
        if [ -z "$WALL" ] || [ "$(echo "$T_WALL $WALL" | awk '{ print ($1 < $2) }')" = 1 ]; then
            WALL=$T_WALL CPU=$T_CPU
        fi
        PEAK=$(higher "$T_PEAK" "$PEAK")
        run=$((run + 1))
    done
}

# measure_queries TYPE: `postmap -q -` on $work/theirs and `mfmap -q -` on $work/ours with the
# keys, $query_runs times each, alternating which goes first; sets P_* and M_* (WALL, CPU:
# lowest; PEAK: highest) and checks that every mfmap run answers exactly as postmap did.
measure_queries() {
    P_WALL= P_CPU= P_PEAK=0 M_WALL= M_CPU= M_PEAK=0
    run=0
    while [ "$run" -lt "$query_runs" ]; do
        for side in $([ $((run % 2)) -eq 0 ] && echo "p m" || echo "m p"); do
            if [ "$side" = p ]; then
                INPUT=$work/keys timed postmap -c "$work/config" -q - "$1:$work/theirs"
                cp "$work/out" "$work/their_answers"
                P_WALL=$(lower "$T_WALL" "${P_WALL:-$T_WALL}")
                P_CPU=$(lower "$T_CPU" "${P_CPU:-$T_CPU}")
                P_PEAK=$(higher "$T_PEAK" "$P_PEAK")
            else
                INPUT=$work/keys timed "$MF_BIN/mfmap" -c "$work/config" -q - "$1:$work/ours"
                cp "$work/out" "$work/our_answers"
                M_WALL=$(lower "$T_WALL" "${M_WALL:-$T_WALL}")
                M_CPU=$(lower "$T_CPU" "${M_CPU:-$T_CPU}")
                M_PEAK=$(higher "$T_PEAK" "$M_PEAK")
            fi
        done
        cmp -s "$work/our_answers" "$work/their_answers" ||
            { echo "bench: answers differ for $1" >&2; exit 1; }
        run=$((run + 1))
    done
}

ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.1fx", $1 / $2; else print "inf" }'; }
seconds() { echo "$1" | awk '{ printf "%.3f", $1 }'; }
megabytes() { echo "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }

# row TASK P_WALL P_CPU P_PEAK M_WALL M_CPU M_PEAK
row() {
    printf '%-22s %8s (%6s) %8s (%6s) %7s %7s %7s/%-7s\n' "$1" "$(seconds "$2")" \
        "$(seconds "$3")" "$(seconds "$5")" "$(seconds "$6")" "$(ratio "$2" "$5")" \
        "$(ratio "$3" "$6")" "$(megabytes "$4")" "$(megabytes "$7")"
}

printf '%-22s %17s %17s %7s %7s %15s\n' "task ($entries entries)" "postmap s (cpu)" \
    "mfmap s (cpu)" "wall" "cpu" "peak MB p/m"
for type in ${MF_BENCH_TYPES:-hash btree cdb lmdb}; do
    cp "$work/source" "$work/theirs"
    cp "$work/source" "$work/ours"
    INPUT= CLEAN="$work/theirs.*" measure postmap -c "$work/config" "$type:$work/theirs"
    p_wall=$WALL p_cpu=$CPU p_peak=$PEAK
    INPUT= CLEAN="$work/ours.*" measure "$MF_BIN/mfmap" -c "$work/config" "$type:$work/ours"
    row "build $type" "$p_wall" "$p_cpu" "$p_peak" "$WALL" "$CPU" "$PEAK"

    measure_queries "$type"
    row "query -q - 100k $type" "$P_WALL" "$P_CPU" "$P_PEAK" "$M_WALL" "$M_CPU" "$M_PEAK"
    rm -f "$work"/theirs.* "$work"/ours.*
done
echo "targets: build hash >=5x, btree/lmdb >=3x, cdb >=5x; query hash/btree >=3x, cdb >=2x;"
echo "peak memory no higher than postmap's. Load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
