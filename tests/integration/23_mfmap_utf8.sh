# UTF-8 behaviour of mfmap against real postmap, computed in the same run: Unicode case folding
# with smtputf8_enable = yes (full folding: ß -> ss, final sigma, dotted I, ligatures), ASCII
# folding with smtputf8_enable = no and with -u, the non-UTF-8 policy (source lines skipped,
# query keys refused, values that are not UTF-8 are query errors), and the keys -h/-b/-m
# derive from a message.
. "$MF_TOP/tests/integration/lib.sh"

MFMAP="$MF_BIN/mfmap"
utf8=$(postfix_config_dir)
printf 'compatibility_level = 3.7\n' > "$utf8/main.cf"
ascii=$(postfix_config_dir)
printf 'compatibility_level = 3.7\nsmtputf8_enable = no\n' > "$ascii/main.cf"
level0=$(postfix_config_dir) # empty main.cf: compatibility level 0, so smtputf8 is off

# Keys whose folding differs between simple lower-casing, full folding and ASCII folding.
cat > "$WORK/source" <<'EOF'
ÄÖÜ@EXAMPLE.com umlauts
STRASSE ss
Straße sharp-s
ΣΟΦΟΣ capital-sigma
σοφος final-sigma
İstanbul dotted-I
ISTANBUL plain-I
ǅ titlecase
ﬁle ligature
ΐ iota-expands
ᾈ prosgegrammeni
Kelvin kelvin-sign
ꭰꮼ cherokee
ÉCOLE e-acute
MiXeD@Example.COM ascii
EOF
cat > "$WORK/keys" <<'EOF'
äöü@example.com
ÄÖÜ@EXAMPLE.COM
strasse
STRAßE
straße
σοφοσ
ΣΟΦΟΣ
σοφος
i̇stanbul
İSTANBUL
istanbul
ǆ
Ǆ
file
FILE
ﬁle
ΐ
ἀι
ᾀ
kelvin
KELVIN
Ꮰᏼ
ꭰꮼ
école
ÉCOLE
mixed@example.com
absent
EOF

# Every stored record, whatever the type (postmap -s cannot list cdb).
dump() {
    case $1 in
        cdb:*) cdb -d "${1#cdb:}.cdb" | sed -n 's/^+[0-9]*,[0-9]*://p' | sort ;;
        *) postmap -c "$2" -s "$1" | sort ;;
    esac
}

for type in hash cdb lmdb; do
    configs="utf8 ascii level0 utf8-u"
    [ "$type" = lmdb ] && configs=utf8
    for cfg in $configs; do
        case $cfg in
            utf8) dir=$utf8 flags= ;;
            ascii) dir=$ascii flags= ;;
            level0) dir=$level0 flags= ;;
            utf8-u) dir=$utf8 flags=-u ;;
        esac
        cp "$WORK/source" "$WORK/ours"
        cp "$WORK/source" "$WORK/theirs"
        "$MFMAP" -c "$dir" $flags "$type:$WORK/ours" 2>/dev/null
        postmap -c "$dir" $flags "$type:$WORK/theirs" 2>/dev/null
        expect_equal "$type $cfg: the stored (folded) keys are postmap's" \
            "$(dump "$type:$WORK/theirs" "$dir")" "$(dump "$type:$WORK/ours" "$dir")"
        expect_equal "$type $cfg: bulk queries fold as postmap's" \
            "$(postmap -c "$dir" $flags -q - "$type:$WORK/theirs" < "$WORK/keys")" \
            "$("$MFMAP" -c "$dir" $flags -q - "$type:$WORK/theirs" < "$WORK/keys")"
        for key in 'STRAßE' 'İSTANBUL' 'absent'; do
            theirs=$(postmap -c "$dir" $flags -q "$key" "$type:$WORK/ours"; echo "status $?")
            ours=$("$MFMAP" -c "$dir" $flags -q "$key" "$type:$WORK/theirs"; echo "status $?")
            expect_equal "$type $cfg: -q $key answers and exits as postmap" "$theirs" "$ours"
        done
    done
done

