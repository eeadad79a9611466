# UNIX-domain sockets that a chrooted daemon names by their path outside the chroot
# (chroot-socket-path). Debian's master.cf chroots smtpd, cleanup and lmtp in queue_directory:
# a path that starts with queue_directory is an error (the daemon looks for it below
# queue_directory a second time), any other absolute path a note, or with --host-checks an
# error when its directory is absent inside the chroot; relative paths and services with
# chroot n are fine. The oracle, in the same run where the host allows it: whole Postfix
# instances with master.cf's chroot fields kept, and socket_peer.py listening at the path: the
# chrooted daemons log "No such file or directory" (smtpd for a Milter, a policy server and
# Dovecot SASL; lmtp defers the mail), while a relative path and an unchrooted smtpd reach the
# socket.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
chmod 755 "$WORK"

# setup SETTINGS: main.cf with queue_directory DIR/queue and SETTINGS, where QUEUE stands for
# that directory; Debian's master.cf.
setup() {
    config_dir_with "queue_directory = QUEUE
$1"
    sed -i "s|QUEUE|$dir/queue|g" "$dir/main.cf"
    mkdir -p "$dir/queue"
}

setup 'smtpd_milters = { unix:QUEUE/milter.sock, connect_timeout=10s }'
below_queue=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "a Milter below queue_directory: exit 1" 1 "$?"
expect_match "a Milter below queue_directory: an error at the element, with the relative name" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_milters):19: error: smtpd_milters: unix:$dir/queue/milter.sock is opened by smtpd \(master.cf service smtp/inet\) chrooted in $dir/queue, as $dir/queue$dir/queue/milter.sock; .*name it relative to queue_directory \(unix:milter.sock\) \[chroot-socket-path\]\$" "$out"

setup 'smtpd_milters = unix:milter.sock'
relative=$dir
no_code "a Milter relative to queue_directory: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    chroot-socket-path

setup "smtpd_milters = { unix:$WORK/milter.sock, default_action=accept }"
elsewhere=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "a Milter elsewhere: exit 0" 0 "$?"
expect_match "a Milter elsewhere: a note naming the path inside the chroot and the action" \
    "^$dir/main.cf:[0-9]+:[0-9]+: note: smtpd_milters: unix:$WORK/milter.sock .* as $dir/queue$WORK/milter.sock; unless it is there .*passes without this Milter \(its default_action = accept\).*\[chroot-socket-path\]\$" "$out"

# The same with smtpd unchrooted: nothing to say.
cp -r "$elsewhere" "$WORK/unchrooted"
unchrooted="$WORK/unchrooted"
sed -i 's/^\(smtp      inet  n       -       \)y/\1n/' "$unchrooted/master.cf"
no_code "a Milter elsewhere, smtpd with chroot n: fine" \
    "$("$mfcc" --no-file-checks "$unchrooted" 2>&1)" chroot-socket-path

# chroot `-` means y below compatibility_level 1.
setup 'smtpd_milters = unix:QUEUE/milter.sock'
sed -i 's/^compatibility_level = .*/compatibility_level = 0/; s/^\(smtp      inet  n       -       \)y/\1-/' \
    "$dir/main.cf" "$dir/master.cf"
expect_diag "chroot - at compatibility_level 0: chrooted" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    "$dir/main.cf" "$(line_of "$dir/main.cf" smtpd_milters)" chroot-socket-path
sed -i 's/^compatibility_level = .*/compatibility_level = 3.6/' "$dir/main.cf"
no_code "chroot - at compatibility_level 3.6: not chrooted" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" chroot-socket-path

# cleanup reads non_smtpd_milters.
setup 'non_smtpd_milters = local:QUEUE/milter.sock'
expect_match "non_smtpd_milters below queue_directory: an error for cleanup" \
    "error: non_smtpd_milters: local:$dir/queue/milter.sock is opened by cleanup .*\(local:milter.sock\)" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

setup 'smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service unix:QUEUE/policy.sock'
policy=$dir
expect_match "a policy server below queue_directory: an error at its argument" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" check_policy_service):80: error: check_policy_service: unix:$dir/queue/policy.sock .*\"451 4.3.5 Server configuration problem\".*\[chroot-socket-path\]\$" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

setup 'smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = QUEUE/auth.sock'
dovecot=$dir
expect_match "Dovecot SASL below queue_directory: an error at smtpd_sasl_path" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_sasl_path):[0-9]+: error: smtpd_sasl_path: .*no SASL authentication mechanisms.*\(auth.sock\) \[chroot-socket-path\]\$" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"
setup 'smtpd_sasl_type = dovecot
smtpd_sasl_path = QUEUE/auth.sock'
no_code "Dovecot SASL path without smtpd_sasl_auth_enable: not used" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" chroot-socket-path

