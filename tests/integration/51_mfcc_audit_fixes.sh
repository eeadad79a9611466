# What the fidelity audit found and fixed, each case compared with real Postfix in this run:
# master.cf options end at the command's first non-option argument (pipe's `sendmail -oi` is
# not a -o override); spawn(8) services get <service>_time_limit; databases configured in
# main.cf (ldap:corp with corp_server_host...) make their parameters known while unknown
# suffixes stay "unused"; a database client file's unknown names are reported at their line;
# mynetworks's default follows inet_interfaces and inet_protocols; proxymap-read and database
# client files may be group-readable; mysql:name without a path reads main.cf parameters.
. "$MF_TOP/tests/integration/lib.sh"

match="$MF_TOP/tests/integration/mfcc_corpus/match_postfix_messages.py"
mfcc="$MF_BIN/mfcc"

# 1. pipe's own -oi after argv=: postconf -M keeps it as an argument; mfcc must too.
dir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\n' > "$dir/main.cf"
cat >> "$dir/master.cf" <<'CF'
spamassassin unix -     n       n       -       -       pipe
  user=debian-spamd argv=/usr/bin/spamc -f -e /usr/sbin/sendmail -oi -f ${sender} ${recipient}
filter    unix  -       n       n       -       10      pipe
  -v -o syslog_name=postfix/filter flags=Rq user=filter argv=/usr/local/bin/filter -o x=y -- ${recipient}
CF
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "pipe argv -oi is the command's option, not an override" "$out" master-bad-override
no_code "a -o after the first non-option is not a parameter" "$out" unknown-parameter
expect_equal "mfcc -M = postconf -M with options after argv=" "$(postconf -c "$dir" -M 2>&1)" \
    "$("$mfcc" -M "$dir" 2>&1)"

# 2. spawn services get <service>_time_limit (and nothing else), as postconf registers them.
dir=$(postfix_config_dir)
cat >> "$dir/master.cf" <<'CF'
policyd   unix  -       n       n       -       0       spawn
  user=nobody argv=/usr/bin/policyd-spf
CF
printf 'compatibility_level = 3.6\npolicyd_time_limit = 3600s\npolicyd_destination_recipient_limit = 1\n' > "$dir/main.cf"
expect_equal "spawn: mfcc -n = postconf -n" "$(postconf -c "$dir" -n 2>/dev/null)" "$("$mfcc" -n "$dir" 2>/dev/null)"
expect_equal "spawn: mfcc -p = postconf -x -h" \
    "$(postconf -c "$dir" -x -h policyd_time_limit 2>/dev/null)" "$("$mfcc" -p -c "$dir" policyd_time_limit 2>/dev/null)"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "spawn: only the suffix spawn does not have is unused, as postconf says" \
    "main.cf:3:1: warning: unused parameter: policyd_destination_recipient_limit=1 \(unknown to Postfix: master.cf's policyd service runs spawn, which reads no policyd_destination_recipient_limit\)" "$out"
expect_match "postconf agrees" "unused parameter: policyd_destination_recipient_limit=1" \
    "$(postconf -c "$dir" -n 2>&1 >/dev/null)"
# dovecot_destination_recipient_limit kept after Dovecot's deliver (a pipe service dovecot)
# gave way to LMTP: postconf says "unused parameter", mfcc also why.
nodovecot=$(postfix_config_dir)
printf 'compatibility_level = 3.6\ndovecot_destination_recipient_limit = 1\n' > "$nodovecot/main.cf"
expect_match "a per-transport parameter of no master.cf service: says so" \
    "main.cf:2:1: warning: unused parameter: dovecot_destination_recipient_limit=1 \(unknown to Postfix: a per-transport destination_recipient_limit, but master.cf runs no service dovecot\) \[unknown-parameter\]" \
    "$("$mfcc" --no-file-checks "$nodovecot" 2>&1)"
expect_match "postconf: unused too" "unused parameter: dovecot_destination_recipient_limit=1" \
    "$(postconf -c "$nodovecot" -n 2>&1 >/dev/null)"
if printf '%s\n' "$out" | grep -E 'warning|error' | grep -q 'policyd_time_limit'; then
    fail_case "spawn: policyd_time_limit is a known parameter" "$out"
else
    pass "spawn: policyd_time_limit is a known parameter"
fi

# defect NAME [MFCC_OPTIONS...]: every warning of postconf -n / -M on $dir is matched by an
# mfcc diagnostic at its file and line.
defect() {
    name=$1
    shift
    { postconf -c "$dir" -n > /dev/null; postconf -c "$dir" -M > /dev/null; } > "$WORK/postfix.out" 2>&1
    "$mfcc" "$@" --format=json "$dir" > "$WORK/mfcc.json" 2>/dev/null
    check "defect: $name" /usr/bin/python3 "$match" "$dir" "$WORK/postfix.out" "$WORK/mfcc.json"
}

# 3. A database configured in main.cf: its parameters are known, a misspelt one is not.
dir=$(postfix_config_dir)
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
local_recipient_maps = proxy:ldap:corp $alias_maps
corp_server_host = ldap://ldap.example.com
corp_search_base = dc=example, dc=com
corp_serach_scope = sub
virtual_alias_maps = mysql:aliases
aliases_hosts = 127.0.0.1
aliases_qurey = SELECT goto FROM alias WHERE address='%s'
CF
expect_equal "main.cf databases: mfcc -n = postconf -n" "$(postconf -c "$dir" -n 2>/dev/null)" \
    "$("$mfcc" -n "$dir" 2>/dev/null)"
