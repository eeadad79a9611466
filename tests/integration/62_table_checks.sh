# Table references as mfcc checks them: unknown types, tables not built or older than their
# source (and the mfmap/mfalias command mfcc prints really fixes it; a table real postmap built
# is accepted too), --sysroot and --no-file-checks, password tables readable by others, and an
# unreadable table (checked as an unprivileged user when run as root).
. "$MF_TOP/tests/integration/lib.sh"

dir=$(postfix_config_dir)
cf="$dir/main.cf"
tables="$WORK/tables"
mkdir -p "$tables"
printf 'user@example.com other@example.net\n' > "$tables/virtual"
printf 'postmaster: root\n' > "$tables/aliases"
printf '/^Subject: spam/ REJECT\n' > "$tables/header_checks"
cat > "$cf" <<CF
compatibility_level = 3.6
virtual_alias_maps = hash:$tables/virtual
alias_maps = hash:$tables/aliases
header_checks = regexp:$tables/header_checks
transport_maps = hsah:$tables/transport
relay_domains = example.org, cdb:$tables/relay_domains
smtpd_sender_restrictions = check_sender_access
    hash:$tables/sender_access, permit
relay_recipient_maps =
    \$virtual_alias_maps
    cdb:$tables/relay_recipients
prefix_table = hash:$tables/canonical
canonical_maps = \$prefix_table,
    hash:$tables/canonical_more
db_type = cdb
sender_canonical_maps = \${db_type}:$tables/sender_canonical
    \${db_type}:$tables/sender_canonical_more
CF
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_diag "source without its .db" "$out" "$cf" 2 table-not-built
expect_match "the message gives the mfmap command" "run \`mfmap hash:$tables/virtual\`" "$out"
expect_diag "aliases without their .db" "$out" "$cf" 3 table-not-built
expect_match "alias_maps are built by mfalias" "run \`mfalias hash:$tables/aliases\`" "$out"
expect_diag "unknown table type" "$out" "$cf" 5 table-type-unknown
expect_match "unknown type suggestion" 'did you mean "hash"' "$out"
expect_diag "table in a match list" "$out" "$cf" 6 table-missing
expect_diag "access table on a continuation line" "$out" "$cf" 8 table-missing
expect_diag "a table after a \$name that expands, on its own line" "$out" "$cf" 11 table-missing
expect_diag "a table from a user-defined \$name, where that name's value writes it (not at a longer name it begins)" "$out" "$cf" 12 table-missing
expect_diag "... and the longer name at its own line" "$out" "$cf" 14 table-missing
expect_diag "a table whose type is a \$name, at its element" "$out" "$cf" 16 table-missing
expect_diag "... the next one on its own line, at its line" "$out" "$cf" 17 table-missing
no_code "a regexp table is read as is" "$(printf '%s\n' "$out" | grep header_checks)" table-not-built

# Run exactly the commands mfcc printed; then those tables are clean.
"$MF_BIN/mfmap" "hash:$tables/virtual" && "$MF_BIN/mfalias" "hash:$tables/aliases"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
no_code "after mfmap and mfalias nothing is unbuilt" "$out" table-not-built

# A table older than its source: Postfix's warning, at the reference.
touch -d '2 minutes ago' "$tables/virtual.db"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_diag "built table older than its source" "$out" "$cf" 2 table-stale

# A table real postmap builds is accepted the same way.
rm -f "$tables/virtual.db"
postmap -c "$dir" "hash:$tables/virtual"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
no_code "a table built by real postmap is accepted" "$out" table-not-built
no_code "and is not stale" "$out" table-stale

