# Transports master.cf does not run (transport-not-in-master): content_filter, relay_transport and
# the other transport parameters name a service that qmgr reaches at private/NAME. mfcc reports
# an error where the transport is in use, a warning where its class lists no domain, and nothing
# where master.cf has the private unix service; the same for the transports that transport tables
# and FILTER actions name, at their table line. The oracle, in the same run where the host allows
# it: a whole Postfix instance gets one message for a relay domain, and qmgr defers it with
# "mail transport unavailable" when relay2 (of relay_transport or of transport_maps) is missing or
# public, and not when it is there.
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

# A trimmed master.cf without virtual: virtual_transport at its default, with no virtual
# domains, names a transport that gets no mail; nothing to say. Set by hand: the warning.
config_dir_with ''
grep -v '^virtual ' "$dir/master.cf" > "$dir/master.cf.new" && mv "$dir/master.cf.new" "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "virtual_transport at its default, not in use, no virtual service: nothing" "$out" transport-not-in-master
printf 'virtual_transport = virtual\n' >> "$dir/main.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "virtual_transport set by hand, not in use, no virtual service: a warning" \
    "warning: virtual_transport names transport virtual, .*not in use now \(virtual_mailbox_domains is empty\) \[transport-not-in-master\]$" "$out"

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

# The answers of transport_maps and sender_dependent_default_transport_maps name transports,
# and so do FILTER actions of access tables and header_checks: each must run, reported at the
# table's line.
printf 'relay.test relay2:[192.0.2.1]\nok.test smtp:[192.0.2.2]\nnexthop.test :[192.0.2.3]\nlocal.test local:\n' \
    > "$WORK/transport"
printf 'a@example.test relay3\n' > "$WORK/sender_transport"
printf 'scan.test FILTER scanner:[127.0.0.1]:10025\nok.test FILTER smtp:[127.0.0.1]:10026\n' > "$WORK/access"
printf '/^X-Scan:/ FILTER scanner2:[127.0.0.1]:10027\n' > "$WORK/header_checks"
config_dir_with "transport_maps = hash:$WORK/transport
sender_dependent_default_transport_maps = hash:$WORK/sender_transport
smtpd_sender_restrictions = check_sender_access hash:$WORK/access
header_checks = regexp:$WORK/header_checks"
table_missing=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "transport_maps: relay2 missing, at the table's line and column" \
    "^$WORK/transport:1:12: error: transport_maps hash:$WORK/transport: key \"relay.test\": transport relay2, which master.cf does not run .*\[transport-not-in-master\]\$" "$out"
expect_equal "transport_maps: smtp, an empty transport and local are there" "" \
    "$(printf '%s\n' "$out" | grep "^$WORK/transport:[234]:")"
expect_diag "sender_dependent_default_transport_maps: relay3 missing" "$out" "$WORK/sender_transport" 1 transport-not-in-master
expect_diag "access table FILTER to a missing transport" "$out" "$WORK/access" 1 transport-not-in-master
no_match "access table FILTER to smtp is fine" "^$WORK/access:2:" "$out"
expect_diag "header_checks FILTER to a missing transport" "$out" "$WORK/header_checks" 1 transport-not-in-master

# Per-transport parameters (<transport>_destination_concurrency_limit and the like) are the
# queue manager's: a bad one in main.cf is an error, as qmgr dies on it when mail first goes
# through that transport; as an -o of the transport's own service it reaches only the delivery
# agent, which does not read it: a warning that it has no effect.
config_dir_with "$relay
relay2_destination_concurrency_limit = abc" 'relay2    unix  -       -       n       -       -       smtp'
per_transport_main=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "relay2_destination_concurrency_limit = abc in main.cf: an error" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" relay2_destination_concurrency_limit)" bad-integer
config_dir_with "$relay" 'relay2    unix  -       -       n       -       -       smtp
  -o relay2_destination_concurrency_limit=abc'
per_transport_override=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "... as an -o of relay2 itself: exit 0" 0 "$?"
expect_match "... a warning that says qmgr reads it and the -o has no effect" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" relay2_destination):[0-9]+: warning: .*only oqmgr and qmgr read relay2_destination_concurrency_limit, and service relay2/unix is not oqmgr or qmgr, so this -o has no effect \[bad-integer\]\$" "$out"

# Debian's own main.cf and master.cf: every transport is there.
config_dir_with ''
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "Debian's master.cf: no finding" "$out" transport-not-in-master

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@relay.test'
    postmap -c "$table_missing" "hash:$WORK/transport" "hash:$WORK/sender_transport" "hash:$WORK/access"
    log=$(instance_log "$table_missing" "$send" 'status=')
    expect_match "real qmgr, transport_maps naming a missing relay2: mail transport unavailable" \
        'to=<u@relay.test>.*status=deferred \(mail transport unavailable\)' "$log"
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
    log=$(instance_log "$per_transport_main" "$send" 'fatal:|status=')
    expect_match "real qmgr dies on relay2_destination_concurrency_limit = abc in main.cf" \
        'qmgr.*fatal: .*relay2_destination_concurrency_limit' "$log"
    log=$(instance_log "$per_transport_override" "$send" 'fatal:|status=')
    expect_match "real Postfix with -o relay2_destination_concurrency_limit=abc: mail goes through relay2" \
        'relay=|status=' "$log"
    # (master's own "fatal: master_sigdeath" when the instance is stopped is not a refusal)
    no_match "... and neither qmgr nor smtp refuses it" \
        'postfix/(qmgr|smtp)\[[0-9]+\]: (fatal|panic):' "$log"
fi

# local(8)'s fallback_transport, for recipients without a passwd entry: local hands every
# recipient to mailbox_transport, when that is set, before it would look the user up, so the
# fallback is then never used (a warning); without it, local passes unknown users to the
# fallback and defers them while it cannot connect to private/NAME. Real local, in a whole
# instance, is the oracle for both.
lists='lists     unix  -       n       n       -       -       pipe
  flags=FR user=nobody argv=/usr/bin/logger -t lists -- ${user}'
config_dir_with 'fallback_transport = nosuch
mailbox_transport = lists' "$lists"
fallback_unused=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "fallback_transport of a missing service under mailbox_transport: exit 0" 0 "$?"
expect_match "... a warning that says why it is never used" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" fallback_transport):[0-9]+: warning: fallback_transport names transport nosuch, .*not in use now \(local hands every recipient to mailbox_transport before it would fall back\) \[transport-not-in-master\]$" "$out"
config_dir_with 'fallback_transport = nosuch' "$lists"
fallback_used=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "fallback_transport of a missing service: an error, local defers" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" fallback_transport):[0-9]+: error: fallback_transport names transport nosuch, .*local defers that mail \(it cannot connect to private/nosuch\) \[transport-not-in-master\]$" "$out"
if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test nosuchuser@mx.example.test'
    expect_match "real local: an unknown user goes to mailbox_transport, not to the fallback" \
        'to=<nosuchuser@mx.example.test>, relay=lists, .*status=sent' \
        "$(instance_log "$fallback_unused" "$send" 'status=')"
    expect_match "real local: without mailbox_transport, it passes the unknown user to the missing fallback" \
        'local\[[0-9]+\]: warning: connect #1 to subsystem private/nosuch' \
        "$(instance_log "$fallback_used" "$send" 'private/nosuch|status=')"
else
    pass "real local: fallback_transport under mailbox_transport # skipped: needs root and unshare"
    pass "real local: fallback_transport without mailbox_transport # skipped: needs root and unshare"
fi
