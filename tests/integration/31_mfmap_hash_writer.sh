# mfmap writes hash tables with its own page writer (postmap/db_hash_writer.hpp), not libdb:
# each table here is built by real postmap and by mfmap from the same source, then
# db5.3_verify checks mfmap's file, db5.3_dump prints the same pairs for both (in bucket order,
# which differs, so sorted), real postmap -q/-s and mfmap -q/-s answer as on postmap's table,
# and real postmap -i/-d change both alike with libdb still verifying mfmap's file afterwards.
# Cases: empty, one entry, keys and values at libdb's on-page limit and past it, 100,000
# entries (file size, page size), large pairs (page size), -N/-n, -r, mfalias, --convert, and
# a write error half-way.
. "$MF_TOP/tests/integration/lib.sh"

config=$(postfix_config_dir)
MFMAP="$MF_BIN/mfmap"
DB_TYPE=hash
cd "$WORK"
. "$MF_TOP/tests/integration/db_writer_lib.sh"

# page_size FILE: the page size in FILE's meta page.
page_size() { db5.3_dump "$1" | sed -n 's/^db_pagesize=//p'; }

: > empty
same_table "empty" empty
printf 'postmaster@example.com root\n' > one
same_table "one entry" one
same_after_update "one entry"

# libdb keeps keys and values up to a quarter page (with the NUL) on the bucket page and
# longer ones on overflow pages: sizes around both limits (1 KB and 4 KB pages), a 10 KB
# value, a 3 KB key.
/usr/bin/python3 - > overflow <<'PY'
print("big-value " + "v" * 10240)
print("k" * 3072 + " big-key")
for limit in (256, 1024):
    for size in range(limit - 3, limit + 3):
        print("%s value%d" % ("%d" % size + "k" * (size - 1 - len("%d" % size)), size))
        print("key%d %s" % (size, "v" * (size - 1)))
for i in range(300):
    print("small%d value%d" % (i, i))
PY
same_table "overflow" overflow
same_after_update "overflow"
big_key=$(printf 'k%.0s' $(seq 3072))
expect_equal "overflow: real postmap -q of the 3 KB key" "big-key" \
    "$(postmap -c "$config" -q "$big_key" hash:ours)"
expect_equal "overflow: real postmap -q of the 10 KB value" "10240" \
    "$(postmap -c "$config" -q big-value hash:ours | tr -d '\n' | wc -c)"

/usr/bin/python3 - > large <<'PY'
import random
random.seed(5)
for i in range(100000):
    print("user%d@example%d.com\trelay-%d.example.net%s" % (i, i % 1000, i,
          " " + "x" * random.randrange(3000) if i % 1009 == 0 else ""))
PY
same_table "100,000 entries" large
expect_equal "100,000 entries: small pairs go on 1 KB pages" 1024 "$(page_size ours.db)"
theirs_kb=$(du -k theirs.db | cut -f1)
ours_kb=$(du -k ours.db | cut -f1)
check "100,000 entries: the file ($ours_kb KB) is no larger than postmap's ($theirs_kb KB) + 10%" \
    test "$ours_kb" -le $((theirs_kb * 11 / 10))
check "100,000 entries: and not sparse (its apparent size is its size on disk)" \
    test "$(du -k --apparent-size ours.db | cut -f1)" -le "$ours_kb"
same_after_update "100,000 entries"
wrong=0
for key in $(awk 'NR % 9973 == 5 { print $1 }' large); do
    [ "$(postmap -c "$config" -q "$key" hash:ours)" = "$(postmap -c "$config" -q "$key" hash:theirs)" ] ||
        wrong=$((wrong + 1))
done
expect_equal "100,000 entries: real postmap -q key by key" 0 "$wrong"

/usr/bin/python3 - > wide <<'PY'
for i in range(5000):
    print("wide%d@example.com %s" % (i, "relay%d.example.net," % i * 4))
PY
same_table "large pairs" wide
expect_equal "large pairs go on 4 KB pages" 4096 "$(page_size ours.db)"

# NUL conventions, duplicates (-r keeps the last).
head -n 5000 large > medium
cat overflow >> medium
same_table "-N" medium -N
same_after_update "-N" -N
same_table "-n" medium -n
same_after_update "-n" -n
# Keys that are prefixes of each other, stored without NUL, many sharing a page: libdb's page
# order puts the longer first (and binary-searches it).
/usr/bin/python3 - > prefixes <<'PY'
import random
random.seed(3)
for word in range(60):
    letters = "".join(random.choice("abcdefghij") for _ in range(20))
    for length in range(1, 21):
        print("%s %d-%d" % (letters[:length], word, length))
PY
same_table "-N prefixes" prefixes -N
same_after_update "-N prefixes" -N
printf 'dup first\nother x\ndup second\nDUP third\n' > duplicates
same_table "duplicates" duplicates
same_table "duplicates -r" duplicates -r

# mfalias: the YP_ records go in through libdb after the table is complete.
/usr/bin/python3 - > aliases <<'PY'
for i in range(3000):
    print("user%d: user%d@example.com, |/usr/bin/prog%d" % (i, i, i))
PY
printf 'myhostname = mail.example.com\n' >> "$config/main.cf"
cp aliases ours_aliases
cp aliases theirs_aliases
"$MF_BIN/mfalias" -c "$config" hash:ours_aliases
postalias -c "$config" hash:theirs_aliases
check "mfalias: db5.3_verify" db5.3_verify -q ours_aliases.db
expect_equal "mfalias: postalias -s lists the same (but the build time)" \
    "$(postalias -c "$config" -s hash:theirs_aliases | grep -v '^YP_LAST_MODIFIED' | sort)" \
    "$(postalias -c "$config" -s hash:ours_aliases | grep -v '^YP_LAST_MODIFIED' | sort)"
expect_equal "mfalias: the @ record" "@" "$(postalias -c "$config" -q @ hash:ours_aliases)"
expect_equal "mfalias: YP_MASTER_NAME, stored without NUL" "mail.example.com" \
    "$(postalias -c "$config" -f -n -q YP_MASTER_NAME hash:ours_aliases)"

# --convert from btree to hash writes the pairs postmap would.
cp medium converted
postmap -c "$config" btree:converted
"$MFMAP" -c "$config" --convert btree:converted hash:converted_hash
cp medium theirs_direct
postmap -c "$config" hash:theirs_direct
check "--convert btree to hash: db5.3_verify" db5.3_verify -q converted_hash.db
check "--convert btree to hash: the same pairs as postmap's hash" \
    cmp <(contents theirs_direct.db) <(contents converted_hash.db)

# A write error half-way (the file size limit; as a full disk would) fails the build and
# leaves the previous table as it was, with no temporary file behind.
/usr/bin/python3 -c 'print("\n".join("key%d %s" % (i, "v" * 1500) for i in range(2000)))' > limited
"$MFMAP" -c "$config" hash:limited
/usr/bin/python3 -c 'print("\n".join("key%d %s" % (i, "w" * 1500) for i in range(2000)))' > limited
error=$( (trap '' XFSZ; ulimit -f 4000; "$MFMAP" -c "$config" hash:limited) 2>&1)
expect_match "a write error is reported" '^mfmap: fatal: cannot write .*limited\.db\.tmp\.[0-9.]*: File too large$' "$error"
expect_equal "and the previous table still answers" "vvvvv" \
    "$(postmap -c "$config" -q key5 hash:limited | cut -c1-5)"
expect_equal "and no temporary file is left" "limited limited.db" "$(echo limited*)"
