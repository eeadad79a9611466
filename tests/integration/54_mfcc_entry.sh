# mfcc's static link and its entry point (the Makefile, mk/mfcc-layout.ld,
# compiler/mfcc_entry.cpp): on x86-64 with lld, mfcc starts at mfcc_entry, whose one system call
# marks the read-only data and the code for transparent huge pages before anything touches them,
# and whose segments lie on 2 MB boundaries with the ELF headers alone in the file's first 2 MB.
# A refused madvise changes nothing of what mfcc does. Elsewhere (another architecture, or no
# lld: mfcc linked dynamically) there is no such entry, and the script says so and checks nothing.
. "$MF_TOP/tests/integration/lib.sh"

mfcc="$MF_BIN/mfcc"
two_mb=2097152

if readelf -lW "$mfcc" | grep -q INTERP || [ "$(uname -m)" != x86_64 ]; then
    echo "# mfcc is linked dynamically (no lld) or not for x86-64 here: no mfcc_entry to check"
    exit 0
fi
entry=$(readelf -hW "$mfcc" | awk '/Entry point address:/ { print $4 }')
entry_symbol=$(nm "$mfcc" | awk '$3 == "mfcc_entry" { print "0x" $1 }')
expect_equal "mfcc starts at mfcc_entry" "$((${entry_symbol:-0}))" "$((entry))"

# The segments: every loadable one starts on 2 MB in the file and in memory, and the code
# segment's memory ends on 2 MB too.
segments=$(readelf -lW "$mfcc" | awk '$1 == "LOAD" { print $2, $3, $6, $7 }')
misplaced=$(printf '%s\n' "$segments" | while read -r offset address size flags; do
    [ $((offset % two_mb)) -eq 0 ] && [ $((address % two_mb)) -eq 0 ] ||
        echo "starts at $offset/$address"
    case $flags in
    *E*) [ $(((address + size) % two_mb)) -eq 0 ] || echo "code ends at $((address + size))" ;;
    esac
done)
expect_equal "each segment starts on a 2 MB boundary, and the code segment ends on one" \
    "" "$misplaced"
rodata_offset=0x$(readelf -SW "$mfcc" |
    sed -n 's/.* \.rodata  *PROGBITS  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
expect_equal "read-only data starts 2 MB into the file, after the ELF headers' 2 MB" \
    "$two_mb" "$((rodata_offset))"

# The first system call: madvise(MADV_HUGEPAGE) from the ELF header's address to the end of the
# code segment.
header=$(nm "$mfcc" | awk '$3 == "__ehdr_start" { print "0x" $1 }')
code_end=$(nm "$mfcc" | awk '$3 == "mfcc_code_end" { print "0x" $1 }')
config_dir_with 'smtpd_tls_security_level = may'
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -o "$WORK/trace" "$mfcc" -q --no-file-checks -o "$WORK/first.snapshot" "$dir" \
    > /dev/null 2>&1
first_call=$(grep -v '^execve(' "$WORK/trace" | head -n 1)
expect_match "the first system call marks data and code for huge pages" \
    "^madvise\(0x0*$(printf '%x' "$header"), $((code_end - header)), MADV_HUGEPAGE\)" "$first_call"

# A kernel that refuses (no transparent huge pages: EINVAL) gets the same run.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -o /dev/null -e trace=madvise -e inject=madvise:error=EINVAL:when=1 \
    "$mfcc" -q --no-file-checks -o "$WORK/refused.snapshot" "$dir" > "$WORK/refused.out" 2>&1
expect_equal "with madvise refused: exit status 0" 0 "$?"
expect_equal "with madvise refused: nothing printed" "" "$(cat "$WORK/refused.out")"
check "with madvise refused: the same snapshot" cmp "$WORK/first.snapshot" "$WORK/refused.snapshot"