# Source lines that are not UTF-8: skipped in UTF-8 mode, kept (ASCII-folded) with -u or
# with smtputf8 off.
printf 'ABC\377 bad-key\nGOOD good\nKEY bad-value-\376\n\303(X bad-overlong\n\300\200 overlong-nul\n\355\240\200 surrogate\n\364\220\200\200 beyond\nOK ok\n' > "$WORK/bad"
for cfg in "$utf8" "$ascii"; do
    for flags in "" -u; do
        label="$([ "$cfg" = "$utf8" ] && echo utf8 || echo ascii)${flags:+ $flags}"
        cp "$WORK/bad" "$WORK/bad_ours"
        cp "$WORK/bad" "$WORK/bad_theirs"
        "$MFMAP" -c "$cfg" $flags "hash:$WORK/bad_ours" 2>"$WORK/our_err"
        postmap -c "$cfg" $flags "hash:$WORK/bad_theirs" 2>"$WORK/their_err"
        expect_equal "non-UTF-8 source lines ($label): the same entries as postmap" \
            "$(postmap -c "$cfg" -s "hash:$WORK/bad_theirs" | sort)" \
            "$(postmap -c "$cfg" -s "hash:$WORK/bad_ours" | sort)"
        expect_equal "non-UTF-8 source lines ($label): as many warnings as postmap" \
            "$(grep -c 'non-UTF-8' "$WORK/their_err")" "$(grep -c 'non-UTF-8' "$WORK/our_err")"
    done
done

# A table built with -u holds keys and values that are not UTF-8; in UTF-8 mode postmap
# refuses such keys (not found), treats such values as a query error, and deletes nothing.
cp "$WORK/bad" "$WORK/raw"
postmap -c "$utf8" -u "hash:$WORK/raw" 2>/dev/null
for key in "$(printf 'abc\377')" KEY GOOD; do
    theirs=$(postmap -c "$utf8" -q "$key" "hash:$WORK/raw" 2>/dev/null; echo "status $?")
    ours=$("$MFMAP" -c "$utf8" -q "$key" "hash:$WORK/raw" 2>"$WORK/err"; echo "status $?")
    expect_equal "UTF-8 mode: -q $(printf '%s' "$key" | od -An -c | tr -s ' ') as postmap" "$theirs" "$ours"
done
expect_match "a value that is not UTF-8 is a query error" "fatal: .*query error" \
    "$("$MFMAP" -c "$utf8" -q KEY "hash:$WORK/raw" 2>&1)"
# postmap loses the answers it printed before the error (its output is never flushed); mfmap
# keeps them, and stops with the same status.
printf 'GOOD\nKEY\nOK\n' | postmap -c "$utf8" -q - "hash:$WORK/raw" >/dev/null 2>&1
theirs_status=$?
ours=$(printf 'GOOD\nKEY\nOK\n' | "$MFMAP" -c "$utf8" -q - "hash:$WORK/raw" 2>/dev/null)
expect_equal "UTF-8 mode: -q - stops at the query error with postmap's status" \
    "$theirs_status" "$?"
expect_equal "UTF-8 mode: -q - keeps the answers before the error" "$(printf 'GOOD\tgood')" "$ours"
cp "$WORK/raw.db" "$WORK/raw_theirs.db"
postmap -c "$utf8" -d "$(printf 'ABC\377')" "hash:$WORK/raw_theirs" 2>/dev/null
theirs_status=$?
"$MFMAP" -c "$utf8" -d "$(printf 'ABC\377')" "hash:$WORK/raw" 2>/dev/null
expect_equal "UTF-8 mode: -d of a non-UTF-8 key exits as postmap" "$theirs_status" "$?"
expect_equal "UTF-8 mode: -d of a non-UTF-8 key deletes what postmap deletes" \
    "$(postmap -c "$utf8" -u -s "hash:$WORK/raw_theirs" | sort)" \
    "$(postmap -c "$utf8" -u -s "hash:$WORK/raw" | sort)"

# -h/-b/-m: the keys a message yields (a catch-all regexp table shows every key).
printf '/(.*)/ HIT\n' > "$WORK/all.re"
cat > "$WORK/mime" <<'EOF'
From : spaced@example.com
Content-Type: multipart/mixed;
	boundary="outer" ; boundary=second (comment)
Subject: test

preamble
--outer
Content-Type: text/plain
X-Part: one

part one body
--outer
Content-Type: message/rfc822

From: inner@example.com
Content-Type: multipart/digest; boundary=inner2

--inner2

