# The SMTP client's TLS wrapper mode against the relay's port (client-wrapper-mode): port 465
# starts with TLS and needs smtp_tls_wrappermode = yes; port 587, 25 and MX delivery greet in
# plain text and fail with it. mfcc reports both at the setting to change, for the smtp service
# default_transport names, and at the table line for the next hops of transport_maps (through
# the smtp service each answer names) and sender_dependent_relayhost_maps. The oracle, in the same run where the host allows it (a peer on a
# port above 2500 stands for each kind of server): a whole instance relays one message to
# tls_peer.py; to a server that starts with TLS, real smtp without wrapper mode times out
# waiting for the greeting and keeps the message, and with it delivers over TLS; to a server
# that greets in plain text, smtp in wrapper mode fails the handshake and keeps the message; a
# transport_maps route and a sender-dependent relayhost to a server that starts with TLS time
# out the same way, and a transport in wrapper mode delivers over TLS.
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

# smtp looks a port name up in known_tcp_ports before /etc/services (the instance below shows
# it), as its own parameters say: main.cf's, or the service's -o.
config_dir_with 'known_tcp_ports = lmtp=24, smtp=25, mfsecure=465
relayhost = [smtp.example.net]:mfsecure'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a port name known_tcp_ports maps to 465 is port 465" \
    'error: relayhost \[smtp.example.net\]:mfsecure is port 465' "$out"
config_dir_with 'relayhost = [smtp.example.net]:smtp' 'smtp      unix  -       -       n       -       -       smtp
  -o known_tcp_ports=smtp=465'
sed -i '/^smtp      unix  -       -       y/d' "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a service's -o known_tcp_ports is the one its smtp reads" \
    'error: relayhost \[smtp.example.net\]:smtp is port 465' "$out"

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

# The next hops of transport_maps, for the smtp service each answer names, and of
# sender_dependent_relayhost_maps, for the one default_transport names: at the table line.
smtps='smtps     unix  -       -       n       -       -       smtp
  -o smtp_tls_wrappermode=yes
  -o smtp_tls_security_level=encrypt'
config_dir_with "transport_maps = texthash:$WORK/transport
sender_dependent_relayhost_maps = texthash:$WORK/relays" "$smtps"
printf 'a.example smtp:[smtp.example.net]:465\nb.example smtps:[smtp.example.net]:465\nc.example smtps:[smtp.example.net]:587\nd.example smtp:[smtp.example.net]:587\n' > "$WORK/transport"
printf 'u@a.example [smtp.example.net]:465\nu@b.example [smtp.example.net]:587\n' > "$WORK/relays"
out=$("$mfcc" "$dir" 2>&1)
expect_match "transport_maps: port 465 through smtp without wrapper mode, at the table line" \
    "^$WORK/transport:1:[0-9]+: error: transport_maps texthash:$WORK/transport: key \"a.example\": next hop \[smtp.example.net\]:465 is port 465 .*service smtp/unix.*\[client-wrapper-mode\]\$" "$out"
expect_verdict "transport_maps: port 465 through smtps in wrapper mode" "$out" "$WORK/transport" 2 none client-wrapper-mode
expect_match "transport_maps: port 587 through smtps in wrapper mode, at the table line" \
    "^$WORK/transport:3:[0-9]+: error: .*smtp_tls_wrappermode = yes on service smtps/unix, but next hop \[smtp.example.net\]:587 is port 587" "$out"
expect_verdict "transport_maps: port 587 through smtp" "$out" "$WORK/transport" 4 none client-wrapper-mode
expect_match "sender_dependent_relayhost_maps: port 465 through smtp, at the table line" \
    "^$WORK/relays:1:[0-9]+: error: sender_dependent_relayhost_maps texthash:$WORK/relays: key \"u@a.example\": next hop \[smtp.example.net\]:465 is port 465" "$out"
expect_verdict "sender_dependent_relayhost_maps: port 587 through smtp" "$out" "$WORK/relays" 2 none client-wrapper-mode

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
    # table SETTING_AND_FILE ANSWER MASTER: one delivery to a peer that starts with TLS, routed
    # by a table whose only entry answers ANSWER (PORT stands for the peer's port).
    table_case() {
        port=$(free_port)
        config_dir_with "$1
smtp_helo_timeout = 3s" "${3:-}"
        sed -i "s|TABLE|$dir/table|" "$dir/main.cf"
        printf '%s\n' "$2" | sed "s|PORT|$port|" > "$dir/table"
        ORACLE_PEER="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $port $WORK/cert.pem $WORK/key.pem smtp wrapped" \
            instance_log "$dir" "$send" 'status='
    }
    log=$(table_case 'transport_maps = texthash:TABLE' 'peer.example.test smtp:[127.0.0.1]:PORT')
    expect_match "real smtp, a transport_maps route to a server that starts with TLS: no greeting" \
        'timed out while receiving the initial server greeting' "$log"
    log=$(table_case 'transport_maps = texthash:TABLE' 'peer.example.test smtps:[127.0.0.1]:PORT' "$smtps")
    expect_match "real smtps in wrapper mode, the same route: delivered over TLS" \
        'status=sent \(250 ok tls' "$log"
    log=$(table_case 'sender_dependent_relayhost_maps = texthash:TABLE' 'a@mx.example.test [127.0.0.1]:PORT')
    expect_match "real smtp, a sender-dependent relayhost that starts with TLS: no greeting" \
        'timed out while receiving the initial server greeting' "$log"
    port=$(free_port)
    config_dir_with "known_tcp_ports = lmtp=24, smtp=25, mfpeer=$port
relayhost = [127.0.0.1]:mfpeer
smtp_helo_timeout = 3s"
    log=$(ORACLE_PEER="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $port $WORK/cert.pem $WORK/key.pem smtp wrapped" \
        instance_log "$dir" "$send" 'status=')
    expect_match "real smtp finds the next hop's port name in known_tcp_ports" \
        'timed out while receiving the initial server greeting' "$log"
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