setup 'mailbox_transport = lmtp:unix:QUEUE/lmtp.sock'
lmtp=$dir
expect_match "an LMTP next hop below queue_directory: an error for lmtp" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" mailbox_transport):[0-9]+: error: mailbox_transport: lmtp:unix:$dir/queue/lmtp.sock is opened by lmtp \(master.cf service lmtp/unix\) .*defers that mail.*\(lmtp:unix:lmtp.sock\) \[chroot-socket-path\]\$" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

setup "transport_maps = texthash:$WORK/transport"
printf 'example.com lmtp:unix:%s/queue/lmtp.sock\n' "$dir" > "$WORK/transport"
expect_diag "a transport_maps answer below queue_directory: at the table line" \
    "$("$mfcc" "$dir" 2>&1)" "$WORK/transport" 1 chroot-socket-path

# --host-checks looks inside the chroot (under --sysroot): the socket's directory there.
root="$WORK/root"
setup 'smtpd_milters = unix:/run/opendkim/opendkim.sock'
mkdir -p "$root$dir/queue"
out=$("$mfcc" --no-file-checks --host-checks --sysroot "$root" "$dir" 2>&1)
expect_match "--host-checks, the directory absent inside the chroot: an error" \
    "error: smtpd_milters: unix:/run/opendkim/opendkim.sock .* and $dir/queue/run/opendkim does not exist; .*\[chroot-socket-path\]\$" "$out"
mkdir -p "$root$dir/queue/run/opendkim"
no_code "--host-checks, the directory present inside the chroot: fine" \
    "$("$mfcc" --no-file-checks --host-checks --sysroot "$root" "$dir" 2>&1)" chroot-socket-path

if [ "$INSTANCE_ORACLE" = yes ]; then
    peer="/usr/bin/python3 $MF_TOP/tests/integration/socket_peer.py"
    rcpt="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py rcpt"
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test root@mx.example.test'
    # oracle DIR SOCKET ACTION UNTIL: the instance's log, socket_peer.py listening at SOCKET.
    oracle() {
        ORACLE_CHROOT=keep ORACLE_PEER="$peer $2" instance_log "$1" "$3" "$4"
    }
    log=$(oracle "$below_queue" "$below_queue/queue/milter.sock" "$rcpt" 'milter-reject: MAIL')
    expect_match "real chrooted smtpd cannot reach a Milter named below queue_directory" \
        "warning: connect to Milter service unix:$below_queue/queue/milter.sock: No such file or directory" "$log"
    expect_match "and answers 451 4.7.1" "MAIL: \(451, b'4.7.1 Service unavailable" "$log"
    log=$(oracle "$relative" "$relative/queue/milter.sock" "$rcpt" 'milter-reject: MAIL')
    expect_match "real chrooted smtpd reaches it by the relative name" \
        'milter unix:milter.sock: read error in initial handshake' "$log"
    log=$(oracle "$elsewhere" "$WORK/milter.sock" "$rcpt" 'RCPT from')
    expect_match "real chrooted smtpd cannot reach a Milter elsewhere" \
        "connect to Milter service unix:$WORK/milter.sock: No such file or directory" "$log"
    log=$(oracle "$unchrooted" "$WORK/milter.sock" "$rcpt" 'RCPT from')
    expect_match "real unchrooted smtpd reaches it" \
        "milter unix:$WORK/milter.sock: read error in initial handshake" "$log"
    log=$(oracle "$policy" "$policy/queue/policy.sock" "$rcpt" 'reject: RCPT')
    expect_match "real chrooted smtpd cannot reach the policy server" \
        "problem talking to server $policy/queue/policy.sock: No such file or directory" "$log"
    log=$(oracle "$dovecot" "$dovecot/queue/auth.sock" "$rcpt" 'fatal')
    expect_match "real chrooted smtpd cannot reach Dovecot SASL" \
        "Connect to Dovecot auth socket '$dovecot/queue/auth.sock' failed: No such file or directory" "$log"
    expect_match "and stops" 'fatal: no SASL authentication mechanisms' "$log"
    log=$(oracle "$lmtp" "$lmtp/queue/lmtp.sock" "$send" 'status=')
    expect_match "real chrooted lmtp defers the mail" \
        "status=deferred \(connect to mx.example.test\[$lmtp/queue/lmtp.sock\]: No such file or directory\)" "$log"
fi