From: digested@example.com

digest body
--inner2--
after inner
--second
garbage line in part header
X-Not-Header: x

--outer--
epilogue
EOF
printf 'From: a\r\nSubject: b\r\n\r\nbody\r\n' > "$WORK/crlf"
printf 'not a header\nmore\n' > "$WORK/noheaders"
printf ' leading space\nFrom: a\n' > "$WORK/leading"
printf 'From: a\n\tfolded\nX:\n:y\nA b: c\nSTRAßE: x\n\nSTRAßE\n' > "$WORK/forms"
# An outer boundary that closes an inner multipart; NUL bytes in headers and body lines
# (Postfix handles lines as C strings there).
printf 'Content-Type: multipart/mixed; boundary=longer-outer-boundary\n\n--longer-outer-boundary\nContent-Type: multipart/alternative; boundary=in\n\n--in\nX-In: 1\n\ninner\n--longer-outer-boundary--\nafter\n--in\nX-Late: 2\n\nlate\n' > "$WORK/nested"
printf 'e:\000tail\n\tcont\000x\nContent-Type: multipart/mixed; \000boundary=b\n\n--b\nX: y\n\nbo\000dy\n' > "$WORK/nul"
for message in mime crlf noheaders leading forms nested nul; do
    for flags in -h -b -hb -hm -bm -hbm -hbU; do
        expect_equal "message keys $message $flags as postmap's" \
            "$(postmap -c "$utf8" $flags -q - "regexp:$WORK/all.re" < "$WORK/$message"; echo "status $?")" \
            "$("$MFMAP" -c "$utf8" $flags -q - "regexp:$WORK/all.re" < "$WORK/$message"; echo "status $?")"
    done
done
# -b turns UTF-8 mode off unless -U: folding follows.
printf 'STRAßE\n' > "$WORK/body"
cp "$WORK/source" "$WORK/folded"
postmap -c "$utf8" "hash:$WORK/folded" 2>/dev/null
for flags in -b -bU; do
    expect_equal "$flags: UTF-8 folding of body keys as postmap" \
        "$(postmap -c "$utf8" $flags -q - "hash:$WORK/folded" < "$WORK/body"; echo "status $?")" \
        "$("$MFMAP" -c "$utf8" $flags -q - "hash:$WORK/folded" < "$WORK/body"; echo "status $?")"
done

# A bulk query of more keys than one batch (mfmap looks keys up 64 at a time), with keys that
# are not UTF-8 at a batch's start, middle and end, upper-case keys and absent ones: the same
# answers, warnings and status as postmap, for one table and for two.
/usr/bin/python3 - "$WORK/bulk_source" "$WORK/bulk_keys" <<'PY'
import sys
with open(sys.argv[1], "w") as source:
    for i in range(300):
        source.write("key%d@example.com value-%d\n" % (i, i))
with open(sys.argv[2], "wb") as keys:
    for i in range(330):
        if i in (0, 63, 64, 100, 191, 329):
            keys.write(b"bad\xff%d\n" % i)
        else:
            keys.write((("KEY%d@EXAMPLE.COM" if i % 4 == 0 else "key%d@example.com") % i).encode() + b"\n")
PY
cp "$WORK/bulk_source" "$WORK/bulk_second"
for type in hash btree cdb; do
    postmap -c "$utf8" "$type:$WORK/bulk_source" "$type:$WORK/bulk_second"
    for tables in "$type:$WORK/bulk_source" "$type:$WORK/bulk_source $type:$WORK/bulk_second"; do
        label="UTF-8 mode: -q - of 330 keys with non-UTF-8 ones, $(echo "$tables" | wc -w) $type table(s)"
        # shellcheck disable=SC2086
        theirs=$(postmap -c "$utf8" -q - $tables < "$WORK/bulk_keys" 2>"$WORK/their_err"; echo "status $?")
        # shellcheck disable=SC2086
        ours=$("$MFMAP" -c "$utf8" -q - $tables < "$WORK/bulk_keys" 2>"$WORK/our_err"; echo "status $?")
        expect_equal "$label: answers and status" "$theirs" "$ours"
        expect_equal "$label: warnings" "$(sed 's/^[^:]*: //' "$WORK/their_err")" \
            "$(sed 's/^[^:]*: //' "$WORK/our_err")"
    done
done
