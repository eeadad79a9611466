# mfalias against real postalias, in the same run: full builds and -i updates of aliases(5)
# sources with every special form (quoted names, continuation lines, :include:, |command,
# /file, the | % ! operators, comments, local-name rules), and the records postalias adds
# ("@", YP_LAST_MODIFIED, YP_MASTER_NAME), compared as `postalias -s` lists them.
. "$MF_TOP/tests/integration/lib.sh"

MFALIAS="$MF_BIN/mfalias"
config=$(postfix_config_dir)
printf 'compatibility_level = 3.7\nmyhostname = mail.example.com\n' > "$config/main.cf"
cd "$WORK"

cat > base <<'EOF'
# system aliases
MAILER-DAEMON: postmaster
Postmaster: root
root: admin, "Jane Doe" <jane@example.com>,
	backup@example.net
list: :include:/etc/postfix/list.txt
prog: |/usr/bin/prog, "|/usr/local/bin/other arg"
file: /var/spool/archive
pipeq: |"/usr/bin/quoted prog"
routes: a%b, c!d, x@y (comment)
"quoted name": someone
"at@quoted": local-anyway
bad@name: refused
bad%name: refused
nocolon value
empty:
dup: first
dup: second
EOF
cat > increment <<'EOF'
Root: other
"New Name": |"/bin/cat", /dev/null
cont: a,
  b,
	c
pct%key: refused
ünï: utf8
EOF

# The list postalias -s gives, sorted, with the build time replaced (two builds rarely share
# the same second); the time itself is checked separately.
listing() {
    case $1 in
        cdb:*) cdb -d "${1#cdb:}.cdb" | sed -n 's/^+[0-9]*,[0-9]*://p' ;;
        *) postalias -c "$config" -s "$1" ;;
    esac | sed 's/^\(YP_LAST_MODIFIED[:>-]*[[:space:]]*\)[0-9]\{10\}$/\1TIME/' | sort
}
recent() { # the table's YP_LAST_MODIFIED is within a minute of now
    stamp=$(postalias -c "$config" -q YP_LAST_MODIFIED "$1" 2>/dev/null ||
        postalias -c "$config" -f -q YP_LAST_MODIFIED "$1")
    now=$(date +%s)
    [ "${#stamp}" -eq 10 ] && [ $((now - stamp)) -ge 0 ] && [ $((now - stamp)) -lt 60 ]
}

for type in hash btree lmdb cdb; do
    cp base ours && cp base theirs
    "$MFALIAS" -c "$config" "$type:ours" 2>ours.err
    postalias -c "$config" "$type:theirs" 2>theirs.err
    expect_equal "$type full build: the records postalias writes" \
        "$(listing "$type:theirs")" "$(listing "$type:ours")"
    expect_equal "$type full build: as many warnings as postalias" \
        "$(wc -l < theirs.err)" "$(wc -l < ours.err)"
    [ "$type" = cdb ] && continue
    check "$type full build: YP_LAST_MODIFIED is the build time" recent "$type:ours"
    # -i on each program's own table, and each on the other's.
    for pair in "ours $MFALIAS" "theirs postalias" "cross_ours $MFALIAS" "cross_theirs postalias"; do
        set -- $pair
        case $1 in
            cross_ours) cp theirs cross_ours; postalias -c "$config" "$type:cross_ours" 2>/dev/null ;;
            cross_theirs) cp ours cross_theirs; "$MFALIAS" -c "$config" "$type:cross_theirs" 2>/dev/null ;;
        esac
        "$2" -c "$config" -i "$type:$1" < increment 2>/dev/null
    done
    expect_equal "$type -i: the records postalias -i leaves" \
        "$(listing "$type:theirs")" "$(listing "$type:ours")"
    expect_equal "$type -i on postalias's table: as postalias -i on ours" \
        "$(listing "$type:cross_theirs")" "$(listing "$type:cross_ours")"
    check "$type -i: YP_LAST_MODIFIED is the update time" recent "$type:ours"
    # -i -r replaces existing names, as postalias -i -r does.
    printf 'root: replaced\n' | "$MFALIAS" -c "$config" -i -r "$type:ours"
    printf 'root: replaced\n' | postalias -c "$config" -i -r "$type:theirs"
    expect_equal "$type -i -r: the records postalias leaves" \
        "$(listing "$type:theirs")" "$(listing "$type:ours")"
done

# A table postmap built has none of postalias's records; postalias -i adds them.
printf 'root admin\n' > plain_ours
printf 'root admin\n' > plain_theirs
postmap -c "$config" hash:plain_ours
postmap -c "$config" hash:plain_theirs
"$MFALIAS" -c "$config" -i hash:plain_ours < increment 2>/dev/null
postalias -c "$config" -i hash:plain_theirs < increment 2>/dev/null
expect_equal "-i on a postmap table adds postalias's records" \
    "$(listing hash:plain_theirs)" "$(listing hash:plain_ours)"

# Queries on the result, mfalias and postalias alike.
for key in root ROOT "new name" cont mailer-daemon '@' absent; do
    expect_equal "mfalias -q '$key' as postalias" \
        "$(postalias -c "$config" -q "$key" hash:theirs; echo "status $?")" \
        "$("$MFALIAS" -c "$config" -q "$key" hash:ours; echo "status $?")"
done