# alias_database is opened by newaliases only (the daemons read alias_maps): not built, it is a
# warning with the mfalias command, which real postfix check, in this run, does not even
# mention; it stays an error when alias_maps names the same table.
adir=$(postfix_config_dir)
printf 'postmaster: root\n' > "$tables/more_aliases"
cat > "$adir/main.cf" <<CF
compatibility_level = 3.6
myhostname = mx.example.com
alias_maps = hash:$tables/aliases
alias_database = hash:$tables/aliases, hash:$tables/more_aliases
CF
touch -d '1 minute ago' "$adir/main.cf" "$adir/master.cf"
check "alias_database: real postfix check accepts it unbuilt" postfix -c "$adir" check
status=0
out=$("$MF_BIN/mfcc" "$adir" 2>&1) || status=$?
expect_equal "alias_database not built: no error (exit 0)" 0 "$status"
expect_match "alias_database not built: a warning at its line, with the mfalias command" \
    "^$adir/main.cf:4:[0-9]+: warning: .*more_aliases is not built.*only newaliases opens alias_database.*run .mfalias hash:$tables/more_aliases." "$out"
cat > "$adir/main.cf" <<CF
compatibility_level = 3.6
myhostname = mx.example.com
alias_maps = hash:$tables/more_aliases
alias_database = hash:$tables/more_aliases
CF
out=$("$MF_BIN/mfcc" "$adir" 2>&1)
expect_match "alias_database also in alias_maps: an error at alias_database" \
    "^$adir/main.cf:4:[0-9]+: error: .*more_aliases is not built" "$out"

# --sysroot: the configuration names /etc/postfix paths; the files live under a mirror.
root="$WORK/root"
mkdir -p "$root/etc/postfix"
cat > "$cf" <<'CF'
compatibility_level = 3.6
virtual_alias_maps = hash:/etc/postfix/virtual
smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd
virtual_mailbox_maps = proxy:mysql:/etc/postfix/mysql-mailboxes.cf
CF
printf 'a@example.com b@example.com\n' > "$root/etc/postfix/virtual"
printf '[relay.example.com]:587 user:secret\n' > "$root/etc/postfix/sasl_passwd"
printf 'user = postfix\npassword = secret\n' > "$root/etc/postfix/mysql-mailboxes.cf"
chmod 644 "$root/etc/postfix/sasl_passwd" "$root/etc/postfix/mysql-mailboxes.cf"
"$MF_BIN/mfmap" "hash:$root/etc/postfix/sasl_passwd"
out=$("$MF_BIN/mfcc" --sysroot "$root" "$dir" 2>&1)
expect_diag "--sysroot: the unbuilt table is found under the mirror" "$out" "$cf" 2 table-not-built
expect_match "--sysroot: the command names the configured path" 'run `mfmap hash:/etc/postfix/virtual`' "$out"
expect_diag "password table readable by others" "$out" "$cf" 3 table-secret-readable
expect_match "the chmod that fixes it" 'chmod go-rwx /etc/postfix/sasl_passwd' "$out"
expect_diag "database client config readable by everyone" "$out" "$cf" 4 table-secret-readable
expect_diag "mysql is a type Postfix opens but mfd does not" "$out" "$cf" 4 table-type-unsupported
chmod 600 "$root/etc/postfix/sasl_passwd" "$root/etc/postfix/sasl_passwd.db"
chmod 640 "$root/etc/postfix/mysql-mailboxes.cf"
out=$("$MF_BIN/mfcc" --sysroot "$root" "$dir" 2>&1)
no_code "after the chmod the secrets are private" "$out" table-secret-readable

# --no-file-checks: files that are not there are not reported; the rest still is.
rm -rf "$root"
out=$("$MF_BIN/mfcc" --no-file-checks --sysroot "$root" "$dir" 2>&1)
no_code "--no-file-checks: missing files are not reported" "$out" table-missing
no_code "--no-file-checks: unbuilt tables are not reported" "$out" table-not-built
expect_diag "--no-file-checks still checks types" "$out" "$cf" 4 table-type-unsupported

# An unreadable table, checked by an unprivileged user.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    chmod 755 "$WORK" "$dir" "$tables"
    chmod 644 "$cf" "$dir/master.cf"
    cat > "$cf" <<CF
