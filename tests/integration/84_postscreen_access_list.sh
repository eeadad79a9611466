# postscreen_access_list words postscreen does not know (postscreen-access-command): it knows
# permit, reject, dunno, permit_mynetworks and type:table; at any other word it logs "unknown
# command" for every client and ignores the rest of the list. mfcc reports the first such word,
# per postscreen service with its -o overrides. The oracle, in the same run where the host
# allows it: a whole instance with postscreen on port 25 and one client from mynetworks; with
# permit_sasl_authenticated first, real postscreen logs "unknown command" and does not allowlist
# the client; with the list as documented it allowlists it; a cidr table answering OK for the
# client gets "unknown command: OK", one answering permit allowlists it.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
postscreen_master='smtpd     pass  -       -       n       -       -       smtpd'

# setup SETTINGS: postscreen on port 25 (Debian's smtp line replaced), plus SETTINGS.
setup() {
    config_dir_with "$1" "$postscreen_master"
    sed -i 's/^smtp      inet.*/smtp      inet  n       -       n       -       1       postscreen/' "$dir/master.cf"
}

setup 'postscreen_access_list = permit_sasl_authenticated, permit_mynetworks, check_client_access cidr:/etc/postfix/x.cidr'
unknown=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "an smtpd restriction in postscreen_access_list: exit 1" 1 "$?"
expect_match "an smtpd restriction in postscreen_access_list: an error at the word" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" postscreen_access_list):26: error: postscreen_access_list: postscreen knows no command \"permit_sasl_authenticated\".*\[postscreen-access-command\]$" "$out"
expect_equal "only the first unknown word (postscreen ignores the rest)" 1 \
    "$(printf '%s\n' "$out" | grep -c 'postscreen-access-command')"

setup 'postscreen_access_list = permit_mynetworks, cidr:/etc/postfix/postscreen_access.cidr, PERMIT'
known=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "the documented words: fine" "$out" postscreen-access-command

config_dir_with 'postscreen_access_list = permit_sasl_authenticated'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "no postscreen service: not judged" "$out" postscreen-access-command

# The answers of its tables: the same words, no nested table; smtpd's OK is not one of them.
printf '127.0.0.1 OK\n192.0.2.1 permit\n192.0.2.2 REJECT\n192.0.2.0/24 cidr:/etc/postfix/more.cidr\n10.0.0.0/8 permit_mynetworks, dunno\n' \
    > "$WORK/ok.cidr"
setup "postscreen_access_list = cidr:$WORK/ok.cidr"
table_ok=$dir
out=$("$mfcc" "$dir" 2>&1)
expect_match "an smtpd answer in a postscreen access table: an error at its line" \
    "^$WORK/ok.cidr:1:11: error: postscreen_access_list cidr:$WORK/ok.cidr: postscreen knows no command \"OK\".*\[postscreen-access-command\]$" "$out"
expect_diag "a nested table in an answer" "$out" "$WORK/ok.cidr" 4 postscreen-access-command
no_match "the documented answers: fine" "^$WORK/ok.cidr:[235]:" "$out"
printf '127.0.0.1 permit\n' > "$WORK/permit.cidr"
setup "postscreen_access_list = cidr:$WORK/permit.cidr"
table_permit=$dir

if [ "$INSTANCE_ORACLE" = yes ]; then
    sed -i 's|, cidr:/etc/postfix/postscreen_access.cidr||' "$known/main.cf"
    sed -i 's|, check_client_access cidr:/etc/postfix/x.cidr||' "$unknown/main.cf"
    connect="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py connect"
    log=$(instance_log "$unknown" "$connect" 'DISCONNECT|PASS')
    expect_match "real postscreen: unknown command" \
        'postscreen.*warning: postscreen_access_list: unknown command: permit_sasl_authenticated -- ignoring the remainder of this access list' "$log"
    no_match "and the client from mynetworks is not allowlisted" 'ALLOWLISTED' "$log"
    log=$(instance_log "$known" "$connect" 'ALLOWLISTED|DISCONNECT')
    expect_match "real postscreen with the documented list: allowlisted" 'postscreen.*ALLOWLISTED \[127\.0\.0\.1\]' "$log"
    log=$(instance_log "$table_ok" "$connect" 'DISCONNECT|PASS')
    expect_match "real postscreen, a table answering OK: unknown command" \
        'postscreen.*warning: cidr:.*ok\.cidr: unknown command: OK -- ignoring the remainder of this access list' "$log"
    log=$(instance_log "$table_permit" "$connect" 'ALLOWLISTED|DISCONNECT')
    expect_match "real postscreen, a table answering permit: allowlisted" 'postscreen.*ALLOWLISTED \[127\.0\.0\.1\]' "$log"
fi
