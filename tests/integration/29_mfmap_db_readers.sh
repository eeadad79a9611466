# mfmap's own Berkeley DB hash and btree readers (postmap/db_hash_reader.hpp,
# db_btree_reader.hpp) answer as real postmap on tables both tools build, with either NUL
# convention, values and keys long enough for overflow pages, an empty table and tables real
# postmap -i grew in place (and cdb bulk queries, which prefetch in batches); a bulk query keeps its table locked (a real postmap rebuild waits)
# and keeps reading the table it opened when another is renamed over it; a corrupt file gives
# an error, not a crash.
. "$MF_TOP/tests/integration/lib.sh"

config=$(postfix_config_dir)
MFMAP="$MF_BIN/mfmap"

/usr/bin/python3 - "$WORK/corpus" "$WORK/keys" <<'PY'
import sys
corpus, keys = sys.argv[1], sys.argv[2]
with open(corpus, "w") as out, open(keys, "w") as ask:
    for i in range(3000):
        key = "user%d@example%d.com" % (i, i % 37)
        value = "relay-%d.example.net" % i
        if i % 301 == 3:
            value += " " + "v" * (2000 + 13 * i)   # overflow values
        if i % 499 == 8:
            key += "k" * (1200 + i)                # overflow keys
        out.write("%s %s\n" % (key, value))
        if i % 3 == 0:
            ask.write(key + "\n")
        if i % 50 == 1:
            ask.write(key.upper() + "\n")
    for i in range(200):
        ask.write("absent%d@example.com\n" % i)
    ask.write("k" * 3000 + "\n")
PY

for type in hash btree; do
    for nul in "" -N -n; do
        label="$type${nul:+ $nul}"
        cp "$WORK/corpus" "$WORK/theirs"
        cp "$WORK/corpus" "$WORK/ours"
        postmap -c "$config" $nul "$type:$WORK/theirs"
        "$MFMAP" -c "$config" $nul "$type:$WORK/ours"
        theirs=$(postmap -c "$config" -q - "$type:$WORK/theirs" < "$WORK/keys")
        [ -n "$theirs" ] || fail_case "$label: postmap found nothing" "" ""
        expect_equal "$label: mfmap -q - on postmap's table" "$theirs" \
            "$("$MFMAP" -c "$config" -q - "$type:$WORK/theirs" < "$WORK/keys")"
        expect_equal "$label: mfmap -q - on mfmap's table" "$theirs" \
            "$("$MFMAP" -c "$config" -q - "$type:$WORK/ours" < "$WORK/keys")"
        expect_equal "$label: real postmap -q - on mfmap's table" "$theirs" \
            "$(postmap -c "$config" -q - "$type:$WORK/ours" < "$WORK/keys")"
        big_key=$(sed -n '9p' "$WORK/corpus" | cut -d' ' -f1)
        expect_equal "$label: mfmap -q of an overflow key" \
            "$(postmap -c "$config" -q "$big_key" "$type:$WORK/theirs")" \
            "$("$MFMAP" -c "$config" -q "$big_key" "$type:$WORK/theirs")"
    done

    # postmap -i grows a table in place (bucket splits, new overflow pages, page splits).
    head -n 100 "$WORK/corpus" > "$WORK/grown"
    postmap -c "$config" "$type:$WORK/grown"
    tail -n +101 "$WORK/corpus" | postmap -c "$config" -i "$type:$WORK/grown"
    expect_equal "$type: mfmap -q - on a table postmap -i grew" \
        "$(postmap -c "$config" -q - "$type:$WORK/grown" < "$WORK/keys")" \
        "$("$MFMAP" -c "$config" -q - "$type:$WORK/grown" < "$WORK/keys")"
    printf 'user6@example6.com\n' | postmap -c "$config" -d - "$type:$WORK/grown"
    expect_equal "$type: a key postmap -d deleted is absent" "" \
        "$("$MFMAP" -c "$config" -q user6@example6.com "$type:$WORK/grown")"

    : > "$WORK/empty"
    postmap -c "$config" "$type:$WORK/empty"
    check_fails "$type: nothing found in an empty table" \
        "$MFMAP" -c "$config" -q anything "$type:$WORK/empty"

    # A damaged file: an error (postmap's exit status 1 or not found), never a signal.
    cp "$WORK/theirs.db" "$WORK/damaged.db"
    /usr/bin/python3 - "$WORK/damaged.db" <<'PY'
