# Tables mfmap reads but does not build: regexp, pcre, texthash, inline, static, and
# header/body queries (-h, -b) answer as real postmap does (spec F.1, F.3, F.5).
. "$MF_TOP/tests/integration/lib.sh"

config=$(postfix_config_dir)
MFMAP="$MF_BIN/mfmap"

cat > "$WORK/patterns" <<'TABLE'
# flags, if/endif, negation, substitution, delimiters, and rules Postfix skips
/^CaseSens$/i   sensitive
/^(a)(b)?$/     got $1 and ${2} and $$
!/^x/           negated
if /^in/
/^inner(.*)/    inner $1
endif
if !/^zz/
/^q(.)/         q-$1
endif
/^oor(.)$/      $2
!/^neg(.)/      $1
/unclosed       x
/^\/slash/      slash
|^pipe|         pipe delim
/^multi/
  continued     joined
endif
/^Subject: (.*)/ SUBJ $1
/^body(.*)/      BODY $1
TABLE
printf 'CaseSens\ncasesens\nab\na\nxyz\ninnerfoo\nqz\nzzq\noor1\n/slash\npipe\nmulti\n' > "$WORK/keys"
printf 'Subject: hello\nX-Multi: a\n  b\nTo: x\n\nbody one\nnothing\nbody two\n' > "$WORK/message"
for type in regexp pcre; do
    expect_equal "$type: mfmap -q - answers as postmap -q -" \
        "$(postmap -c "$config" -q - "$type:$WORK/patterns" < "$WORK/keys" 2>/dev/null)" \
        "$("$MFMAP" -c "$config" -q - "$type:$WORK/patterns" < "$WORK/keys" 2>/dev/null)"
    for flags in -h -b -hb; do
        expect_equal "$type: mfmap $flags -q - answers as postmap" \
            "$(postmap -c "$config" $flags -q - "$type:$WORK/patterns" < "$WORK/message" 2>/dev/null)" \
            "$("$MFMAP" -c "$config" $flags -q - "$type:$WORK/patterns" < "$WORK/message" 2>/dev/null)"
    done
    warnings=$("$MFMAP" -c "$config" -q ab "$type:$WORK/patterns" 2>&1 >/dev/null)
    expect_match "$type: skipped rules are named with their line" \
        "^mfmap: warning: $type map $WORK/patterns, line 11: out of range replacement index" "$warnings"
    expect_match "$type: a stray endif is reported" "line 18: ignoring ENDIF without matching IF" \
        "$warnings"
done