compatibility_level = 3.6
virtual_alias_maps = hash:$tables/virtual
CF
    chmod 600 "$tables/virtual.db"
    out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$MF_BIN/mfcc" "$dir" 2>&1)
    expect_diag "a built table nobody can read" "$out" "$cf" 2 table-unreadable
else
    pass "a built table nobody can read # skipped: needs root to switch users"
fi

# `mfcc DIR` with a relative DIR: tables named under $config_directory are still checked.
rel="$WORK/relative"
mkdir -p "$rel/conf"
printf 'compatibility_level = 3.6\nvirtual_alias_maps = hash:$config_directory/virtual\n' > "$rel/conf/main.cf"
printf 'a@example.com b@example.com\n' > "$rel/conf/virtual"
out=$(cd "$rel" && "$MF_BIN/mfcc" conf 2>&1)
expect_match "relative configuration directory: the unbuilt table is found" \
    "^conf/main.cf:2:[0-9]+: error: .*\[table-not-built\]" "$out"
(cd "$rel" && "$MF_BIN/mfmap" hash:conf/virtual)
out=$(cd "$rel" && "$MF_BIN/mfcc" conf 2>&1)
no_code "relative configuration directory: built table accepted" "$out" table-not-built

# Braces around the elements of a table list: the daemons take "{hash" (or "{ hash") as the
# type, log "unsupported dictionary type" and fail every lookup in the list. Real smtpd says
# so in the same run where the host allows it.
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"
printf 'a@example.com ok\n' > "$tables/relay_recipients"
"$MF_BIN/mfmap" "hash:$tables/relay_recipients"
for form in "{hash:$tables/relay_recipients}" "{ hash:$tables/relay_recipients }" "{hash:$tables/relay_recipients"; do
    braced=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nrelay_recipient_maps = %s\n' "$form" > "$braced/main.cf"
    out=$("$MF_BIN/mfcc" "$braced" 2>&1)
    expect_diag "table list element $form: an error" "$out" "$braced/main.cf" 3 table-type-unknown
    if [ "$SMTPD_ORACLE" = yes ]; then
        expect_match "table list element $form: real smtpd refuses the type" \
            'error: unsupported dictionary type: \{ ?hash' "$(smtpd_log "$braced")"
    fi
done

# A table in a restriction list of the administrator's own that two services' -o overrides
# name as $name: one error, where the list writes the table, not one per master.cf line.
config_dir_with "send_only_recipients = permit_mynetworks,
    check_recipient_access hash:$tables/recipient_access" \
'submission inet n - y - - smtpd
  -o smtpd_recipient_restrictions=$send_only_recipients,permit_sasl_authenticated,reject
smtps inet n - y - - smtpd
  -o smtpd_recipient_restrictions=$send_only_recipients,reject'
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_diag "a table of a user-defined list that -o overrides name: at the list's line" \
    "$out" "$dir/main.cf" 4 table-missing
expect_equal "... once, not once per service" 1 \
    "$(printf '%s\n' "$out" | grep -c 'recipient_access.*\[table-missing\]$')"

# Database configuration files: postconf reads the file of every mysql:, pgsql:, ldap:, sqlite:
# and memcache: table a used parameter's value names, proxy_read_maps and string parameters
# included, and warns for each it cannot open. Real postconf judges in the same run: mfcc must
# have a table-missing diagnostic on the line of each file postconf warns about, and none for
# a file that is there or a parameter nothing uses.
dir=$(postfix_config_dir)
databases="$WORK/databases"
mkdir -p "$databases"
printf 'hosts = 127.0.0.1\n' > "$databases/present.cf"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
proxy_read_maps = \$virtual_alias_maps proxy:pgsql:$databases/senders.cf,
    proxy:mysql:$databases/present.cf ldap:$databases/ldap.cf \$quota_maps
