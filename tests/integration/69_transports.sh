# Transports master.cf does not run (transport-not-in-master): content_filter, relay_transport and
# the other transport parameters name a service that qmgr reaches at private/NAME. mfcc reports
# an error where the transport is in use, a warning where its class lists no domain, and nothing
# where master.cf has the private unix service. The oracle, in the same run where the host allows
# it: a whole Postfix instance gets one message for a relay domain, and qmgr defers it with
# "mail transport unavailable" when relay2 is missing or public, and not when it is there.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

relay='relay_domains = relay.test
relay_transport = relay2'

config_dir_with "$relay"
missing=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "relay_transport without its service: exit 1" 1 "$?"
expect_match "relay_transport without its service: an error at its value" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" relay_transport):[0-9]+: error: relay_transport names transport relay2, which master.cf does not run .*\[transport-not-in-master\]$" "$out"

config_dir_with "$relay" 'relay2    unix  n       -       n       -       -       smtp'
public=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a public relay2 service: an error that says why" \
    "error: relay_transport names transport relay2, but master.cf's relay2 service is public .*\[transport-not-in-master\]$" "$out"

config_dir_with "$relay" 'relay2    unix  -       -       n       -       -       smtp'
present=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "relay2 in master.cf: no finding" "$out" transport-not-in-master

config_dir_with 'relay_transport = relay2'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "relay_transport unused (relay_domains empty): exit 0" 0 "$?"
expect_match "relay_transport unused: a warning" \
    "warning: relay_transport names transport relay2, .*not in use now \(relay_domains is empty\) \[transport-not-in-master\]$" "$out"

# content_filter, in main.cf and as a service's -o, with a next-hop.
config_dir_with 'content_filter = smtp-amavis:[127.0.0.1]:10024'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "content_filter without smtp-amavis" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" content_filter)" transport-not-in-master
config_dir_with '' 'submission inet n       -       n       -       -       smtpd
  -o content_filter=scan:[127.0.0.1]:10025'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "-o content_filter of a missing transport" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" content_filter=scan)" transport-not-in-master

# Debian's own main.cf and master.cf: every transport is there.
config_dir_with ''
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "Debian's master.cf: no finding" "$out" transport-not-in-master

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@relay.test'
    for state in missing public present; do
        eval "state_dir=\$$state"
        log=$(instance_log "$state_dir" "$send" 'status=')
        if [ "$state" = present ]; then
            if printf '%s\n' "$log" | grep -q 'mail transport unavailable'; then
                fail_case "real qmgr with relay2 in master.cf: delivered through it" "$log"
            else
                expect_match "real qmgr with relay2 in master.cf: delivered through it" \
                    'relay=|status=' "$log"
            fi
        else
            expect_match "real qmgr, relay2 $state: mail transport unavailable" \
                'to=<u@relay.test>.*status=deferred \(mail transport unavailable\)' "$log"
        fi
    done
fi
