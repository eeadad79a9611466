# A mailbox size limit below the message size limit (mailbox-size-limit): local(8) refuses to
# start when mailbox_size_limit is not 0 and is smaller than message_size_limit, or when
# message_size_limit is 0 (no limit) while mailbox_size_limit is not; virtual(8) likewise with
# virtual_mailbox_limit. Every delivery through that agent is deferred until the mail expires.
# Judged for each local and virtual service of master.cf after its -o overrides; a warning while
# transport_maps is set, whose answers may send that mail elsewhere. The oracle, in
# the same run where the host allows it: a whole Postfix instance delivers one message to the
# local user nobody through mailbox_command, and real local(8) dies with "configuration error:
# mailbox_size_limit is smaller than message_size_limit" (or "is limited but message_size_limit
# is unlimited"), or delivers it where the limits are in order.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'message_size_limit = 60000000'
larger_message=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "message_size_limit above the default mailbox_size_limit: exit 1" 1 "$?"
expect_match "message_size_limit above mailbox_size_limit: an error at message_size_limit" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" message_size_limit):[0-9]+: error: local\(8\) will not start: mailbox_size_limit \(51200000\) is smaller than message_size_limit \(60000000\).*\[mailbox-size-limit\]$" "$out"

virtual_domains='virtual_mailbox_domains = example.net
virtual_mailbox_maps = hash:/etc/postfix/vmailbox
virtual_uid_maps = static:5000
virtual_gid_maps = static:5000'
config_dir_with "message_size_limit = 0
$virtual_domains"
unlimited_message=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "message_size_limit = 0 with a mailbox limit: an error for local and virtual" \
    "error: local\(8\) will not start: mailbox_size_limit is limited \(51200000\) but message_size_limit is unlimited \(0\)" "$out"
expect_match "message_size_limit = 0: virtual(8) too" \
    "error: virtual\(8\) will not start: virtual_mailbox_limit is limited \(51200000\) but message_size_limit is unlimited \(0\)" "$out"

config_dir_with 'message_size_limit = 0
mailbox_size_limit = 0
virtual_mailbox_limit = 0'
in_order=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "no limit anywhere: fine" "$out" mailbox-size-limit

config_dir_with 'mailbox_size_limit = 1000000'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "mailbox_size_limit below the default message_size_limit: at mailbox_size_limit" "$out" \
    "$dir/main.cf" "$(line_of "$dir/main.cf" mailbox_size_limit)" mailbox-size-limit

config_dir_with 'virtual_mailbox_limit = 20000000
message_size_limit = 20000000'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "equal limits: fine" "$out" mailbox-size-limit

# The -o of one service counts for that service only; a service that master.cf does not run is
# not judged.
config_dir_with 'local_transport = local2
message_size_limit = 60000000
mailbox_size_limit = 60000000
virtual_mailbox_limit = 60000000' 'local2    unix  -       n       n       -       -       local
  -o mailbox_size_limit=1000'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "an -o on a second local service: at the override" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" mailbox_size_limit=1000)" mailbox-size-limit
config_dir_with "virtual_mailbox_limit = 1000
$virtual_domains"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "virtual(8) delivering virtual_mailbox_domains: judged" \
    'error: virtual\(8\) will not start: virtual_mailbox_limit \(1000\) is smaller than message_size_limit \(10240000\)' "$out"
grep -v '^virtual ' "$dir/master.cf" > "$dir/master.cf.new" && mv "$dir/master.cf.new" "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "virtual not in master.cf: its limit is not judged" "$out" mailbox-size-limit
config_dir_with "virtual_mailbox_limit = 1000
$virtual_domains
virtual_transport = lmtp:unix:private/dovecot-lmtp"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "virtual_transport is LMTP: virtual(8) gets no mail, its limit is not judged" "$out" mailbox-size-limit
config_dir_with 'virtual_mailbox_limit = 1000'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "no virtual_mailbox_domains: virtual(8) gets no mail" "$out" mailbox-size-limit
config_dir_with "virtual_mailbox_limit = 1000
$virtual_domains
transport_maps = hash:/etc/postfix/transport"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "transport_maps set: it may send that mail elsewhere, a warning" \
    'warning: virtual\(8\) will not start: virtual_mailbox_limit \(1000\) .*until it expires \(unless transport_maps sends that mail to another transport\) \(set virtual_mailbox_limit' "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test nobody@mx.example.test'
    for state in larger_message unlimited_message in_order; do
        eval "state_dir=\$$state"
        printf 'mailbox_command = /bin/cat\n' >> "$state_dir/main.cf"
    done
    log=$(instance_log "$larger_message" "$send" 'configuration error')
    expect_match "real local(8), mailbox limit below the message limit: refuses to start" \
        'local.*fatal: configuration error: mailbox_size_limit is smaller than message_size_limit' "$log"
    log=$(instance_log "$unlimited_message" "$send" 'configuration error')
    expect_match "real local(8), message_size_limit = 0: refuses to start" \
        'local.*fatal: configuration error: mailbox_size_limit is limited but message_size_limit is unlimited' "$log"
    log=$(instance_log "$in_order" "$send" 'status=')
    expect_match "real local(8), no limits: delivers" \
        'to=<nobody@mx.example.test>.*status=sent \(delivered to command: /bin/cat\)' "$log"
fi
