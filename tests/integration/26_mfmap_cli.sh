# mfmap's and mfalias's command line against postmap's and postalias's, in the same run: the
# exit status of every kind of outcome (found, not found, deleted, usage error, conflicting
# options, fatal errors), the options each accepts, -m without -b/-h, and what -v reports.
. "$MF_TOP/tests/integration/lib.sh"

MFMAP="$MF_BIN/mfmap"
MFALIAS="$MF_BIN/mfalias"
config=$(postfix_config_dir)
printf 'compatibility_level = 3.7\n' > "$config/main.cf"
cd "$WORK"
printf 'Key value\nother thing\n' > map
printf 'root: admin\npostmaster: root\n' > aliases
postmap -c "$config" hash:map
postalias -c "$config" hash:aliases

# same_status NAME ARGUMENTS...: mfmap ARGUMENTS and postmap ARGUMENTS exit alike, on copies of
# the tables (deletes change them); a fatal error is reported as such by both.
same_status() {
    name=$1
    shift
    for side in ours theirs; do
        rm -rf "$side" && mkdir "$side" && cp map map.db aliases aliases.db "$side/"
    done
    (cd theirs && postmap -c "$config" "$@" < /dev/null > ../theirs.out 2> ../theirs.err)
    theirs=$?
    (cd ours && "$MFMAP" -c "$config" "$@" < /dev/null > ../ours.out 2> ../ours.err)
    expect_equal "mfmap $name: exit status as postmap's" "$theirs" "$?"
    if grep -q 'fatal' theirs.err; then
        expect_match "mfmap $name: a fatal error, as for postmap" "^mfmap: fatal: " "$(cat ours.err)"
    fi
}
same_status "-q found" -q key hash:map
same_status "-q not found" -q absent hash:map
same_status "-q in the second table" -q root hash:map hash:aliases
same_status "-q, missing table" -q key hash:missing
same_status "-q, unknown type" -q key nosuch:map
same_status "-d found" -d key hash:map
same_status "-d not found" -d absent hash:map
same_status "-d on cdb" -d key cdb:map
same_status "-s" -s hash:map
same_status "-s, missing table" -s hash:missing
same_status "build" hash:map
same_status "build, missing source" hash:missing
same_status "no table" -q key
same_status "no arguments"
same_status "-x" -x hash:map
same_status "-Z" -Z hash:map
same_status "-s -q" -s -q key hash:map
same_status "-q -d" -q key -d key hash:map
same_status "-b without -q -" -b hash:map
same_status "-h -q key" -h -q key hash:map
same_status "-m with a build" -m hash:map
same_status "-q - without input" -q - hash:map
same_status "-i on cdb" -i cdb:map

# postalias knows fewer letters.
for letter in b h m U F x; do
    for side in ours theirs; do rm -rf "$side" && mkdir "$side" && cp aliases aliases.db "$side/"; done
    (cd theirs && postalias -c "$config" -$letter -q root hash:aliases < /dev/null > /dev/null 2>&1)
    theirs=$?
    (cd ours && "$MFALIAS" -c "$config" -$letter -q root hash:aliases < /dev/null > /dev/null 2>&1)
    expect_equal "mfalias -$letter: exit status as postalias's" "$theirs" "$?"
done
expect_equal "mfalias -q found: exit status as postalias's" \
    "$(postalias -c "$config" -q ROOT hash:aliases >/dev/null; echo $?)" \
    "$("$MFALIAS" -c "$config" -q ROOT hash:aliases >/dev/null; echo $?)"
expect_equal "mfalias -q not found: exit status as postalias's" \
    "$(postalias -c "$config" -q nobody hash:aliases >/dev/null; echo $?)" \
    "$("$MFALIAS" -c "$config" -q nobody hash:aliases >/dev/null; echo $?)"

# -m alone is ignored with a warning, the keys being plain lines.
printf 'KEY\nother\n' > keys
expect_equal "-m without -b or -h: plain keys, as postmap" \
    "$(postmap -c "$config" -m -q - hash:map < keys 2>/dev/null)" \
    "$("$MFMAP" -c "$config" -m -q - hash:map < keys 2>/dev/null)"
expect_match "-m without -b or -h: warned" "warning: ignoring -m option without -b or -h" \
    "$("$MFMAP" -c "$config" -m -q - hash:map < keys 2>&1 >/dev/null)"

# A key ends at a NUL byte, as for postmap, which looks keys up as C strings.
expect_equal "-q -: a key ends at its NUL byte, as for postmap" \
    "$(printf 'key\000junk\n' | postmap -c "$config" -q - hash:map | od -c)" \
    "$(printf 'key\000junk\n' | "$MFMAP" -c "$config" -q - hash:map | od -c)"

# -v (and MAIL_VERBOSE) report the configuration and what was built; quiet without.
cp map verbose
out=$("$MFMAP" -v -c "$config" hash:verbose 2>&1)
expect_match "-v names the configuration used" "info: configuration .*default_database_type = hash, UTF-8 mode on" "$out"
expect_match "-v reports the table built" "info: verbose.db: 2 records from verbose" "$out"
expect_match "MAIL_VERBOSE does the same" "info: verbose.db: 2 records" \
    "$(MAIL_VERBOSE=1 "$MFMAP" -c "$config" hash:verbose 2>&1)"
expect_equal "without -v a clean build says nothing" "" "$("$MFMAP" -c "$config" hash:verbose 2>&1)"