quota_maps = proxy:mysql:$databases/quota.cf
smtpd_banner = \$myhostname {sqlite:$databases/banner.cf}
virtual_alias_maps = mysql:$databases/aliases.cf
forgotten = mysql:$databases/forgotten.cf
CF
postconf -c "$dir" -n 2>&1 > /dev/null | sed -n 's/.*open "[a-z]*" configuration "\(.*\)": .*/\1/p' |
    sort -u > "$WORK/postconf_opens"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_equal "database files: postconf warns about five" 5 "$(wc -l < "$WORK/postconf_opens")"
while read -r file; do
    expect_diag "database files: ${file##*/}, which postconf cannot open, at its line" "$out" \
        "$dir/main.cf" "$(line_of "$dir/main.cf" "$file")" table-missing
done < "$WORK/postconf_opens"
no_match "database files: nothing about a file that is there" 'present\.cf[^ ]*, whose' "$out"
no_match "database files: nothing about a parameter nothing uses" 'forgotten\.cf.*table-missing' "$out"
expect_equal "database files: one diagnostic per file" 5 \
    "$(printf '%s\n' "$out" | grep -c '\[table-missing\]$')"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_code "database files: --no-file-checks skips them" "$out" table-missing

# Database client files as Postfix reads them: `name = value` lines, the name one word, a line
# that starts with whitespace continuing the one before. Real postconf judges each file in the
# same run, named from a table list, from proxy_read_maps and from a string parameter. Where it
# stops at a line, mfcc must have a table-config-syntax error at that file and line; where it
# accepts the file, mfcc must have none. Its warnings (text that continues no line, a name the
# type does not define) must be matched at their lines too.
client="$databases/client.cf"
postconf_stops=0
client_case() { # DESCRIPTION FILE-TEXT (a printf format)
    printf "$2" > "$client"
    for reference in "virtual_alias_maps = mysql:$client" \
        "proxy_read_maps = proxy:pgsql:$client" "smtpd_banner = \$myhostname mysql:$client"; do
        where="$1 (${reference%% *})"
        printf 'compatibility_level = 3.6\n%s\n' "$reference" > "$dir/main.cf"
        postconf -c "$dir" -n > /dev/null 2> "$WORK/postconf_says"
        out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
        stop=$(sed -n "s|.*fatal: $client, line \([0-9]*\): .*|\1|p" "$WORK/postconf_says")
        if [ -n "$stop" ]; then
            postconf_stops=$((postconf_stops + 1))
            expect_verdict "client file: $where" "$out" "$client" "$stop" error table-config-syntax
        else
            no_code "client file: $where: postconf accepts it, and so does mfcc" "$out" \
                table-config-syntax
        fi
        if grep -q 'logical line must not start with whitespace' "$WORK/postconf_says"; then
            expect_diag "client file: $where: text that continues no line" "$out" "$client" 1 \
                leading-whitespace
        fi
        sed -n 's/.*unused parameter: \([^=]*\)=.*/\1/p' "$WORK/postconf_says" | sort -u |
            while read -r name; do
                expect_diag "client file: $where: unused $name" "$out" "$client" \
                    "$(grep -n "^$name[ =]" "$client" | head -n 1 | cut -d: -f1)" unknown-parameter
            done
    done
}
client_case "a line without '='" 'hosts = db.example\nbogus line\n'
client_case "a name of two words" 'hosts = db.example\nbind dn = cn=admin\n'
client_case "a line without a name" '= value\n'
client_case "a line continued below, at its first line" 'hosts = db.example\nquery\n  SELECT 1\n'
client_case "CRLF line ends" 'hosts = db.example\r\nuser\r\n'
client_case "comments, blank lines, '=' in the value, a continued value" \
    '# mysql\nhosts = db.example\n\n   \nquery = SELECT a FROM t WHERE b = %%s\n  AND c = 1\n'
client_case "no blanks around '='" 'hosts=db.example\nuser=postfix\n'
client_case "text that continues no line, a misspelt name" '  stray = 1\nhosts = db.example\nqurey = x\n'
expect_equal "client files: postconf stops at five of the eight, from each of three places" 15 \
    "$postconf_stops"
