# Owner and mode of the tables mfmap builds, against real postmap and postalias in the same
# run: as root, the build runs as the source's owner (the table belongs to that user, and a
# directory or table that user cannot write is fatal), -o keeps root, -p gives plain 0644,
# otherwise the source's missing read bits are kept off, whatever the caller's umask; -i runs
# as the owner of standard input. Needs root (CI runs as root); skipped otherwise.
. "$MF_TOP/tests/integration/lib.sh"

MFMAP="$MF_BIN/mfmap"
MFALIAS="$MF_BIN/mfalias"
if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
    pass "ownership tests skipped: they need root and the user nobody"
    exit 0
fi
# Under `make asan`: LeakSanitizer cannot inspect a process whose effective uid changed (the
# kernel makes it non-dumpable, so LSan's ptrace fails and it exits 1); address and undefined
# behaviour checks stay on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
config=$(postfix_config_dir)
printf 'compatibility_level = 3.7\n' > "$config/main.cf"
nobody_group=$(id -gn nobody)
chmod 755 "$WORK"

# owner:group mode of each file in a directory.
listing() { (cd "$1" && for f in *; do stat -c "$f %U:%G %a" "$f"; done); }

# setup DIR OWNER MODE: a fresh world-writable directory holding a source "table".
setup() {
    rm -rf "$1"
    mkdir -p "$1"
    chmod 777 "$1"
    printf 'Key value\nother thing\n' > "$1/table"
    chown "$2" "$1/table"
    chmod "$3" "$1/table"
}

# compare NAME OWNER MODE UMASK FLAGS TYPE [PROGRAM]: build with both, compare what was made.
compare() {
    name=$1 owner=$2 mode=$3 mask=$4 flags=$5 type=$6 ours=${7:-$MFMAP} theirs=${8:-postmap}
    setup "$WORK/ours" "$owner" "$mode"
    setup "$WORK/theirs" "$owner" "$mode"
    (umask "$mask"; "$ours" -c "$config" $flags "$type:$WORK/ours/table" 2>/dev/null)
    our_status=$?
    (umask "$mask"; "$theirs" -c "$config" $flags "$type:$WORK/theirs/table" 2>/dev/null)
    expect_equal "$name: exit status as $theirs's" "$?" "$our_status"
    expect_equal "$name: owner and mode as $theirs's" \
        "$(listing "$WORK/theirs")" "$(listing "$WORK/ours")"
}

for type in hash cdb lmdb; do
    compare "$type, source nobody 0640" "nobody:$nobody_group" 640 022 "" $type
    compare "$type, source nobody 0600, umask 077" "nobody:$nobody_group" 600 077 "" $type
    compare "$type, source nobody 0666, umask 000" "nobody:$nobody_group" 666 000 "" $type
    compare "$type -o, source nobody 0640" "nobody:$nobody_group" 640 022 -o $type
    compare "$type -p, source nobody 0600" "nobody:$nobody_group" 600 077 -p $type
done
compare "hash, source root:$nobody_group 0640 (group switch only)" "root:$nobody_group" 640 022 "" hash
compare "hash, source root 0600" "root:root" 600 022 "" hash
compare "postalias, source nobody 0640" "nobody:$nobody_group" 640 022 "" hash "$MFALIAS" postalias
compare "postalias -o -p, source nobody 0600" "nobody:$nobody_group" 600 022 "-o -p" hash "$MFALIAS" postalias

# A table the source's owner cannot write: postmap fails (it rewrites hash in place), so must
# mfmap, leaving the table alone.
for type in hash lmdb; do
    setup "$WORK/ours" "nobody:$nobody_group" 644
    setup "$WORK/theirs" "nobody:$nobody_group" 644
    postmap -o -c "$config" "$type:$WORK/ours/table"
    postmap -o -c "$config" "$type:$WORK/theirs/table"
    before=$(listing "$WORK/ours")
    out=$("$MFMAP" -c "$config" "$type:$WORK/ours/table" 2>&1)
    our_status=$?
    postmap -c "$config" "$type:$WORK/theirs/table" 2>/dev/null
    expect_equal "$type table owned by root, source by nobody: exit status as postmap's" \
        "$?" "$our_status"
    expect_match "$type table owned by root, source by nobody: says why" "Permission denied" "$out"
    expect_equal "$type table owned by root, source by nobody: left as it was" \
        "$before" "$(listing "$WORK/ours")"
done

# A directory the source's owner cannot write.
for type in hash cdb; do
    for side in ours theirs; do
        setup "$WORK/$side" "nobody:$nobody_group" 644
        chmod 755 "$WORK/$side"
    done
    "$MFMAP" -c "$config" "$type:$WORK/ours/table" 2>/dev/null
    our_status=$?
    postmap -c "$config" "$type:$WORK/theirs/table" 2>/dev/null
    expect_equal "$type, directory not writable by the source's owner: exit status as postmap's" \
        "$?" "$our_status"
    expect_equal "$type, directory not writable by the source's owner: nothing written" \
        "$(listing "$WORK/theirs")" "$(listing "$WORK/ours")"
done

# An existing table keeps its mode, except a cdb table, which postmap writes anew.
for type in hash cdb; do
    for side in ours theirs; do
        setup "$WORK/$side" "nobody:$nobody_group" 644
        postmap -c "$config" "$type:$WORK/$side/table"
        chmod 604 "$WORK/$side"/table.*
    done
    "$MFMAP" -c "$config" "$type:$WORK/ours/table"
    postmap -c "$config" "$type:$WORK/theirs/table"
    expect_equal "an existing $type table: mode and owner as postmap's" \
        "$(listing "$WORK/theirs")" "$(listing "$WORK/ours")"
done

# -i: the identity of standard input decides. A file owned by nobody: the update runs as
# nobody; a table nobody cannot write is then fatal, as for postmap.
printf 'new entry\n' > "$WORK/input"
chown "nobody:$nobody_group" "$WORK/input"
for side in ours theirs; do
    setup "$WORK/$side" "nobody:$nobody_group" 644
    postmap -c "$config" "hash:$WORK/$side/table"
done
"$MFMAP" -c "$config" -i "hash:$WORK/ours/table" < "$WORK/input"
our_status=$?
postmap -c "$config" -i "hash:$WORK/theirs/table" < "$WORK/input"
expect_equal "-i from nobody's file into nobody's table: exit status as postmap's" "$?" "$our_status"
expect_equal "-i from nobody's file into nobody's table: owner and mode as postmap's" \
    "$(listing "$WORK/theirs")" "$(listing "$WORK/ours")"
expect_equal "-i from nobody's file: the entry is there" "entry" \
    "$(postmap -c "$config" -q new "hash:$WORK/ours/table")"
for side in ours theirs; do
    setup "$WORK/$side" "root:root" 644
    postmap -c "$config" "hash:$WORK/$side/table"
done
"$MFMAP" -c "$config" -i "hash:$WORK/ours/table" < "$WORK/input" 2>/dev/null
our_status=$?
postmap -c "$config" -i "hash:$WORK/theirs/table" < "$WORK/input" 2>/dev/null
expect_equal "-i from nobody's file into root's table: exit status as postmap's" "$?" "$our_status"
"$MFMAP" -c "$config" -o -i "hash:$WORK/ours/table" < "$WORK/input"
our_status=$?
postmap -c "$config" -o -i "hash:$WORK/theirs/table" < "$WORK/input"
expect_equal "-o -i from nobody's file into root's table: exit status as postmap's" "$?" "$our_status"