# Postfix's reading, rule by rule: a second pattern (regexp only), an empty replacement (kept,
# answering ""), '.' across the lines of a folded header (pcre's default), and every kind of line
# Postfix skips, each with Postfix's own warning at the same line.
cat > "$WORK/reading" <<'TABLE'
/^a/!/b/          a-not-b
/^empty$/
/^X-Fold: one. two/ folded-dot
/^(x)(y)?z$/      [$1] [$2] [${2}] [$(1)]
/^dollar/         $$1 costs
/^noresult/
/unclosed REJECT
/a(b/             bad
/(a)/             $2
/a/               $0
!/(a)/            $1
endif
garbage line
/(a)/             ${1
/a/q              flag
/a/X              obsolete for pcre
if /^x/ REJECT
/^xa/             inside
endif trailing
/a/               $x
/a/               $
/a/               ${}
/(a)/             $1_x
!
IF !!/^q/
/^qq/             double negation
Endif
if
/(a)/             ${1 }
if /^never/
TABLE
printf 'ab
ac
empty
xz
xyz
dollar
xa
qq
nothing
' > "$WORK/reading_keys"
printf 'X-Fold: one
 two
Subject: x
' > "$WORK/reading_message"
for type in regexp pcre; do
    expect_equal "$type: mfmap -q - reads rules as postmap" \
        "$(postmap -c "$config" -q - "$type:$WORK/reading" < "$WORK/reading_keys" 2>/dev/null)" \
        "$("$MFMAP" -c "$config" -q - "$type:$WORK/reading" < "$WORK/reading_keys" 2>/dev/null)"
    expect_equal "$type: a folded header as postmap -h" \
        "$(postmap -c "$config" -h -q - "$type:$WORK/reading" < "$WORK/reading_message" 2>/dev/null)" \
        "$("$MFMAP" -c "$config" -h -q - "$type:$WORK/reading" < "$WORK/reading_message" 2>/dev/null)"
    # Postfix logs a macro syntax problem without the map and line; mfmap names them.
    expect_equal "$type: the same warnings as postmap, line for line" \
        "$(postmap -c "$config" -q probe "$type:$WORK/reading" 2>&1 >/dev/null |
            sed -n 's/^postmap: warning: //p' | grep -v 'should return NO RESULT\|result is not allowed')" \
        "$("$MFMAP" -c "$config" -q probe "$type:$WORK/reading" 2>&1 >/dev/null |
            sed -e 's/^mfmap: warning: //' \
                -e 's/^[a-z]* map [^,]*, line [0-9]*: \(truncated macro\|empty macro\)/\1/')"
done

printf 'Key1 v1\nMiXeD value two\ndup a\ndup b\n' > "$WORK/text"
printf 'key1\nmixed\nMIXED\ndup\nabsent\n' > "$WORK/text_keys"
expect_equal "texthash answers as postmap" \
    "$(postmap -c "$config" -q - "texthash:$WORK/text" < "$WORK/text_keys" 2>/dev/null)" \
    "$("$MFMAP" -c "$config" -q - "texthash:$WORK/text" < "$WORK/text_keys" 2>/dev/null)"
printf 'a\nA\nb\nB\nc\n' > "$WORK/inline_keys"
expect_equal "inline answers as postmap" \
    "$(postmap -c "$config" -q - 'inline:{ a=1, B=2, { c = with, comma } }' < "$WORK/inline_keys")" \
    "$("$MFMAP" -c "$config" -q - 'inline:{ a=1, B=2, { c = with, comma } }' < "$WORK/inline_keys")"
expect_equal "static answers as postmap" \
    "$(postmap -c "$config" -q anything 'static:{text with spaces}')" \
    "$("$MFMAP" -c "$config" -q anything 'static:{text with spaces}')"

# cidr: IPv4 and IPv6 networks, [] forms, negation, nested if/endif, first match wins.
cat > "$WORK/client.cidr" <<'TABLE'
# allow-list entries before the networks that contain them
192.0.2.7               OK exact host
192.0.2.0/24            REJECT documentation net
192.0.2.8               never: the /24 came first
198.51.100.0/25         DUNNO low half
198.51.100.128/25       HOLD high half
[203.0.113.0]/24        PREPEND X-Net: test3
[10.1.2.3]              OK bracketed host
if 10.0.0.0/8
10.20.0.0/16            inner 10.20
if !10.20.30.0/24
10.20.0.0/16            not in 10.20.30
endif
10.0.0.0/9              lower ten
!10.128.0.0/9           unreachable negation
endif
!172.16.0.0/12          outside 172.16/12,
  continued on a second line
172.16.0.0/12           inside 172.16/12
2001:db8::1             OK v6 host
[2001:db8::2]           OK bracketed v6 host
[2001:db8:1::/48]       v6 bracket net
2001:DB8:2::/48         upper-case v6
if 2001:db8::/32
2001:db8:ff00::/40      nested v6
endif
::ffff:192.0.2.0/120    mapped v4
!2001:db8::/32          other v6
::/0                    rest of v6
TABLE
python3 - > "$WORK/cidr_keys" <<'KEYS'
import ipaddress, random
random.seed(7)
nets = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '10.0.0.0/8', '10.20.0.0/16',
        '10.20.30.0/24', '172.16.0.0/12', '10.128.0.0/9', '0.0.0.0/0', '2001:db8::/32',
        '2001:db8:1::/48', '2001:db8:2::/48', '2001:db8:ff00::/40', '::ffff:192.0.2.0/120', '::/0']
keys = []
for _ in range(5000):
    net = ipaddress.ip_network(random.choice(nets))
    address = net.network_address + random.randrange(min(net.num_addresses, 2**64))
    text = address.exploded if random.random() < 0.2 else str(address)
    keys.append(text.upper() if random.random() < 0.2 else text)
keys += ['192.0.2.7', '192.0.2.8', '10.1.2.3', '2001:db8::1', '2001:db8::2', '[192.0.2.7]',
         'foo', '', '192.0.2.07', '1.2.3', '2001:db8::1/128', ' 1.2.3.4', '1.2.3.4 ',
         '1.2.3.4.5', '::', '0.0.0.0', '255.255.255.255', 'fe80::1%lo', 'x:y']