defect "misspelt parameters of databases configured in main.cf" --no-file-checks
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
if printf '%s\n' "$out" | grep -Eq 'corp_server_host|corp_search_base|aliases_hosts|ldap:corp is a relative'; then
    fail_case "main.cf databases: no false alarm on their parameters" "$out"
else
    pass "main.cf databases: no false alarm on their parameters"
fi

# 4. A database client file with a misspelt name: postconf's warning names the file; mfcc
# reports at the file's line. A missing client file: at the reference in main.cf.
dir=$(postfix_config_dir)
mkdir -p "$dir/sql"
printf 'hosts = 127.0.0.1\nuser = postfix\npassword = secret\ndbname = mail\nqurey = SELECT 1\n' > "$dir/sql/aliases.cf"
printf 'dbpath = /var/lib/mail.sqlite\n  # a comment inside\nquery = SELECT 1\nresult_fromat = %%s\n' > "$dir/sql/domains.cf"
chmod 640 "$dir/sql/aliases.cf" "$dir/sql/domains.cf"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
virtual_alias_maps = proxy:mysql:$dir/sql/aliases.cf
virtual_mailbox_domains = sqlite:$dir/sql/domains.cf
relay_domains = pgsql:$dir/sql/missing.cf
CF
defect "unknown names in database client files, a missing client file"
out=$("$mfcc" "$dir" 2>&1)
expect_diag "client file: misspelt query at its line" "$out" "$dir/sql/aliases.cf" 5 unknown-parameter
expect_match "client file: the suggestion" 'qurey=SELECT 1 \(not a mysql_table\(5\) parameter; did you mean query\?\)' "$out"
expect_diag "client file: after a comment line" "$out" "$dir/sql/domains.cf" 4 unknown-parameter
no_code "a 0640 client file read through proxymap is not a leaked secret" "$out" table-secret-readable
chmod 644 "$dir/sql/aliases.cf"
out=$("$mfcc" "$dir" 2>&1)
expect_diag "a client file everyone can read still is" "$out" "$dir/main.cf" 2 table-secret-readable

# 5. A password table read through proxymap is root:postfix 0640 by design; others must not.
dir=$(postfix_config_dir)
printf '[relay.example.com]:587 user:pass\n' > "$dir/sasl_passwd"
"$MF_BIN/mfmap" "hash:$dir/sasl_passwd"
chmod 640 "$dir/sasl_passwd" "$dir/sasl_passwd.db"
printf 'compatibility_level = 3.6\nsmtp_sasl_password_maps = proxy:hash:%s/sasl_passwd\n' "$dir" > "$dir/main.cf"
out=$("$mfcc" "$dir" 2>&1)
no_code "proxy: password table readable by its group only" "$out" table-secret-readable
printf 'compatibility_level = 3.6\nsmtp_sasl_password_maps = hash:%s/sasl_passwd\n' "$dir" > "$dir/main.cf"
out=$("$mfcc" "$dir" 2>&1)
expect_diag "the same table opened by smtp as root must be private" "$out" "$dir/main.cf" 2 table-secret-readable

# 6. mysql:name without a path reads main.cf parameters name_*; none set: a warning.
dir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nvirtual_alias_maps = mysql:mysql-virtual.cf\n' > "$dir/main.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "mysql: with a relative file name" "$out" "$dir/main.cf" 2 table-relative-path
printf 'mysql-virtual.cf_hosts = 127.0.0.1\n' >> "$dir/main.cf"
expect_equal "postconf takes mysql-virtual.cf_hosts as that table's parameter" "" \
    "$(postconf -c "$dir" -n 2>&1 >/dev/null)"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "with its parameters set, no warning" "$out" table-relative-path

# 7. mynetworks's default follows inet_interfaces and inet_protocols (this host's interfaces,
# computed by postconf in the same run). Expanded inside another value ([$mynetworks]), it
# shows the space Postfix puts after each network, the last one too.
dir=$(postfix_config_dir)
for interfaces in all loopback-only 127.0.0.1 '127.0.0.1, [::1]' localhost; do
    for protocols in all ipv4 ipv6; do
        for style in host subnet class; do
            printf 'compatibility_level = 3.6\ninet_interfaces = %s\ninet_protocols = %s\nmynetworks_style = %s\n' \
                "$interfaces" "$protocols" "$style" > "$dir/main.cf"
            printf 'smtpd_banner = [$mynetworks]\n' >> "$dir/main.cf"
            want=$(postconf -c "$dir" -x -h mynetworks smtpd_banner 2>&1)
            # Postfix refuses an address of a disabled family; nothing to compare there.
            case $want in *fatal*) continue ;; esac
            got=$("$mfcc" -p -c "$dir" mynetworks smtpd_banner 2>&1)
            [ "$want" = "$got" ] || fail_case "mynetworks: $interfaces / $protocols / $style" "postconf: $want" "mfcc:     $got"
        done
    done
done
pass "mynetworks default for inet_interfaces x inet_protocols x mynetworks_style (mismatches listed above)"
