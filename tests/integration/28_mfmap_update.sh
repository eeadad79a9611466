# mfmap -i and -d against postmap -i and -d, in the same run: the same sequence of updates
# and deletes gives the same table contents for hash, btree and lmdb; mfmap's copy-and-rename
# keeps the table's mode (and owner), leaves no temporary file, and replaces the file as a
# whole (a reader holding the old file keeps reading the old table).
. "$MF_TOP/tests/integration/lib.sh"

MFMAP="$MF_BIN/mfmap"
config=$(postfix_config_dir)
printf 'compatibility_level = 3.7\n' > "$config/main.cf"
cd "$WORK"
seq 1 20000 | awk '{ print "Key" $1 "@example.com value" $1 }' > source

dump() { postmap -c "$config" -s "$1" | sort; }

for type in hash btree lmdb; do
    cp source ours && cp source theirs
    "$MFMAP" -c "$config" "$type:ours"
    postmap -c "$config" "$type:theirs"
    chmod 640 "ours.$([ $type = lmdb ] && echo lmdb || echo db)"
    chmod 640 "theirs.$([ $type = lmdb ] && echo lmdb || echo db)"
    for program in "$MFMAP" postmap; do
        side=$([ "$program" = postmap ] && echo theirs || echo ours)
        printf 'New@Example.com new\nkey7@example.com changed\n' |
            $program -c "$config" -i "$type:$side" 2>/dev/null
        printf 'ÄÖÜ@EXAMPLE.com umlauts\n' | $program -c "$config" -i -r "$type:$side"
        $program -c "$config" -d KEY9@example.com "$type:$side"
        printf 'key10@example.com\nabsent\nkey11@EXAMPLE.com\n' | $program -c "$config" -d - "$type:$side"
    done
    file=ours.$([ $type = lmdb ] && echo lmdb || echo db)
    expect_equal "$type: -i, -i -r, -d, -d - leave what postmap's leave" \
        "$(dump "$type:theirs")" "$(dump "$type:ours")"
    expect_equal "$type: the table keeps its mode" "640" "$(stat -c %a "$file")"
    expect_equal "$type: no temporary file is left" "" "$(ls | grep '\.tmp\.' || true)"
    expect_equal "$type: -d of an absent key exits as postmap's" \
        "$(postmap -c "$config" -d absent "$type:theirs"; echo $?)" \
        "$("$MFMAP" -c "$config" -d absent "$type:ours"; echo $?)"
done

# The update replaces the file: a reader that opened it before keeps the old contents.
cp source whole
"$MFMAP" -c "$config" hash:whole
exec 3< whole.db
before=$(stat -c %i whole.db)
"$MFMAP" -c "$config" -d key1@example.com hash:whole
expect_equal "-d replaces the table file as a whole" "no" \
    "$([ "$(stat -c %i whole.db)" = "$before" ] && echo yes || echo no)"
expect_equal "the old file, still open, is the old table" "$(cat source | wc -l)" \
    "$(db_dump -p /proc/$$/fd/3 2>/dev/null | sed -n '/HEADER=END/,/DATA=END/p' | grep -c '^ key')"
exec 3<&-
expect_equal "the new table lacks the deleted key" "status 1" \
    "$(postmap -c "$config" -q key1@example.com hash:whole; echo "status $?")"

# A refused update changes nothing.
cp source refused
"$MFMAP" -c "$config" cdb:refused
sum=$(cksum < refused.cdb)
printf 'x y\n' | "$MFMAP" -c "$config" -i cdb:refused 2>/dev/null
ours=$?
expect_equal "-i on cdb is refused (exit as postmap)" \
    "$(printf 'x y\n' | postmap -c "$config" -i cdb:refused 2>/dev/null; echo $?)" "$ours"
expect_equal "-i on cdb changes nothing" "$sum" "$(cksum < refused.cdb)"
