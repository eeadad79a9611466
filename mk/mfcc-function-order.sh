#!/bin/sh
# mfcc-function-order.sh MFCC OUTPUT: writes to OUTPUT the (mangled) names of the functions of
# the mfcc binary MFCC that run when it checks and compiles a configuration, one per line, those
# that more of the training runs use first. The Makefile links mfcc with these functions placed
# together (lld's --symbol-ordering-file; objects are compiled with -ffunction-sections). A run of
# mfcc is mostly process start-up, and on a virtual machine each page fault costs tens of
# microseconds: with the code a run uses spread over 7 MB of text, 64 KB of fault-around at a time,
# mfcc took about 38 faults in its text; placed together, about 17 (the bench: 0.6 to 1 ms of 9).
# Where the page cache holds mfcc in 2 MB folios (as built, and once read back after the cache
# dropped it: compiler/mfcc_entry.cpp) the order keeps what a run uses within one 2 MB of code;
# it counts most for a copy the cache holds in small folios (made by cp).
# The C library's string functions are chosen at start-up for the CPU (ifuncs); valgrind, which
# has no AVX-512, makes it choose others, so the AVX-512 variants are added by name.
# Run it again (`make function-order`) after large changes to the checks: a name that no longer
# exists is ignored, and a new function is only placed with the rest of the code.
# Needs valgrind (callgrind counts which functions ran, run by run, without sampling).
set -eu
mfcc=$1
output=$2
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mfcc-order.XXXXXX")
trap 'rm -rf "$work"' EXIT
command -v valgrind > /dev/null || { echo "mfcc-function-order: needs valgrind" >&2; exit 1; }

# The configurations: the example `make run` checks; Debian's main.cf (as bench builds it) with
# the example's master.cf; the same with every other parameter at the value postconf -d prints
# (the value checks of every type). Each is checked with and without the checks of files.
mkdir -p "$work/debian" "$work/every"
if [ -f /usr/share/postfix/main.cf.debian ]; then
    cp /usr/share/postfix/main.cf.debian "$work/debian/main.cf"
    printf 'myhostname = mx.example.test\n' >> "$work/debian/main.cf"
    cp "$top/examples/postfix/master.cf" "$work/debian/master.cf"
    if command -v postconf > /dev/null; then
        cp "$work/debian/master.cf" "$work/every/master.cf"
        { cat "$work/debian/main.cf"; postconf -c "$work/debian" -d 2>/dev/null; } \
            > "$work/every/main.cf"
    fi
fi
run=0
for config in "$top/examples/postfix" "$work/debian" "$work/every"; do
    [ -f "$config/main.cf" ] || continue
    for options in "--no-file-checks" ""; do
        run=$((run + 1))
        # shellcheck disable=SC2086 # options is one word or none
        valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profile.$run" \
            "$mfcc" -q $options -o "$work/snapshot.$run" "$config" > /dev/null 2>&1 || true
    done
done
# Every function callgrind saw run (fn= its own cost, cfn= called), kept if mfcc defines it,
# those that more of the runs used first: a run then touches a shorter stretch of the code.
for profile in "$work"/profile.*; do
    sed -n 's/^c\{0,1\}fn=([0-9]*) //p' "$profile" | sort -u
done | sort | uniq -c | sort -k1,1nr -k2,2 | awk '{ print $2 }' > "$work/ran"
# (i: the C library's ifunc resolvers, which all run at start-up.)
nm --defined-only "$mfcc" | awk '$2 ~ /^[tTwWi]$/ { print $3 }' | sort -u > "$work/defined"
awk 'NR == FNR { defined[$1] = 1; next } defined[$1]' "$work/defined" "$work/ran" > "$work/order"
# The C library's EVEX and AVX-512 variants of its string functions (about 50 KB), which its
# resolvers pick on CPUs that have AVX-512 and valgrind, which has not, never runs.
nm --defined-only "$mfcc" | awk '$2 ~ /^[tT]$/ && $3 ~ /^__[a-z0-9_]*_(evex|avx512)/ { print $3 }' |
    sort -u | awk 'NR == FNR { listed[$1] = 1; next } !listed[$1]' "$work/order" - >> "$work/order"
# An empty list (no profile written) would silently undo the placement: keep the old one.
[ -s "$work/order" ] || { echo "mfcc-function-order: no function ran under callgrind" >&2; exit 1; }
mv "$work/order" "$output"
echo "$(wc -l < "$output") functions in $output"
