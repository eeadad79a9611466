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
