# Failure safety and the rest of postmap's command line: a killed or failed build leaves the
# old table readable, concurrent builds (ours and real postmap's) never mix, bad input gets
# clear messages, and -i, -d, -N, -n, -f, -r, -w, -F, -o, -p, --convert, --verify behave.
. "$MF_TOP/tests/integration/lib.sh"

config=$(postfix_config_dir)
utf8_config=$(postfix_config_dir)
printf 'smtputf8_enable = yes\n' > "$utf8_config/main.cf"
MFMAP="$MF_BIN/mfmap"

generate() { # generate FILE COUNT VALUE-PREFIX
    /usr/bin/python3 - "$@" <<'PY'
import sys
path, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as out:
    for i in range(count):
        out.write("key%d %s-%d\n" % (i, prefix, i))
PY
}

# A build killed half-way leaves the previous table in place and readable.
generate "$WORK/table" 1000 old
"$MFMAP" -c "$config" "hash:$WORK/table"
generate "$WORK/table" 400000 new
"$MFMAP" -c "$config" "hash:$WORK/table" &
build_pid=$!
sleep 0.3
kill -9 "$build_pid" 2>/dev/null
wait "$build_pid" 2>/dev/null
answer=$(postmap -c "$config" -q key5 "hash:$WORK/table")
count=$(postmap -c "$config" -s "hash:$WORK/table" | wc -l)
if { [ "$answer" = old-5 ] && [ "$count" -eq 1000 ]; } ||
    { [ "$answer" = new-5 ] && [ "$count" -eq 400000 ]; }; then
    pass "a killed build leaves a whole table (old or new): $answer, $count entries"
else
    fail_case "a killed build leaves a whole table" "key5=$answer entries=$count"
fi

leftovers=$(ls "$WORK" | grep -c '^table\.db\.tmp\.' || true)
"$MFMAP" -c "$config" "hash:$WORK/table"
expect_equal "the next build removes what a killed build left behind" 0 \
    "$(ls "$WORK" | grep -c '^table\.db\.tmp\.' || true)"

# A failing build (a write error half-way: the file size limit) changes nothing.
generate "$WORK/fail" 10 old
"$MFMAP" -c "$config" "cdb:$WORK/fail"
generate "$WORK/fail" 20000 new
out=$( (trap '' XFSZ; ulimit -f 64; "$MFMAP" -c "$config" "cdb:$WORK/fail") 2>&1)
expect_match "a failed build says why" "^mfmap: fatal: cannot write .*fail\.cdb\.tmp\..*File too large" "$out"
expect_equal "a failed build leaves the old table" old-1 \
    "$(postmap -c "$config" -q key1 "cdb:$WORK/fail")"
leftovers=$(ls "$WORK" | grep -c '^fail\.cdb\.tmp\.' || true)
expect_equal "a failed build leaves no temporary file" 0 "$leftovers"

# Concurrent builds of one table, ours and real postmap's: the result is one whole table.
generate "$WORK/a" 20000 aaa
generate "$WORK/b" 20000 bbb
generate "$WORK/shared" 20000 ccc
"$MFMAP" -c "$config" "cdb:$WORK/a"
"$MFMAP" -c "$config" "cdb:$WORK/b"
for round in 1 2 3; do
    "$MFMAP" -c "$config" --convert "cdb:$WORK/a" "hash:$WORK/shared" &
    p1=$!
    postmap -c "$config" "hash:$WORK/shared" &
    p2=$!
    "$MFMAP" -c "$config" --convert "cdb:$WORK/b" "hash:$WORK/shared" &
    p3=$!
    "$MFMAP" -c "$config" "hash:$WORK/shared" &
    p4=$!
    wait $p1 $p2 $p3 $p4
    prefixes=$(postmap -c "$config" -s "hash:$WORK/shared" | cut -f2 | cut -d- -f1 | sort -u | tr '\n' ' ')
    total=$(postmap -c "$config" -s "hash:$WORK/shared" | wc -l)
    case "$prefixes" in
        "aaa " | "bbb " | "ccc ") ok=yes ;;
        *) ok=no ;;
    esac
    if [ "$ok" = yes ] && [ "$total" -eq 20000 ]; then
        pass "concurrent builds, round $round: one whole table ($prefixes)"
    else
        fail_case "concurrent builds, round $round: one whole table" "$prefixes $total entries"
    fi
