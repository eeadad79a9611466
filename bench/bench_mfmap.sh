# mfmap against real postmap, side by side in one run: building a 1,000,000-entry table for
# hash, btree, cdb and lmdb, and a 100,000-key bulk query (-q -) on each. Prints wall time,
# CPU time (user+sys), peak memory, and postmap/mfmap ratios (above 1 = mfmap faster).
# Environment: MF_BIN (built binaries), MF_BENCH_ENTRIES (default 1000000), MF_BENCH_RUNS
# (default 1): each command runs that many times and its fastest run counts, which filters
# out noise from other processes on a shared machine (both sides alike).
set -eu
MF_BIN=${MF_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/bin}
entries=${MF_BENCH_ENTRIES:-1000000}
runs=${MF_BENCH_RUNS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/mfbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/config"
: > "$work/config/main.cf"

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

# measure COMMAND...: runs COMMAND $runs times with standard input from $INPUT (removing the
# files $CLEAN names before each run but the first), sets WALL and CPU (seconds) from the
# fastest run and PEAK (MB) from the highest.
measure() {
    WALL= CPU= PEAK=0
    run=0
    while [ "$run" -lt "$runs" ]; do
        [ "$run" -gt 0 ] && [ -n "${CLEAN:-}" ] && rm -f $CLEAN
        sync
        /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" < "${INPUT:-/dev/null}" \
            > "$work/out" 2> "$work/err" ||
            { echo "bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
        read -r wall user sys peak_kb < "$work/time"
        cpu=$(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')
        peak=$(echo "$peak_kb" | awk '{ printf "%.0f", $1 / 1024 }')
        if [ -z "$WALL" ] || [ "$(echo "$wall $WALL" | awk '{ print ($1 < $2) }')" = 1 ]; then
            WALL=$wall CPU=$cpu
        fi
        [ "$peak" -gt "$PEAK" ] && PEAK=$peak
        run=$((run + 1))
    done
}

ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.1fx", $1 / $2; else print "inf" }'; }

printf '%-22s %16s %16s %8s %8s %14s\n' "task ($entries entries)" "postmap s (cpu)" "mfmap s (cpu)" "wall" "cpu" "peak MB p/m"
for type in hash btree cdb lmdb; do
    cp "$work/source" "$work/theirs"
    cp "$work/source" "$work/ours"
    INPUT= CLEAN="$work/theirs.*" measure postmap -c "$work/config" "$type:$work/theirs"
    p_wall=$WALL p_cpu=$CPU p_peak=$PEAK
    INPUT= CLEAN="$work/ours.*" measure "$MF_BIN/mfmap" -c "$work/config" "$type:$work/ours"
    printf '%-22s %8s (%5s) %8s (%5s) %8s %8s %7s/%-6s\n' "build $type" "$p_wall" "$p_cpu" \
        "$WALL" "$CPU" "$(ratio "$p_wall" "$WALL")" "$(ratio "$p_cpu" "$CPU")" "$p_peak" "$PEAK"

    INPUT=$work/keys CLEAN= measure postmap -c "$work/config" -q - "$type:$work/theirs"
    p_wall=$WALL p_cpu=$CPU p_peak=$PEAK
    cp "$work/out" "$work/their_answers"
    INPUT=$work/keys CLEAN= measure "$MF_BIN/mfmap" -c "$work/config" -q - "$type:$work/ours"
    cmp -s "$work/out" "$work/their_answers" || { echo "bench: answers differ for $type" >&2; exit 1; }
    printf '%-22s %8s (%5s) %8s (%5s) %8s %8s %7s/%-6s\n' "query -q - 100k $type" "$p_wall" \
        "$p_cpu" "$WALL" "$CPU" "$(ratio "$p_wall" "$WALL")" "$(ratio "$p_cpu" "$CPU")" \
        "$p_peak" "$PEAK"
    rm -f "$work"/theirs.* "$work"/ours.*
done
echo "targets: build hash >=5x, btree/lmdb >=3x, cdb >=5x; query hash/btree >=3x, cdb >=2x;"
echo "peak memory no higher than postmap's. Load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
