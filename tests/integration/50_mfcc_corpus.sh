# The audit corpus of realistic configurations (tests/integration/mfcc_corpus/NAME.main.cf and
# NAME.master.cf): Debian's "Internet Site", the Definitive Guide's virtual hosting and SASL
# relay, a content-filtering gateway (amavis, spamassassin pipe, submission/smtps by $mua_*),
# LMTP to Dovecot with restriction classes and an LDAP table configured in main.cf, and a
# hosting panel (SQL/LDAP behind proxymap, postscreen, milters, TLS policy), and a hardened MX
# (postscreen with weighted DNSBLs, DANE, Milters, an SPF policy spawn). On each, compared
# with real postconf in the same run: mfcc -n = postconf -n, mfcc -M = postconf -M, mfcc -p =
# postconf -x -h for every parameter set and every default; and mfcc reports no error and no
# warning except that mfd cannot open a table type. The panel is also checked with its files
# present under --sysroot (database client files, built tables), without --no-file-checks.
. "$MF_TOP/tests/integration/lib.sh"

corpus="$MF_TOP/tests/integration/mfcc_corpus"

# compare_config LABEL DIR [MFCC_OPTIONS...]
compare_config() {
    label=$1
    dir=$2
    shift 2
    expect_equal "$label: mfcc -n = postconf -n" "$(postconf -c "$dir" -n 2>/dev/null)" \
        "$("$MF_BIN/mfcc" -n "$dir" 2>/dev/null)"
    expect_equal "$label: mfcc -M = postconf -M" "$(postconf -c "$dir" -M 2>/dev/null)" \
        "$("$MF_BIN/mfcc" -M "$dir" 2>/dev/null)"
    # process_id and debugger_command (which holds $process_id) differ from run to run.
    names="$(postconf -c "$dir" -n 2>/dev/null | sed 's/ =.*//')
$(postconf -c "$dir" -d 2>/dev/null | sed 's/ =.*//' | grep -vx 'process_id\|debugger_command')"
    count=$(echo $names | wc -w)
    # shellcheck disable=SC2086
    postconf -c "$dir" -x -h $names > "$WORK/want.txt" 2>/dev/null
    # shellcheck disable=SC2086
    "$MF_BIN/mfcc" -p -c "$dir" $names > "$WORK/got.txt" 2>/dev/null
    if cmp -s "$WORK/want.txt" "$WORK/got.txt"; then
        pass "$label: mfcc -p = postconf -x -h for $count parameters"
    else
        fail_case "$label: mfcc -p = postconf -x -h for $count parameters" \
            "$(paste -d'\n' <(echo $names | tr ' ' '\n') "$WORK/want.txt" "$WORK/got.txt" | paste - - - | awk -F'\t' '$2 != $3' | head -n 10)"
    fi
    output=$("$MF_BIN/mfcc" "$@" "$dir" 2>&1)
    status=$?
    if [ "$status" -eq 0 ]; then
        pass "$label: no error from mfcc"
    else
        fail_case "$label: no error from mfcc (status $status)" "$(printf '%s\n' "$output" | grep -E ': (error|warning):')"
    fi
    unjustified=$(printf '%s\n' "$output" | grep -E ': warning: ' | grep -v '\[table-type-unsupported\]$')
    if [ -z "$unjustified" ]; then
        pass "$label: no warning but the table types mfd cannot open"
    else
        fail_case "$label: no warning but the table types mfd cannot open" "$unjustified"
    fi
}

for name in debian_internet_site oreilly_virtual oreilly_relay_sasl content_filter dovecot_lmtp \
    hosting_panel hardened_mx; do
    dir="$WORK/$name"
    mkdir -p "$dir"
    cp "$corpus/$name.main.cf" "$dir/main.cf"
    if [ -f "$corpus/$name.master.cf" ]; then
        cp "$corpus/$name.master.cf" "$dir/master.cf"
    else
        cp /etc/postfix/master.cf "$dir/master.cf"
    fi
    compare_config "$name" "$dir/" --no-file-checks
done

# The hosting panel with every file it names present under a sysroot: the database client
# files (private, as panels install them), the built tables, the regexp and cidr files.
root="$WORK/root"
dir="$WORK/hosting_panel"
grep -o '[a-z]*:/[^ ,]*' "$dir/main.cf" | sort -u | while read -r table; do
    file=${table#*:}
    mkdir -p "$root$(dirname "$file")"
    case $table in
    *.cf) printf 'hosts = 127.0.0.1\nuser = mail\npassword = secret\ndbname = mail\nquery = SELECT 1\n' > "$root$file"
          chmod 640 "$root$file" ;;
    regexp:* | pcre:*) printf '/^example\\.com$/ OK\n' > "$root$file" ;;
    # postscreen's access table answers in postscreen's words, not smtpd's OK.
    cidr:*postscreen*) printf '192.0.2.0/24 permit\n' > "$root$file" ;;
    cidr:*) printf '192.0.2.0/24 OK\n' > "$root$file" ;;
    *) printf 'example.com OK\n' > "$root$file" ;;
    esac
done
printf 'lists.example.com mailman:\n' > "$root/var/lib/mailman/data/transport-mailman"
"$MF_BIN/mfmap" "hash:$root/var/lib/mailman/data/transport-mailman"
mkdir -p "$root/etc/postfix/ssl"
openssl req -x509 -newkey rsa:2048 -nodes -days 90 -subj /CN=server1.hosting.example \
    -keyout "$root/etc/postfix/ssl/server1.key" -out "$root/etc/postfix/ssl/server1.crt" 2> /dev/null
# The LDAP client file holds its own parameters.
printf 'server_host = ldap://127.0.0.1\nsearch_base = dc=hosting, dc=example\nquery_filter = (mail=%%s)\nresult_attribute = mail\nbind = no\n' \
    > "$root/etc/postfix/ldap/virtual_mailbox_maps.cf"
output=$("$MF_BIN/mfcc" --sysroot "$root" "$dir/" 2>&1)
status=$?
if [ "$status" -eq 0 ] && ! printf '%s\n' "$output" | grep -E ': warning: ' | grep -vq '\[table-type-unsupported\]$'; then
    pass "hosting_panel with its files under --sysroot: no error, no unjustified warning"
else
    fail_case "hosting_panel with its files under --sysroot: no error, no unjustified warning" \
        "$(printf '%s\n' "$output" | grep -E ': (error|warning):' | grep -v table-type-unsupported)"
fi