import sys, random
data = bytearray(open(sys.argv[1], "rb").read())
random.seed(5)
for page in range(1, len(data) // 4096):
    for _ in range(6):
        data[page * 4096 + random.randrange(4096)] = random.randrange(256)
open(sys.argv[1], "wb").write(bytes(data))
PY
    status=0
    "$MFMAP" -c "$config" -q - "$type:$WORK/damaged" < "$WORK/keys" > /dev/null 2>&1 || status=$?
    if [ "$status" -le 1 ]; then
        pass "$type: a damaged table ends the query with status $status"
    else
        fail_case "$type: a damaged table" "exit status $status" ""
    fi
done

# cdb bulk queries go in batches of keys whose data is prefetched (Dict::prefetch): the
# answers must still be postmap's, in order, across batch boundaries.
for nul in "" -N; do
    cp "$WORK/corpus" "$WORK/theirs"
    postmap -c "$config" $nul "cdb:$WORK/theirs"
    expect_equal "cdb${nul:+ $nul}: mfmap -q - on postmap's table, 1,200 keys" \
        "$(postmap -c "$config" -q - "cdb:$WORK/theirs" < "$WORK/keys")" \
        "$("$MFMAP" -c "$config" -q - "cdb:$WORK/theirs" < "$WORK/keys")"
done

# The bulk query's lock: a real postmap rebuild (exclusive lock) waits until mfmap -q - ends.
cp "$WORK/corpus" "$WORK/locked"
postmap -c "$config" "hash:$WORK/locked"
mkfifo "$WORK/feed"
"$MFMAP" -c "$config" -q - "hash:$WORK/locked" < "$WORK/feed" > "$WORK/locked_answers" &
query_pid=$!
exec 7> "$WORK/feed"
echo user0@example0.com >&7
sleep 0.5
# (Without the fifo: mfmap must still see its end of input.)
start_background postmap -c "$config" "hash:$WORK/locked" 7>&-
rebuild_pid=$LAST_PID
sleep 1
if kill -0 "$rebuild_pid" 2>/dev/null; then
    pass "postmap's rebuild waits while mfmap -q - holds the table"
else
    fail_case "postmap's rebuild waits while mfmap -q - holds the table" "it finished" ""
fi
echo user6@example6.com >&7
exec 7>&-
wait "$query_pid"
wait "$rebuild_pid"
expect_equal "the held query answered both keys" \
    "$(printf 'user0@example0.com\trelay-0.example.net\nuser6@example6.com\trelay-6.example.net')" \
    "$(cat "$WORK/locked_answers")"

# A table renamed over the one being read: the query goes on with the file it opened.
cp "$WORK/corpus" "$WORK/renamed"
"$MFMAP" -c "$config" "btree:$WORK/renamed"
printf 'user0@example0.com other\n' > "$WORK/replacement"
"$MFMAP" -c "$config" "btree:$WORK/replacement"
rm -f "$WORK/feed"
mkfifo "$WORK/feed"
"$MFMAP" -c "$config" -q - "btree:$WORK/renamed" < "$WORK/feed" > "$WORK/renamed_answers" &
query_pid=$!
exec 7> "$WORK/feed"
echo user0@example0.com >&7
sleep 0.3
mv "$WORK/replacement.db" "$WORK/renamed.db"
echo user6@example6.com >&7
exec 7>&-
status=0
wait "$query_pid" || status=$?
expect_equal "a query goes on reading the table it opened (status $status)" \
    "$(printf 'user0@example0.com\trelay-0.example.net\nuser6@example6.com\trelay-6.example.net')" \
    "$(cat "$WORK/renamed_answers")"
expect_equal "the next query reads the new table" "other" \
    "$("$MFMAP" -c "$config" -q user0@example0.com "btree:$WORK/renamed")"

# -s lists the first table only, as postmap and postalias do (a missing second table is
# not even opened): same output, same exit status.
printf 'first 1\n' > "$WORK/first"
printf 'second 2\n' > "$WORK/second"
postmap -c "$config" "$WORK/first" "$WORK/second"
for tables in "$WORK/first $WORK/second" "$WORK/first $WORK/missing"; do
    status=0
    theirs=$(postmap -c "$config" -s $tables 2>&1) || status=$?
    ours_status=0
    ours=$("$MFMAP" -c "$config" -s $tables 2>&1) || ours_status=$?
    expect_equal "-s $(basename "${tables##* }"): the first table only, as postmap" \
        "$theirs (status $status)" "$ours (status $ours_status)"
done

# --convert between two types that share a file name (hash:x and btree:x are both x.db):
# the source's shared lock is released before the build locks the target.
printf 'a 1\nb 2\n' > "$WORK/converted"
postmap -c "$config" "hash:$WORK/converted"
check "--convert hash:x btree:x finishes" \
    timeout 20 "$MFMAP" -c "$config" --convert "hash:$WORK/converted" "btree:$WORK/converted"
expect_equal "and postmap reads the btree it wrote" "2" \
    "$(postmap -c "$config" -q b "btree:$WORK/converted")"

# UTF-8 mode's query messages name the table and show bad bytes as postmap does.
utf8_config=$(postfix_config_dir)
printf 'smtputf8_enable = yes\n' > "$utf8_config/main.cf"
printf 'good v\nbad value\377\n' > "$WORK/latin1"
for type in hash btree cdb lmdb; do
    postmap -c "$config" "$type:$WORK/latin1"
    for key in bad "$(printf 'k\377')"; do
        printf '%s\n' "$key" | postmap -c "$utf8_config" -q - "$type:$WORK/latin1" \
            > /dev/null 2> "$WORK/their_err"
        printf '%s\n' "$key" | "$MFMAP" -c "$utf8_config" -q - "$type:$WORK/latin1" \
            > /dev/null 2> "$WORK/our_err"
        expect_equal "$type: UTF-8 mode message for key $(printf '%s' "$key" | od -An -c | tr -s ' ')" \
            "$(sed 's/^postmap:/mfmap:/' "$WORK/their_err")" "$(cat "$WORK/our_err")"
    done
done
