# The SMTP client's TLS wrapper mode against the relay's port (client-wrapper-mode): port 465
# starts with TLS and needs smtp_tls_wrappermode = yes; port 587, 25 and MX delivery greet in
# plain text and fail with it. mfcc reports both at the setting to change, for the smtp service
# default_transport names. The oracle, in the same run where the host allows it (a peer on a
# port above 2500 stands for each kind of server): a whole instance relays one message to
# tls_peer.py; to a server that starts with TLS, real smtp without wrapper mode times out
# waiting for the greeting and keeps the message, and with it delivers over TLS; to a server
# that greets in plain text, smtp in wrapper mode fails the handshake and keeps the message.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'relayhost = [smtp.example.net]:465'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "port 465 without wrapper mode: exit 1" 1 "$?"
expect_match "port 465 without wrapper mode: an error at the relayhost" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" relayhost):13: error: relayhost \[smtp.example.net\]:465 is port 465 .*timed out while receiving the initial server greeting.*\[client-wrapper-mode\]$" "$out"

config_dir_with 'relayhost = [smtp.example.net]:submissions'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "the service name submissions is port 465 too" 'error: relayhost \[smtp.example.net\]:submissions is port 465' "$out"

config_dir_with 'relayhost = [smtp.example.net]:465
smtp_tls_wrappermode = yes
smtp_tls_security_level = encrypt'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "port 465 with wrapper mode: fine" "$out" client-wrapper-mode

config_dir_with 'relayhost = [smtp.example.net]:587
smtp_tls_wrappermode = yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "wrapper mode toward port 587: at the wrapper mode" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" smtp_tls_wrappermode)" client-wrapper-mode

config_dir_with 'smtp_tls_wrappermode = yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "wrapper mode without relayhost: every MX is port 25" \
    "error: smtp_tls_wrappermode = yes on service smtp/unix, which delivers to each domain's MX on port 25" "$out"

config_dir_with 'relayhost = [smtp.example.net]:587'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "port 587 without wrapper mode: fine" "$out" client-wrapper-mode

# Wrapper mode on a service default_transport does not name: not judged.
config_dir_with '' 'smtps-out unix -       -       n       -       -       smtp
  -o smtp_tls_wrappermode=yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "wrapper mode on another smtp service: not judged" "$out" client-wrapper-mode

if [ "$INSTANCE_ORACLE" = yes ]; then
    test_certificate
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    run_case() { # SETTINGS PEER_FLAGS: the instance log of one delivery
        port=$(free_port)
        config_dir_with "relayhost = [127.0.0.1]:$port
smtp_helo_timeout = 3s
$1"
        ORACLE_PEER="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $port $WORK/cert.pem $WORK/key.pem smtp $2" \
            instance_log "$dir" "$send" 'status='
    }
    log=$(run_case '' wrapped)
    expect_match "real smtp without wrapper mode, server starts with TLS: no greeting" \
        'timed out while receiving the initial server greeting' "$log"
    expect_match "and the message stays in the queue" 'status=deferred' "$log"
    log=$(run_case 'smtp_tls_wrappermode = yes
smtp_tls_security_level = encrypt' wrapped)
    expect_match "real smtp in wrapper mode, server starts with TLS: delivered over TLS" \
        'status=sent \(250 ok tls' "$log"
    log=$(run_case 'smtp_tls_wrappermode = yes
smtp_tls_security_level = encrypt' '')
    expect_match "real smtp in wrapper mode, server greets in plain text: kept" 'status=deferred' "$log"
fi
