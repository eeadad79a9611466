# mfmap writes btree tables with its own page writer (postmap/db_btree_writer.hpp), not
# libdb: each table here is built by real postmap and by mfmap from the same source, then
# db5.3_verify checks mfmap's file, db5.3_dump prints both the same (header with the page size,
# then every pair), real postmap -q/-s and mfmap -q/-s answer as on postmap's table, and real
# postmap -i/-d change both alike with libdb still verifying mfmap's file afterwards. Cases:
# empty, one entry, overflow keys and values (and separators), 100,000 entries, -N/-n, -r,
# -F, mfalias, --convert, and a write error half-way.
. "$MF_TOP/tests/integration/lib.sh"

config=$(postfix_config_dir)
MFMAP="$MF_BIN/mfmap"
DB_TYPE=btree
cd "$WORK"
. "$MF_TOP/tests/integration/db_writer_lib.sh"

: > empty
same_table "empty" empty
printf 'postmaster@example.com root\n' > one
same_table "one entry" one
same_after_update "one entry"

# Overflow pages: a 10 KB value, a 3 KB key, and keys sharing a 2 KB prefix, whose separators
# on internal pages need overflow pages of their own.
/usr/bin/python3 - > overflow <<'PY'
print("big-value " + "v" * 10240)
print("k" * 3072 + " big-key")
for i in range(400):
    print("%s%04d%s value%d%s" % ("p" * 2048, i, "s" * (i % 7), i, "w" * (i * 13 % 2000)))
PY
same_table "overflow" overflow
same_after_update "overflow"
big_key=$(printf 'k%.0s' $(seq 3072))
expect_equal "overflow: real postmap -q of the 3 KB key" "big-key" \
    "$(postmap -c "$config" -q "$big_key" btree:ours)"
expect_equal "overflow: real postmap -q of the 10 KB value" "10240" \
    "$(postmap -c "$config" -q big-value btree:ours | tr -d '\n' | wc -c)"

/usr/bin/python3 - > large <<'PY'
import random
random.seed(5)
for i in range(100000):
    print("user%d@example%d.com\trelay-%d.example.net%s" % (i, i % 1000, i,
          " " + "x" * random.randrange(3000) if i % 1009 == 0 else ""))
PY
same_table "100,000 entries" large
same_after_update "100,000 entries"
# Every key of a sample, one real postmap -q each.
wrong=0
for key in $(awk 'NR % 9973 == 5 { print $1 }' large); do
    [ "$(postmap -c "$config" -q "$key" btree:ours)" = "$(postmap -c "$config" -q "$key" btree:theirs)" ] ||
        wrong=$((wrong + 1))
done
expect_equal "100,000 entries: real postmap -q key by key" 0 "$wrong"

# NUL conventions, duplicates (-r keeps the last), values base64-encoded from files (-F).
head -n 5000 large > medium
cat overflow >> medium
same_table "-N" medium -N
same_after_update "-N" -N
same_table "-n" medium -n
same_after_update "-n" -n
printf 'dup first\nother x\ndup second\nDUP third\n' > duplicates
same_table "duplicates" duplicates
same_table "duplicates -r" duplicates -r
printf 'line one\nline two\n' > first.pem
printf 'x' > second.pem
printf 'sni.example %s\nother.example %s, %s\n' "$WORK/first.pem" "$WORK/first.pem" \
    "$WORK/second.pem" > encoded
same_table "-F" encoded -F

# mfalias: the YP_ records go in after the tree is complete; libdb still verifies the file.
/usr/bin/python3 - > aliases <<'PY'
for i in range(3000):
    print("user%d: user%d@example.com, |/usr/bin/prog%d" % (i, i, i))
PY
printf 'myhostname = mail.example.com\n' >> "$config/main.cf"
cp aliases ours_aliases
cp aliases theirs_aliases
"$MF_BIN/mfalias" -c "$config" btree:ours_aliases
postalias -c "$config" btree:theirs_aliases
check "mfalias: db5.3_verify" db5.3_verify -q ours_aliases.db
expect_equal "mfalias: postalias -s lists the same (but the build time)" \
    "$(postalias -c "$config" -s btree:theirs_aliases | grep -v '^YP_LAST_MODIFIED')" \
    "$(postalias -c "$config" -s btree:ours_aliases | grep -v '^YP_LAST_MODIFIED')"
expect_equal "mfalias: the @ record" "@" "$(postalias -c "$config" -q @ btree:ours_aliases)"
expect_equal "mfalias: YP_MASTER_NAME, stored without NUL" "mail.example.com" \
    "$(postalias -c "$config" -f -n -q YP_MASTER_NAME btree:ours_aliases)"

# --convert to btree writes the table postmap would; and back out of it.
cp medium converted
postmap -c "$config" hash:converted
"$MFMAP" -c "$config" --convert hash:converted btree:converted_btree
cp medium theirs_direct
postmap -c "$config" btree:theirs_direct
check "--convert hash to btree: db5.3_verify" db5.3_verify -q converted_btree.db
check "--convert hash to btree: the same pairs as postmap's btree" \
    cmp <(db5.3_dump theirs_direct.db) <(db5.3_dump converted_btree.db)
"$MFMAP" -c "$config" --convert btree:converted_btree cdb:converted_cdb
expect_equal "--convert btree to cdb: the same listing" \
    "$(postmap -c "$config" -s btree:theirs_direct | sort)" \
    "$("$MFMAP" -c "$config" -s cdb:converted_cdb | sort)"

# A write error half-way (the file size limit; as a full disk would) fails the build and
# leaves the previous table as it was, with no temporary file behind.
/usr/bin/python3 -c 'print("\n".join("key%d %s" % (i, "v" * 1500) for i in range(2000)))' > limited
"$MFMAP" -c "$config" btree:limited
/usr/bin/python3 -c 'print("\n".join("key%d %s" % (i, "w" * 1500) for i in range(2000)))' > limited
error=$( (trap '' XFSZ; ulimit -f 4000; "$MFMAP" -c "$config" btree:limited) 2>&1)
expect_match "a write error is reported" '^mfmap: fatal: cannot write .*limited\.db\.tmp\.[0-9.]*: File too large$' "$error"
expect_equal "and the previous table still answers" "vvvvv" \
    "$(postmap -c "$config" -q key5 btree:limited | cut -c1-5)"
expect_equal "and no temporary file is left" "limited limited.db" "$(echo limited*)"
