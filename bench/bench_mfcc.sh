# mfcc against real Postfix, as whole processes, in the same run:
#  1. full check + compile (-o snapshot) of a 300-parameter main.cf with Debian's master.cf,
#     vs `postconf -c DIR -n` (goal: mfcc at least 3x faster) and vs `postfix -c DIR check`
#     (goal: at least 30x faster);
#  2. linearity: a 200,000-line main.cf against a 2,000-line one (goal: at most 100x).
# For reading the first figure, it also times mfcc without -o (checks only) and two floors, C
# programs linked as mfcc is (statically where mfcc is): one that only starts and exits, and one
# that also writes a file of the snapshot's size the way the snapshot is written (temporary file,
# fsync, rename, fsync of the directory). No mfcc run can be faster than the second.
# mfcc's start-up depends on how the page cache holds its binary. In 2 MB folios one page fault
# maps 2 MB of it; in small ones, 64 KB. The build leaves it in 2 MB folios (lld writes it with
# write(2)); once the cache dropped its pages, the next run reads them back into 2 MB folios too
# (compiler/mfcc_entry.cpp); a copy made by cp or install(1) is held in small folios until the
# cache drops it (make install drops its copy at once). The first figures time build/bin/mfcc as
# the cache holds it when the bench runs; two more time copies of it, one as cp left it, one
# whose pages were dropped (posix_fadvise) and read back by one run.
# Each figure is the median wall time of several runs of the whole process, timed by
# bench/process_timer.c (posix_spawn and wait4, no shell or interpreter around the command), with
# the commands compared taking turns so that the shared machine's disturbances fall on all alike.
# mfcc runs as in CI (--no-file-checks: the tables the Debian main.cf names are not built here)
# and writes the snapshot (temporary file, fsync, rename, fsync of the directory), which postconf
# does not.
set -u
MF_BIN=$(cd "${MF_BIN:-build/bin}" && pwd)
MF_TOP=${MF_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/mfbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

ratio() { /usr/bin/python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

cc -O2 -o "$work/process_timer" "$MF_TOP/bench/process_timer.c" || { echo "bench: cannot build process_timer"; exit 1; }
timer() { "$work/process_timer" "$@"; }

# A 300-parameter main.cf: Debian's, then built-in parameters at valid values (their defaults,
# as postconf -d prints them), skipping host-dependent ones, until there are 300.
config="$work/config"
mkdir -p "$config"
cp /etc/postfix/master.cf "$config/master.cf"
cp /usr/share/postfix/main.cf.debian "$config/main.cf"
printf 'myhostname = mx.example.test\n' >> "$config/main.cf"
have=$(grep -c '^[a-z0-9]' "$config/main.cf")
: > "$work/empty.cf"
mkdir -p "$work/defaults" && cp "$work/empty.cf" "$work/defaults/main.cf" && : > "$work/defaults/master.cf"
postconf -c "$work/defaults" -d 2>/dev/null | grep -Ev '^(myhostname|mydomain|mynetworks|process_id|process_name|config_directory|compatibility_level|alias_maps|alias_database|smtpd_relay_restrictions|smtpd_tls_cert_file|smtpd_tls_key_file|smtpd_tls_security_level|smtp_tls_CApath|smtp_tls_security_level|smtp_tls_session_cache_database|readme_directory|biff|append_dot_mydomain|mydestination|relayhost|mailbox_size_limit|recipient_delimiter|inet_interfaces|inet_protocols|smtpd_banner) ' \
    | awk -v want=$((300 - have)) 'NR % 3 != 0 && n < want { print; n++ }' >> "$config/main.cf"
params=$(grep -c '^[a-z0-9]' "$config/main.cf")
"$MF_BIN/mfcc" -q --no-file-checks -o "$work/mf.snapshot" "$config" > "$work/mfcc.out" 2>&1
status=$?
echo "main.cf: $params parameters; Debian master.cf; mfcc exit status $status (0 = no error)"

cat > "$work/floor.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
/* floor [TARGET SIZE]: start and exit; with arguments, write SIZE bytes to TARGET (in the current
   directory) as mfcc -o writes its snapshot */
int main(int argc, char** argv)
{
    if (argc < 3)
        return 0;
    size_t size = strtoul(argv[2], NULL, 10);
    char* bytes = calloc(size, 1);
    char temporary[4096];
    snprintf(temporary, sizeof temporary, "%s.tmp.%d", argv[1], (int)getpid());
    int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (!bytes || fd < 0 || write(fd, bytes, size) != (ssize_t)size || fsync(fd) != 0 ||
        close(fd) != 0 || rename(temporary, argv[1]) != 0)
        return 1;
    int directory = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return directory < 0 || fsync(directory) != 0;
}
C
floor_link=
readelf -l "$MF_BIN/mfcc" 2>/dev/null | grep -q INTERP || floor_link=-static
cc -O2 $floor_link -o "$work/floor" "$work/floor.c" || { echo "bench: cannot build the floor program"; exit 1; }
snapshot_size=$(wc -c < "$work/mf.snapshot")
# The two copies of mfcc: one as cp leaves it, one dropped from the page cache and read back by
# one run. They are timed in the same turns as the rest, so that every figure is taken alike.
cp "$MF_BIN/mfcc" "$work/mfcc-copied"
cp "$MF_BIN/mfcc" "$work/mfcc-read-back"
/usr/bin/python3 - "$work/mfcc-read-back" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
os.fsync(fd)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
os.close(fd)
PY
"$work/mfcc-read-back" -q --no-file-checks -o "$work/mf.snapshot" "$config" > /dev/null 2>&1
runs=41
set -- $(cd "$work" && timer $runs "$MF_BIN/mfcc" -q --no-file-checks -o "$work/mf.snapshot" "$config" \
    -- postconf -c "$config" -n -- "$MF_BIN/mfcc" -q --no-file-checks "$config" \
    -- "$work/floor" -- "$work/floor" floor.out "$snapshot_size" \
    -- "$work/mfcc-copied" -q --no-file-checks -o "$work/mf.snapshot" "$config" \
    -- "$work/mfcc-read-back" -q --no-file-checks -o "$work/mf.snapshot" "$config")
mfcc_ms=$1 postconf_ms=$2 check_only_ms=$3 start_ms=$4 write_ms=$5 copied_ms=$6 read_back_ms=$7
echo "mfcc check + compile:        $mfcc_ms ms"
echo "postconf -c DIR -n:          $postconf_ms ms   (postconf / mfcc = $(ratio "$postconf_ms" "$mfcc_ms")x, goal >= 3x)"
if [ "$(id -u)" -eq 0 ]; then
    set -- $(timer 3 postfix -c "$config" check -- "$MF_BIN/mfcc" -q --no-file-checks -o "$work/mf.snapshot" "$config")
    echo "postfix -c DIR check:        $1 ms   (postfix check / mfcc = $(ratio "$1" "$mfcc_ms")x, goal >= 30x)"
else
    echo "postfix -c DIR check:        skipped (needs root)"
fi
echo "mfcc check only (no -o):     $check_only_ms ms   (postconf / mfcc = $(ratio "$postconf_ms" "$check_only_ms")x)"
echo "floor, start and exit:       $start_ms ms"
echo "floor, + durable write:      $write_ms ms   (postconf / floor = $(ratio "$postconf_ms" "$write_ms")x: the best mfcc -o could reach here)"
echo "mfcc, binary copied by cp:   $copied_ms ms   (postconf / mfcc = $(ratio "$postconf_ms" "$copied_ms")x: the copy in the page cache's small folios)"
echo "mfcc, copy read back:        $read_back_ms ms   (postconf / mfcc = $(ratio "$postconf_ms" "$read_back_ms")x: its pages dropped from the page cache, then read back by one run)"

# Linearity: 2,000 and 200,000 lines of typical settings (known parameters and user-defined
# ones referenced from others).
make_lines() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
count, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    out.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    for i in range(count - 2):
        if i % 4 == 0:
            out.write("smtpd_banner = $myhostname ESMTP %d\n" % i)
        elif i % 4 == 1:
            out.write("list_%d = a, b, c\nrelay_domains = $list_%d\n" % (i, i))
        elif i % 4 == 2:
            out.write("maximal_queue_lifetime = %dd\n" % (i % 30 + 1))
PY
}
for lines in 2000 200000; do
    mkdir -p "$work/lines$lines"
    cp /etc/postfix/master.cf "$work/lines$lines/master.cf"
    make_lines "$lines" "$work/lines$lines/main.cf"
done
small_ms=$(timer 11 "$MF_BIN/mfcc" -q "$work/lines2000")
large_ms=$(timer 3 "$MF_BIN/mfcc" -q "$work/lines200000")
echo "mfcc, 2,000-line main.cf:    $small_ms ms"
echo "mfcc, 200,000-line main.cf:  $large_ms ms   (ratio $(ratio "$large_ms" "$small_ms")x for 100x the input, goal <= 100x)"
