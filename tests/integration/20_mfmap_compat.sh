# mfmap and real postmap/postalias read each other's tables and answer the same, for hash,
# btree, cdb and lmdb, on a corpus with every source-format corner (spec D.1, D.3, D.4).
. "$MF_TOP/tests/integration/lib.sh"

config=$(postfix_config_dir)
utf8_config=$(postfix_config_dir)
printf 'smtputf8_enable = yes\n' > "$utf8_config/main.cf"
MFMAP="$MF_BIN/mfmap"
MFALIAS="$MF_BIN/mfalias"

long_value=$(head -c 100000 /dev/zero | tr '\0' 'x')
{
    printf '# a comment\n'
    printf 'Key1 v1\n'
    printf '   # an indented comment\n'
    printf 'MiXeD@Example.COM   mixed value  \n'
    printf 'key3 multi\n  line\n# comment between\n\tvalue\n'
    printf '"quoted key" quoted value\n'
    printf 'k\\ x  escaped key\n'
    printf 'hash#mid value # with hash\n'
    printf 'dup first\n'
    printf 'dup second\n'
    printf 'KÉY utf8 value é\n'
    printf 'colon:key colon value\n'
    printf 'novalue\n'
    printf 'crlf value\r\n'
    printf 'long %s\n' "$long_value"
    printf '\n\n'
    printf 'last value-without-newline'
} > "$WORK/corpus"
# Keys to ask for: every key as written, in other cases, and some that are absent.
cat > "$WORK/keys" <<'KEYS'
key1
KEY1
mixed@example.com
MIXED@EXAMPLE.COM
key3
"quoted key"
k\ x
hash#mid
dup
KÉY
kÉy
colon:key
novalue
crlf
long
last
absent
KEYS

