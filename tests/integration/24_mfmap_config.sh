# mfmap reads main.cf through the compiler's configuration reader, so the settings it uses
# are what `postconf -x` says, whatever form main.cf gives them in: $name and ${name}
# references, ${name?value} / ${name:value}, ${{...} ==/<level ... ? ... : ...} conditionals
# and compatibility_level-dependent defaults. Each case asks postconf and real postmap in the
# same run.
. "$MF_TOP/tests/integration/lib.sh"

MFMAP="$MF_BIN/mfmap"
printf 'Key value\nStraße sharp-s\n' > "$WORK/source"

# default_database_type given by reference: the file each program builds is the one postconf
# names.
n=0
while IFS= read -r settings; do
    n=$((n + 1))
    dir=$(postfix_config_dir)
    printf '%b\n' "$settings" > "$dir/main.cf"
    type=$(postconf -c "$dir" -x -h default_database_type 2>/dev/null)
    mkdir -p "$WORK/ours$n" "$WORK/theirs$n"
    cp "$WORK/source" "$WORK/ours$n/table"
    cp "$WORK/source" "$WORK/theirs$n/table"
    "$MFMAP" -c "$dir" "$WORK/ours$n/table" 2>/dev/null
    postmap -c "$dir" "$WORK/theirs$n/table" 2>/dev/null
    expect_equal "default_database_type ($settings) = $type: the file postmap writes" \
        "$(ls "$WORK/theirs$n")" "$(ls "$WORK/ours$n")"
    expect_equal "default_database_type ($settings): postmap reads our table" \
        "value" "$(postmap -c "$dir" -q key "$WORK/ours$n/table")"
done <<'EOF'
mytype = cdb\ndefault_database_type = $mytype
mytype = lmdb\ndefault_database_type = ${mytype}
use_cdb = yes\ndefault_database_type = ${use_cdb?cdb}
unset_name =\ndefault_database_type = ${unset_name:btree}
compatibility_level = 3.6\ndefault_database_type = ${{$compatibility_level} <level {3.7} ? {cdb} : {btree}}
compatibility_level = 3.7\ndefault_database_type = ${{$compatibility_level} <level {3.7} ? {cdb} : {btree}}
default_database_type = hash
EOF

# smtputf8_enable, set directly, by reference, or by compatibility_level: Unicode folding
# follows postconf's value, and mfmap answers as postmap.
cp "$WORK/source" "$WORK/utf8src"
utf8dir=$(postfix_config_dir)
printf 'compatibility_level = 3.7\n' > "$utf8dir/main.cf"
postmap -c "$utf8dir" "hash:$WORK/utf8src"
while IFS= read -r settings; do
    dir=$(postfix_config_dir)
    printf '%b\n' "$settings" > "$dir/main.cf"
    value=$(postconf -c "$dir" -x -h smtputf8_enable 2>/dev/null)
    for key in STRASSE 'STRAßE'; do
        expect_equal "smtputf8_enable ($settings) = $value: -q $key as postmap" \
            "$(postmap -c "$dir" -q "$key" "hash:$WORK/utf8src" 2>&1; echo "status $?")" \
            "$("$MFMAP" -c "$dir" -q "$key" "hash:$WORK/utf8src" 2>&1; echo "status $?")"
    done
done <<'EOF'
compatibility_level = 0
compatibility_level = 1
compatibility_level = 3.7\nsmtputf8_enable = no
wanted = yes\nsmtputf8_enable = $wanted
compatibility_level = 2\nsmtputf8_enable = ${{$compatibility_level} >=level {3} ? {yes} : {no}}
compatibility_level = 3.6\nsmtputf8_enable = ${{$compatibility_level} >=level {3} ? {yes} : {no}}
level = 3.7\ncompatibility_level = $level
EOF

# Values postmap refuses at start-up are fatal for mfmap too, with postmap's exit status.
while IFS= read -r settings; do
    dir=$(postfix_config_dir)
    printf '%b\n' "$settings" > "$dir/main.cf"
    postmap -c "$dir" -q key "hash:$WORK/utf8src" >/dev/null 2>&1
    theirs=$?
    out=$("$MFMAP" -c "$dir" -q key "hash:$WORK/utf8src" 2>&1)
    expect_equal "($settings): exit status as postmap's" "$theirs" "$?"
    expect_match "($settings): the message names the parameter" \
        "fatal: bad (boolean|numerical) configuration: [a-z0-9_]+ = " "$out"
done <<'EOF'
smtputf8_enable = maybe
smtputf8_enable = ${undefined_name}
header_size_limit = 10k
EOF
empty=$(mktemp -d "$WORK/nomain.XXXXXX")
postmap -c "$empty" -q key "hash:$WORK/utf8src" >/dev/null 2>&1
theirs=$?
out=$("$MFMAP" -c "$empty" -q key "hash:$WORK/utf8src" 2>&1)
expect_equal "-c DIR without main.cf: exit status as postmap's" "$theirs" "$?"
expect_match "-c DIR without main.cf: says so" "fatal: open .*/main.cf" "$out"
expect_equal "MAIL_CONFIG is the default -c" \
    "$(MAIL_CONFIG=$utf8dir postmap -q 'STRAßE' "hash:$WORK/utf8src")" \
    "$(MAIL_CONFIG=$utf8dir "$MFMAP" -q 'STRAßE' "hash:$WORK/utf8src")"

# header_size_limit by reference: -h truncates long folded headers where postmap does.
dir=$(postfix_config_dir)
printf 'small = 40\nheader_size_limit = $small\n' > "$dir/main.cf"
printf '/(.*)/ HIT\n' > "$WORK/all.re"
printf 'Subject: one two three\n four five six\n seven eight nine\n ten eleven twelve\nX: y\n\n' > "$WORK/message"
expect_equal "header_size_limit by reference: header keys as postmap's" \
    "$(postmap -c "$dir" -h -q - "regexp:$WORK/all.re" < "$WORK/message")" \
    "$("$MFMAP" -c "$dir" -h -q - "regexp:$WORK/all.re" < "$WORK/message")"

# smtpd_tls_fingerprint_digest, whose default follows compatibility_level: mfmap fingerprint
# uses the digest postconf names (its length tells md5 from sha256 and sha512).
cd "$WORK"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -keyout c.key \
    -out c.pem -subj "/CN=client.example.com" 2>/dev/null
while IFS= read -r settings; do
    dir=$(postfix_config_dir)
    printf '%b\n' "$settings" > "$dir/main.cf"
    digest=$(postconf -c "$dir" -x -h smtpd_tls_fingerprint_digest 2>/dev/null)
    expect_equal "fingerprint digest ($settings) is postconf's $digest" \
        "$(openssl x509 -noout -fingerprint "-$digest" -in c.pem | sed 's/^[^=]*=//')" \
        "$("$MFMAP" fingerprint -c "$dir" c.pem | sed 's/ .*//')"
done <<'EOF'
compatibility_level = 3.5
compatibility_level = 3.6
level = 3.6\ncompatibility_level = ${level}
strong = sha512\nsmtpd_tls_fingerprint_digest = $strong
compatibility_level = 3.7\nsmtpd_tls_fingerprint_digest = ${{$compatibility_level} <level {3.8} ? {sha1} : {md5}}
EOF