done

# Bad input: NUL bytes, invalid UTF-8 (with smtputf8), a 1 MB line.
printf 'good v\nbad\0nul v\nalso good\n' > "$WORK/bad"
out=$("$MFMAP" -c "$config" "hash:$WORK/bad" 2>&1)
expect_match "a NUL byte is reported with its line" "^mfmap: warning: $WORK/bad, line 2: NUL byte in" "$out"
expect_equal "lines around a NUL byte are kept" "v" "$(postmap -c "$config" -q good "hash:$WORK/bad")"
printf 'good v\nbad\377utf8 v\n' > "$WORK/badutf8"
out=$("$MFMAP" -c "$utf8_config" "hash:$WORK/badutf8" 2>&1)
expect_match "invalid UTF-8 is reported with smtputf8 on" "line 2: non-UTF-8 input" "$out"
postmap -c "$utf8_config" -q 'bad?utf8' "hash:$WORK/badutf8" >/dev/null
expect_equal "invalid UTF-8 lines are skipped as postmap does" 1 $?
{ printf 'big '; head -c 1048576 /dev/zero | tr '\0' 'y'; printf '\nafter v\n'; } > "$WORK/long"
"$MFMAP" -c "$config" "hash:$WORK/long"
expect_equal "a 1 MB value is stored whole" 1048576 \
    "$(postmap -c "$config" -q big "hash:$WORK/long" | tr -d '\n' | wc -c)"

# -i and -d, with real postmap reading the result.
printf 'k1 v1\nk2 v2\n' > "$WORK/inc"
"$MFMAP" -c "$config" "hash:$WORK/inc"
printf 'k3 v3\nk1 changed\n' | "$MFMAP" -c "$config" -i "hash:$WORK/inc" 2>"$WORK/inc_err"
expect_equal "-i adds entries" v3 "$(postmap -c "$config" -q k3 "hash:$WORK/inc")"
expect_equal "-i keeps existing values" v1 "$(postmap -c "$config" -q k1 "hash:$WORK/inc")"
expect_match "-i warns about duplicates" 'duplicate entry: "k1"' "$(cat "$WORK/inc_err")"
printf 'k1 changed\n' | "$MFMAP" -c "$config" -i -r "hash:$WORK/inc"
expect_equal "-i -r replaces" changed "$(postmap -c "$config" -q k1 "hash:$WORK/inc")"
"$MFMAP" -c "$config" -d k2 "hash:$WORK/inc"
expect_equal "-d exits 0 when it deleted" 0 $?
postmap -c "$config" -q k2 "hash:$WORK/inc" >/dev/null
expect_equal "-d deletes" 1 $?
"$MFMAP" -c "$config" -d k2 "hash:$WORK/inc"
expect_equal "-d exits 1 when the key was absent" 1 $?
printf 'k1\nk3\n' | "$MFMAP" -c "$config" -d - "lmdb:$WORK/inc" 2>/dev/null
"$MFMAP" -c "$config" "lmdb:$WORK/inc"
printf 'k1\nk3\n' | "$MFMAP" -c "$config" -d - "lmdb:$WORK/inc"
expect_equal "-d - deletes every key read" "k2	v2" "$(postmap -c "$config" -s "lmdb:$WORK/inc")"
"$MFMAP" -c "$config" "cdb:$WORK/inc"
out=$(echo 'x y' | "$MFMAP" -c "$config" -i "cdb:$WORK/inc" 2>&1)
expect_match "cdb refuses -i as postmap does" "inappropriate open flags for cdb database" "$out"