for type in hash btree cdb lmdb; do
    for cfg in "$config" "$utf8_config"; do
        label="$type$([ "$cfg" = "$utf8_config" ] && echo ' smtputf8')"
        cp "$WORK/corpus" "$WORK/ours"
        cp "$WORK/corpus" "$WORK/theirs"
        "$MFMAP" -c "$cfg" "$type:$WORK/ours" 2>"$WORK/our_warnings"
        postmap -c "$cfg" "$type:$WORK/theirs" 2>"$WORK/their_warnings"
        expect_equal "$label: the same duplicate keys reported as postmap, in the same order" \
            "$(grep -o 'duplicate entry: ".*"' "$WORK/their_warnings")" \
            "$(grep -o 'duplicate entry: "[^"]*"' "$WORK/our_warnings")"
        ours=$(postmap -c "$cfg" -q - "$type:$WORK/ours" < "$WORK/keys")
        theirs=$(postmap -c "$cfg" -q - "$type:$WORK/theirs" < "$WORK/keys")
        expect_equal "$label: real postmap -q on mfmap's table answers as on its own" \
            "$theirs" "$ours"
        ours=$("$MFMAP" -c "$cfg" -q - "$type:$WORK/theirs" < "$WORK/keys")
        expect_equal "$label: mfmap -q on postmap's table answers as postmap -q" "$theirs" "$ours"
        single=$("$MFMAP" -c "$cfg" -q MIXED@example.com "$type:$WORK/theirs")
        expect_equal "$label: mfmap -q KEY on postmap's table" "mixed value" "$single"
        if [ "$type" = cdb ]; then
            # postmap cannot list cdb tables: compare the records themselves.
            expect_equal "$label: cdb records equal as sets" \
                "$(cdb -d "$WORK/theirs.cdb" | sort)" "$(cdb -d "$WORK/ours.cdb" | sort)"
            expect_equal "$label: mfmap -s lists postmap's cdb records" \
                "$(cdb -d "$WORK/theirs.cdb" | sed -n 's/^+[0-9]*,[0-9]*:\(.*\)->\(.*\)$/\1\t\2/p' | sort)" \
                "$("$MFMAP" -c "$cfg" -s "cdb:$WORK/theirs" | sort)"
        else
            expect_equal "$label: mfmap -s and postmap -s equal as sets" \
                "$(postmap -c "$cfg" -s "$type:$WORK/theirs" | sort)" \
                "$("$MFMAP" -c "$cfg" -s "$type:$WORK/ours" | sort)"
        fi
    done
done
expect_match "warnings name FILE, line N and the problem" \
    "^mfmap: warning: $WORK/ours, line 16: expected format: key whitespace value" \
    "$(cat "$WORK/our_warnings")"
expect_match "duplicates are reported with their line" \
    'line 13: duplicate entry: "dup"' "$(cat "$WORK/our_warnings")"

# Exit codes and messages as postmap.
"$MFMAP" -c "$config" "hash:$WORK/ours" 2>/dev/null
"$MFMAP" -c "$config" -q absent "hash:$WORK/ours"
expect_equal "mfmap -q exits 1 when the key is absent" 1 $?
out=$("$MFMAP" -c "$config" -q key "hash:$WORK/nonexistent" 2>&1)
status=$?
expect_match "a missing table is fatal, named" "^mfmap: fatal: open database $WORK/nonexistent.db" "$out"
postmap -c "$config" -q key "hash:$WORK/nonexistent" 2>/dev/null
expect_equal "a fatal error exits with postmap's status" "$?" "$status"
out=$("$MFMAP" -c "$config" -q key "nosuch:$WORK/ours" 2>&1)
expect_match "unknown types are named" "unsupported dictionary type: nosuch" "$out"

# Aliases: every special form, against real postalias.
cat > "$WORK/aliases" <<'ALIASES'
# aliases corpus
Postmaster: root
"quoted name": x
list: a,
  b,
	c
prog: "|/usr/bin/prog arg", |/bin/x
file: /var/log/f
inc: :include:/etc/list
empty: ""
nocolon value
bad@x: y
bad,c: y
empty2:
com: a (comment), "b c"@d
dup: 1
dup: 2
sp   :   v
named: Name <a@b>, c
spaced: a.b @ c . d
escaped: a\,b
backslash: \root
trail: ,a,
(cm)k17: e
ALIASES
cat > "$WORK/alias_keys" <<'KEYS'
postmaster
POSTMASTER
quoted name
list
prog
file
inc
empty
com
dup
sp
named
spaced
escaped
backslash
trail
(cm) k17
@
nocolon
KEYS
for type in hash btree cdb lmdb; do
    cp "$WORK/aliases" "$WORK/our_aliases"
    cp "$WORK/aliases" "$WORK/their_aliases"
    "$MFALIAS" -c "$config" "$type:$WORK/our_aliases" 2>/dev/null
    postalias -c "$config" "$type:$WORK/their_aliases" 2>/dev/null
    ours=$(postalias -c "$config" -q - "$type:$WORK/our_aliases" < "$WORK/alias_keys")
    theirs=$(postalias -c "$config" -q - "$type:$WORK/their_aliases" < "$WORK/alias_keys")
    expect_equal "aliases $type: real postalias -q on mfalias's table" "$theirs" "$ours"
    ours=$("$MFALIAS" -c "$config" -q - "$type:$WORK/their_aliases" < "$WORK/alias_keys")
    expect_equal "aliases $type: mfalias -q on postalias's table" "$theirs" "$ours"
    master=$(postalias -c "$config" -f -q YP_MASTER_NAME "$type:$WORK/our_aliases")
    expect_equal "aliases $type: YP_MASTER_NAME is \$myhostname" \
        "$(postconf -c "$config" -h myhostname)" "$master"
    if [ "$type" = cdb ]; then
        expect_equal "aliases cdb: records equal as sets (but the time stamp)" \
            "$(cdb -d "$WORK/their_aliases.cdb" | grep -v YP_LAST | sort)" \
            "$(cdb -d "$WORK/our_aliases.cdb" | grep -v YP_LAST | sort)"
    else
        expect_equal "aliases $type: mfalias -s and postalias -s equal as sets (but the time stamp)" \
            "$(postalias -c "$config" -s "$type:$WORK/their_aliases" | grep -v YP_LAST | sort)" \
            "$("$MFALIAS" -c "$config" -s "$type:$WORK/our_aliases" | grep -v YP_LAST | sort)"
    fi
done
"$MFALIAS" -c "$config" "hash:$WORK/our_aliases" 2>/dev/null
expect_equal "mfmap --aliases is mfalias" \
    "$("$MFALIAS" -c "$config" -q list "hash:$WORK/our_aliases")" \
    "$("$MFMAP" --aliases -c "$config" -q list "hash:$WORK/our_aliases")"

# A 100,000-entry table, both ways, hash and cdb.
/usr/bin/python3 - "$WORK/big" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    for i in range(100000):
        out.write("User%d@Example%d.com\trelay-%d.example.net\n" % (i, i % 97, i))
PY
sed -n '1~7p' "$WORK/big" | cut -f1 > "$WORK/big_keys"
for type in hash cdb; do
    cp "$WORK/big" "$WORK/big_ours"
    cp "$WORK/big" "$WORK/big_theirs"
    "$MFMAP" -c "$config" "$type:$WORK/big_ours"
    postmap -c "$config" "$type:$WORK/big_theirs"
    expect_equal "100,000 entries $type: real postmap -q - on mfmap's table" \
        "$(postmap -c "$config" -q - "$type:$WORK/big_theirs" < "$WORK/big_keys" | md5sum)" \
        "$(postmap -c "$config" -q - "$type:$WORK/big_ours" < "$WORK/big_keys" | md5sum)"
    expect_equal "100,000 entries $type: mfmap -q - on postmap's table" \
        "$(postmap -c "$config" -q - "$type:$WORK/big_theirs" < "$WORK/big_keys" | md5sum)" \
        "$("$MFMAP" -c "$config" -q - "$type:$WORK/big_theirs" < "$WORK/big_keys" | md5sum)"
done
expect_equal "100,000 entries hash: mfmap -s and postmap -s equal as sets" \
    "$(postmap -c "$config" -s "hash:$WORK/big_theirs" | sort | md5sum)" \
    "$("$MFMAP" -c "$config" -s "hash:$WORK/big_ours" | sort | md5sum)"