print('\n'.join(keys))
KEYS
postmap -c "$config" -q - "cidr:$WORK/client.cidr" < "$WORK/cidr_keys" > "$WORK/cidr_postmap" 2>&1
"$MFMAP" -c "$config" -q - "cidr:$WORK/client.cidr" < "$WORK/cidr_keys" > "$WORK/cidr_mfmap" 2>&1
expect_equal "cidr: mfmap -q - answers 5019 keys as postmap -q -" \
    "$(cat "$WORK/cidr_postmap")" "$(cat "$WORK/cidr_mfmap")"
check "cidr: the keys reach all 18 rules that can match" \
    test "$(cut -f2 "$WORK/cidr_postmap" | sort -u | wc -l)" -eq 18
for key in 192.0.2.7 10.20.30.1 172.16.9.9 2001:db8:ff00::1 ::ffff:192.0.2.9 foo; do
    postmap -c "$config" -q "$key" "cidr:$WORK/client.cidr" > "$WORK/one_postmap" 2>&1
    postmap_status=$?
    "$MFMAP" -c "$config" -q "$key" "cidr:$WORK/client.cidr" > "$WORK/one_mfmap" 2>&1
    mfmap_status=$?
    expect_equal "cidr: mfmap -q $key answers and exits as postmap -q" \
        "$postmap_status $(cat "$WORK/one_postmap")" "$mfmap_status $(cat "$WORK/one_mfmap")"
done

# Every kind of rule Postfix 3.7 skips, and the warnings it gives, word for word.
{
    printf '  indented text before\n\tthe first rule\x01\n# comment\n'
    printf '%s\n' '192.168.1.1/24 host bits' '2001:db8::1/64 v6 host bits' \
        '10.0.0.0/33 too long' '2001:db8::/129 too long' '10.0.0.0/99999999999999999999 x' \
        '10.0.0.0/2147483648 x' '10.0.0.0/ x' '10.0.0.0/-1 x' '10.0.0.0/8x x' \
        '1.2.3.4/8/8 x' '/8 x' '[]/8 x' '[10.0.0.0/8]/8 x' '10.0.0.256 x' '1.2.3 x' \
        '1:2:3:4:5:6:7:8:9 x' '[] x' '[10.0.0.1 x' '[10.0.0.1]x x' '[[1.2.3.4]] x' \
        '[ 10.0.0.0/8] x' '!!! x' '!x!y z' '10.0.0.0' '!10.0.0.0/8' '!' 'endif1' 'iffy 1.2.3.4' \
        'endif' 'endif garbage' 'endif#' 'if' 'if !!' 'if 10.0.0.0/8 extra' 'if 10.0.0.1/8' \
        'if [' 'if/8' 'IF 172.16.0.0/12' 'ENDIF' 'if ! 10.0.0.0/8' '10.0.0.0/264 taken as /8' \
        'If 192.168.0.0/16' 'if !172.16.0.0/12' '1:2::3:4:5:6:7:8:9 x'
    printf '\xff\xfex value\n'
    printf '%s\n' '10.1.0.0/16 spread' '  over lines' '  /xx'
} > "$WORK/defects.cidr"
postmap -c "$config" -q 10.1.2.3 "cidr:$WORK/defects.cidr" 2> "$WORK/defects_postmap" |
    sed 's/^/answer: /' >> "$WORK/defects_postmap"
"$MFMAP" -c "$config" -q 10.1.2.3 "cidr:$WORK/defects.cidr" 2> "$WORK/defects_mfmap" |
    sed 's/^/answer: /' >> "$WORK/defects_mfmap"
expect_equal "cidr: every skipped rule is warned about as postmap does, line for line" \
    "$(sed 's/^postmap: //' "$WORK/defects_postmap")" "$(sed 's/^mfmap: //' "$WORK/defects_mfmap")"
check "cidr: the defect file yields 43 warnings" \
    test "$(grep -c 'warning: ' "$WORK/defects_mfmap")" -eq 43

# cidr tables are read-only: building, -i and -d fail as with postmap.
for args in "" "-i" "-d 10.1.2.3"; do
    postmap -c "$config" $args "cidr:$WORK/client.cidr" < /dev/null > "$WORK/ro_postmap" 2>&1
    postmap_status=$?
    "$MFMAP" -c "$config" $args "cidr:$WORK/client.cidr" < /dev/null > "$WORK/ro_mfmap" 2>&1
    mfmap_status=$?
    expect_equal "cidr: mfmap $args cidr:file fails as postmap does" \
        "$postmap_status $(sed 's/^postmap: //' "$WORK/ro_postmap")" \
        "$mfmap_status $(sed 's/^mfmap: //' "$WORK/ro_mfmap")"
done
