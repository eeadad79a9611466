# Features that need a helper service master.cf does not run (service-missing):
# smtp_tls_connection_reuse = yes without tlsproxy when smtp can start TLS (an error), postscreen without its smtpd pass
# service (an error), postscreen_dnsbl_sites without dnsblog (a warning); Debian's master.cf
# ships these helpers commented out. The oracle, in the
# same run where the host allows it: a whole Postfix instance relays one message to tls_peer.py
# with connection reuse on, and real smtp defers it without tlsproxy ("Cannot start TLS") and
# delivers it over TLS with tlsproxy; and a postscreen instance with a DNSBL and no dnsblog
# logs that it cannot reach dnsblog, and one without smtpd pass that it cannot hand the client
# over.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
peer_port=$(free_port)
tlsproxy='tlsproxy  unix  -       -       n       -       0       tlsproxy'
reuse="relayhost = [127.0.0.1]:$peer_port
smtp_tls_security_level = may
smtp_tls_connection_reuse = yes"

config_dir_with "$reuse"
without=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "connection reuse without tlsproxy: exit 1" 1 "$?"
expect_match "connection reuse without tlsproxy: an error at the setting" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_tls_connection_reuse):[0-9]+: error: smtp_tls_connection_reuse = yes .*tlsproxy, which master.cf does not run.*\[service-missing\]$" "$out"

config_dir_with "$reuse" "$tlsproxy"
with=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "connection reuse with tlsproxy: fine" "$out" service-missing

config_dir_with 'smtp_tls_connection_reuse = yes
smtp_tls_security_level = none'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "connection reuse without TLS: no tlsproxy needed" "$out" service-missing

# Without a level the legacy switches decide: smtp_use_tls = no (the default) is no TLS at all,
# so reuse needs no tlsproxy; smtp_use_tls = yes is level may.
config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_tls_connection_reuse = yes"
clear=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "connection reuse at the default, empty level (no TLS): no tlsproxy needed" "$out" \
    service-missing
config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_tls_connection_reuse = yes
smtp_use_tls = yes"
legacy=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "connection reuse with the legacy smtp_use_tls = yes: an error" "$out" \
    "$dir/main.cf" "$(line_of "$dir/main.cf" smtp_tls_connection_reuse)" service-missing
# A policy table can raise the level for some destinations above the global none.
config_dir_with 'smtp_tls_connection_reuse = yes
smtp_tls_security_level = none
smtp_tls_policy_maps = hash:/etc/postfix/tls_policy'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "connection reuse at level none with a TLS policy table: an error" "$out" \
    "$dir/main.cf" "$(line_of "$dir/main.cf" smtp_tls_connection_reuse)" service-missing

config_dir_with 'smtp_tls_security_level = may' 'relay2    unix  -       -       n       -       -       smtp
  -o smtp_tls_connection_reuse=yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "an -o on one smtp service: at the override" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" smtp_tls_connection_reuse=yes)" service-missing

postscreen_master='smtpd     pass  -       -       n       -       -       smtpd
smtp      inet  n       -       n       -       1       postscreen'
config_dir_with 'postscreen_dnsbl_sites = dnsbl.example.test*2
postscreen_dnsbl_threshold = 2
postscreen_access_list =' "$postscreen_master"
sed -i '/^smtp *inet .*smtpd$/d' "$dir/master.cf"
no_dnsblog=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "postscreen DNSBL without dnsblog: a warning at the sites" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" postscreen_dnsbl_sites):[0-9]+: warning: postscreen .*dnsblog.*\[service-missing\]$" "$out"
with_dnsblog="$WORK/with_dnsblog"
cp -r "$no_dnsblog" "$with_dnsblog"
printf 'dnsblog   unix  -       -       n       -       0       dnsblog\n' >> "$with_dnsblog/master.cf"
out=$("$mfcc" --no-file-checks "$with_dnsblog" 2>&1)
no_code "postscreen DNSBL with dnsblog: fine" "$out" service-missing

# postscreen without the pass service it hands clients to (Debian ships "smtpd pass" commented
# out next to postscreen): an error at the postscreen entry.
config_dir_with '' 'smtp      inet  n       -       n       -       1       postscreen'
sed -i '/^smtp *inet .*smtpd$/d' "$dir/master.cf"
no_pass=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "postscreen without smtpd pass: an error at the postscreen entry" \
    "^$dir/master.cf:$(grep -n '^smtp .*postscreen$' "$dir/master.cf" | cut -d: -f1):1: error: postscreen .*pass service smtpd .*\[service-missing\]\$" "$out"
no_match "postscreen with smtpd pass (the DNSBL cases): no such error" "pass service smtpd" \
    "$("$mfcc" --no-file-checks "$with_dnsblog" 2>&1)"

if [ "$INSTANCE_ORACLE" = yes ]; then
    test_certificate
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    peer="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $peer_port $WORK/cert.pem $WORK/key.pem smtp"
    log=$(ORACLE_PEER="$peer" instance_log "$without" "$send" 'status=')
    expect_match "real smtp without tlsproxy defers the message" \
        'status=deferred \(Cannot start TLS: handshake failure\)' "$log"
    log=$(ORACLE_PEER="$peer" instance_log "$with" "$send" 'status=')
    expect_match "real smtp with tlsproxy delivers it over TLS" 'status=sent \(250 ok tls' "$log"
    log=$(ORACLE_PEER="$peer" instance_log "$clear" "$send" 'status=')
    expect_match "real smtp at the empty level delivers it in clear without tlsproxy" \
        'status=sent \(250 ok clear' "$log"
    log=$(ORACLE_PEER="$peer" instance_log "$legacy" "$send" 'status=')
    expect_match "real smtp with smtp_use_tls = yes defers it without tlsproxy" \
        'status=deferred \(Cannot start TLS: handshake failure\)' "$log"
    connect="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py connect"
    log=$(instance_log "$no_pass" "$connect" 'cannot connect to service')
    expect_match "real postscreen without smtpd pass cannot hand the client over" \
        'postscreen.*warning: cannot connect to service private/smtpd' "$log"
    log=$(instance_log "$no_dnsblog" "$connect" 'PASS NEW')
    expect_match "real postscreen without dnsblog cannot reach it" \
        'postscreen.*warning: .*connect to private/dnsblog service' "$log"
    expect_match "and lets the client pass unscored" 'postscreen.*PASS NEW' "$log"
fi