# -N, -n, -f, -r, -w: the same records as real postmap.
printf 'Key1 v1\nkey1 v2\nKEY2 v3\n' > "$WORK/flags"
for flags in -N -n -f -r -w -fr -Nw; do
    cp "$WORK/flags" "$WORK/flags_ours"
    cp "$WORK/flags" "$WORK/flags_theirs"
    for type in cdb hash; do
        "$MFMAP" -c "$config" $flags "$type:$WORK/flags_ours" 2>/dev/null
        postmap -c "$config" $flags "$type:$WORK/flags_theirs" 2>/dev/null
    done
    expect_equal "cdb $flags: the same records as postmap" \
        "$(cdb -d "$WORK/flags_theirs.cdb" | tr '\0' @ | sort)" \
        "$(cdb -d "$WORK/flags_ours.cdb" | tr '\0' @ | sort)"
    expect_equal "hash $flags: the same records as postmap" \
        "$(db5.3_dump -p "$WORK/flags_theirs.db" | sed -n '/HEADER=END/,/DATA=END/p' | sort)" \
        "$(db5.3_dump -p "$WORK/flags_ours.db" | sed -n '/HEADER=END/,/DATA=END/p' | sort)"
done

# -F: values name files whose contents are stored base64-encoded.
printf 'first part\n' > "$WORK/part1"
printf 'second part\n' > "$WORK/part2"
printf 'k %s/part1, %s/part2\n' "$WORK" "$WORK" > "$WORK/files"
cp "$WORK/files" "$WORK/files_theirs"
"$MFMAP" -c "$config" -F "hash:$WORK/files"
postmap -c "$config" -F "hash:$WORK/files_theirs"
expect_equal "-F stores what postmap -F stores" \
    "$(postmap -c "$config" -q k "hash:$WORK/files_theirs")" \
    "$(postmap -c "$config" -q k "hash:$WORK/files")"
expect_equal "-F -q decodes as postmap -F -q" \
    "$(postmap -c "$config" -F -q k "hash:$WORK/files_theirs")" \
    "$("$MFMAP" -c "$config" -F -q k "hash:$WORK/files")"
# A value naming a file that cannot be read: postmap warns and skips that entry, for a build
# and for -i alike.
printf 'a %s/part1\nb %s/missing\nc %s/part2\n' "$WORK" "$WORK" "$WORK" > "$WORK/somefiles"
cp "$WORK/somefiles" "$WORK/somefiles_theirs"
ours=$("$MFMAP" -c "$config" -F "hash:$WORK/somefiles" 2>&1)
expect_equal "-F, a missing file: exit 0 as postmap" 0 $?
theirs=$(postmap -c "$config" -F "hash:$WORK/somefiles_theirs" 2>&1)
expect_equal "-F, a missing file: postmap's warning" "$(printf '%s\n' "$theirs" | sed "s/^postmap:/mfmap:/; s/somefiles_theirs/somefiles/")" "$ours"
expect_equal "-F, a missing file: the other entries, as postmap's table" \
    "$(postmap -c "$config" -s "hash:$WORK/somefiles_theirs" | sort)" \
    "$(postmap -c "$config" -s "hash:$WORK/somefiles" | sort)"
printf 'd %s/part2\ne %s/missing\n' "$WORK" "$WORK" > "$WORK/more"
ours=$("$MFMAP" -c "$config" -F -i "hash:$WORK/somefiles" < "$WORK/more" 2>&1)
theirs=$(postmap -c "$config" -F -i "hash:$WORK/somefiles_theirs" < "$WORK/more" 2>&1)
expect_equal "-F -i: postmap's warning for the missing file" "$(printf '%s\n' "$theirs" | sed 's/^postmap:/mfmap:/')" "$ours"
expect_equal "-F -i: files' contents stored as postmap -F -i stores them" \
    "$(postmap -c "$config" -s "hash:$WORK/somefiles_theirs" | sort)" \
    "$(postmap -c "$config" -s "hash:$WORK/somefiles" | sort)"

