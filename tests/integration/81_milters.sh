# Milter definitions Postfix cannot use (milter-definition). smtpd reads smtpd_milters, cleanup
# non_smtpd_milters; some mistakes make the program die, the others make it skip the Milter
# (451 4.3.5 at the default milter_default_action = tempfail). mfcc reports each at the element
# with Postfix's own words. The oracles, in the same run where the host allows it: real smtpd
# on one session logs those words for each bad element, and for each good one tries to connect
# to the Milter ("connect to Milter service ...": nothing listens there); real cleanup, in a
# whole instance, skips the bad element of non_smtpd_milters.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

# element | what Postfix logs (an extended regular expression)
while IFS='|' read -r element words; do
    config_dir_with "smtpd_milters = $element"
    out=$("$mfcc" --no-file-checks "$dir" 2>&1)
    expect_match "smtpd_milters = $element: an error with Postfix's words" \
        "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_milters):[0-9]+: error: smtpd_milters: .*$words.*\[milter-definition\]$" "$out"
    if [ "$SMTPD_ORACLE" = yes ]; then
        log=$(smtpd_log "$dir" 'EHLO client.example|QUIT')
        expect_match "real smtpd, smtpd_milters = $element: logs it" "smtpd.*$words" "$log"
    fi
done <<'CASES'
inet:127.0.0.1|fatal: 127\.0\.0\.1: garbage after numerical service
inet:127.0.0.1:88x1|fatal: 127\.0\.0\.1:88x1: garbage after numerical service
inet:[127.0.0.1]|fatal: \[127\.0\.0\.1\]: missing service information
inet:127.0.0.1:|fatal: 127\.0\.0\.1:: missing service information
inet:localhost|warning: host or service localhost not found
tcp:127.0.0.1:8891|warning: invalid transport name: tcp in Milter service: tcp:127\.0\.0\.1:8891
127.0.0.1:8891|warning: invalid transport name: 127\.0\.0\.1 in Milter service: 127\.0\.0\.1:8891
inet:|warning: Milter service needs transport:endpoint instead of "inet:"
{ inet:127.0.0.1:8891, default_action=acept }|warning: milter inet:127\.0\.0\.1:8891: unrecognized default action: acept
{ inet:127.0.0.1:8891, protocol=9 }|warning: milter inet:127\.0\.0\.1:8891: bad protocol information: 9
{ inet:127.0.0.1:8891, protocol=no_header_reply }|warning: milter inet:127\.0\.0\.1:8891: no protocol version information
{ inet:127.0.0.1:8891, connect_timeout=10x }|fatal: connect_timeout: bad time value or unit: 10x
{ inet:127.0.0.1:8891, command_timeout=0 }|fatal: invalid command_timeout: 0 \(min 1\)
{ inet:127.0.0.1:8891, Default_action=accept }|fatal: unknown option: "Default_action = accept"
{ inet:127.0.0.1:8891, default_action }|fatal: malformed option: missing '=' after attribute name
{ inet:127.0.0.1:8891, default_action= }|fatal: bad string length 0 < 1: default_action = 
{ }|fatal: empty milter definition: "\{ \}"
CASES

while IFS= read -r element; do
    config_dir_with "smtpd_milters = $element"
    out=$("$mfcc" --no-file-checks "$dir" 2>&1)
    no_code "smtpd_milters = $element: fine" "$out" milter-definition
    if [ "$SMTPD_ORACLE" = yes ]; then
        log=$(smtpd_log "$dir" 'EHLO client.example|QUIT')
        expect_match "real smtpd, smtpd_milters = $element: tries the Milter" \
            'warning: connect to Milter service' "$log"
        no_match "real smtpd, smtpd_milters = $element: no fatal error" 'fatal' "$log"
    fi
done <<'CASES'
inet:127.0.0.1:8891
inet:8891
inet:smtp
inet:[127.0.0.1]:8891
unix:/run/opendkim/opendkim.sock
local:/run/milter.sock
{inet:127.0.0.1:8891}
{ inet:127.0.0.1:8891 default_action=accept }
{ inet:127.0.0.1:8891, connect_timeout=10s, command_timeout=30s, content_timeout=5m, default_action=ACCEPT, protocol=6 }
{ inet:127.0.0.1:8891, { default_action = quarantine } }
CASES

# non_smtpd_milters is cleanup's; an -o on one smtpd service counts for that service; a list
# that nothing reads (no smtpd in master.cf) is not judged.
config_dir_with 'non_smtpd_milters = inet:localhost:8891 tcp:localhost:8892'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "non_smtpd_milters: judged for cleanup" \
    'error: non_smtpd_milters: cleanup never uses this Milter \("warning: invalid transport name: tcp' "$out"
expect_equal "non_smtpd_milters: only the bad element" 1 "$(printf '%s\n' "$out" | grep -c 'milter-definition')"
config_dir_with '' 'submission inet n       -       n       -       -       smtpd
  -o smtpd_milters=inet:127.0.0.1'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "an -o on the submission service: at the override" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" smtpd_milters=)" milter-definition
config_dir_with 'smtpd_milters = inet:127.0.0.1'
grep -v ' smtpd$' "$dir/master.cf" > "$dir/master.cf.new" && mv "$dir/master.cf.new" "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "no smtpd in master.cf: smtpd_milters not judged" "$out" milter-definition

if [ "$INSTANCE_ORACLE" = yes ]; then
    config_dir_with 'non_smtpd_milters = tcp:localhost:8892'
    non_smtpd=$dir
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test nobody@mx.example.test'
    log=$(instance_log "$non_smtpd" "$send" 'invalid transport name')
    expect_match "real cleanup skips the tcp: Milter of non_smtpd_milters" \
        'cleanup.*warning: invalid transport name: tcp in Milter service: tcp:localhost:8892' "$log"
    expect_match "and, at the default tempfail, holds the message back" \
        'cleanup.*milter-reject: .*4\.3\.5 Server configuration problem' "$log"
fi