# Owner and mode as postmap: source's owner when run as root, read bits from the source.
if [ "$(id -u)" -eq 0 ]; then
    chmod 711 "$WORK"
    mkdir "$WORK/owned"
    chmod 777 "$WORK/owned"
    for who in ours theirs; do
        printf 'k v\n' > "$WORK/owned/$who"
        chown nobody:nogroup "$WORK/owned/$who"
        chmod 640 "$WORK/owned/$who"
    done
    "$MFMAP" -c "$config" "hash:$WORK/owned/ours"
    postmap -c "$config" "hash:$WORK/owned/theirs"
    expect_equal "owner and mode of a new table match postmap's" \
        "$(stat -c '%U %G %a' "$WORK/owned/theirs.db")" "$(stat -c '%U %G %a' "$WORK/owned/ours.db")"
    rm -f "$WORK/owned/"*.db
    "$MFMAP" -c "$config" -o -p "hash:$WORK/owned/ours"
    postmap -c "$config" -o -p "hash:$WORK/owned/theirs"
    expect_equal "-o -p: owner and mode match postmap's" \
        "$(stat -c '%U %G %a' "$WORK/owned/theirs.db")" "$(stat -c '%U %G %a' "$WORK/owned/ours.db")"
fi

# --convert and --verify.
generate "$WORK/conv" 500 conv
"$MFMAP" -c "$config" "hash:$WORK/conv"
"$MFMAP" -c "$config" --convert "hash:$WORK/conv" "cdb:$WORK/conv"
"$MFMAP" -c "$config" --convert "cdb:$WORK/conv" "lmdb:$WORK/conv"
expect_equal "--convert hash -> cdb -> lmdb keeps every entry" \
    "$(postmap -c "$config" -s "hash:$WORK/conv" | sort | md5sum)" \
    "$(postmap -c "$config" -s "lmdb:$WORK/conv" | sort | md5sum)"
expect_equal "real postmap reads the converted cdb" conv-7 "$(postmap -c "$config" -q key7 "cdb:$WORK/conv")"
check "--verify accepts a table built from its source" "$MFMAP" -c "$config" --verify "lmdb:$WORK/conv"
printf 'key7 changed\n' >> "$WORK/conv"
sed -i 's/^key8 .*/key8 different/' "$WORK/conv"
out=$("$MFMAP" -c "$config" --verify "lmdb:$WORK/conv" 2>&1)
status=$?
expect_equal "--verify exits 1 on a difference" 1 "$status"
expect_match "--verify names the differing key and line" 'line 9: "key8" has value "conv-8"' "$out"

# On a terminal a build that takes more than a second draws a progress bar on stderr, and
# erases it at the end. 3,000,000 entries take under a second here, so the build is stopped
# (SIGSTOP) for 1.5 s shortly after it starts: its clock runs on, and its next progress report
# draws the bar. Should the build end before it can be stopped, the case says so.
if command -v script > /dev/null; then
    seq 3000000 | awk '{ print "key" $1 "@example.com relay" $1 ".example.net" }' > "$WORK/long"
    script -qec "$MFMAP -c $config hash:$WORK/long" /dev/null > "$WORK/terminal.out" 2>&1 &
    script_pid=$!
    build_pid=
    for attempt in $(seq 200); do
        build_pid=$(pgrep -n -f "^$MFMAP -c $config hash:$WORK/long") && break
        sleep 0.005
    done
    if [ -n "$build_pid" ] && kill -STOP "$build_pid" 2> /dev/null; then
        sleep 1.5
        # script(1) stops itself when its child stops, and continues the child when continued.
        kill -CONT "$script_pid" "$build_pid" 2> /dev/null
    fi
    wait "$script_pid"
    if [ -z "$build_pid" ]; then
        pass "a long build on a terminal: progress bar # not seen: the build ended before it could be paused"
    else
        expect_match "a long build on a terminal draws a progress bar" \
            "mfmap: .*long \[=+ *\] +[0-9]+%" "$(tr '\r' '\n' < "$WORK/terminal.out")"
        expect_match "and erases it when done" "$(printf '\r *\r')\$" "$(cat "$WORK/terminal.out")"
    fi
    expect_equal "the table it built answers" relay2999999.example.net \
        "$(postmap -c "$config" -q key2999999@example.com "hash:$WORK/long")"
    rm -f "$WORK/long" "$WORK/long.db"
fi

# Quiet when stderr is not a terminal: a clean build prints nothing.
generate "$WORK/quiet" 200000 q
expect_equal "no progress output when stderr is not a terminal" "" \
    "$("$MFMAP" -c "$config" "cdb:$WORK/quiet" 2>&1)"
