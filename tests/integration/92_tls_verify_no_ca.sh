# An SMTP client that must verify servers but trusts no CA (tls-verify-no-ca): at levels verify
# and secure (and the legacy smtp_enforce_tls = yes, which is verify) smtp needs
# smtp_tls_CAfile or smtp_tls_CApath; with neither, Postfix loads no CA and verifies no server.
# mfcc reports it at the setting that asks for the level. The oracle, in the same run where
# the host allows it: a whole instance relays to tls_peer.py at level secure; without a CA real
# smtp defers the message ("Server certificate not verified"), with the peer's certificate as
# smtp_tls_CAfile it delivers over a verified connection.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
port=$(free_port)
secure="relayhost = [127.0.0.1]:$port
smtp_tls_security_level = secure
smtp_tls_secure_cert_match = nexthop"

config_dir_with "$secure"
no_ca=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "level secure without a CA: exit 1" 1 "$?"
expect_match "level secure without a CA: an error at the level" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_tls_security_level):[0-9]+: error: smtp_tls_security_level = secure on service smtp/unix, but neither smtp_tls_CAfile, smtp_tls_CApath nor smtp_tls_trust_anchor_file is set: .*\[tls-verify-no-ca\]\$" "$out"
expect_equal "reported once for the smtp and relay services alike" 1 \
    "$(printf '%s\n' "$out" | grep -c 'tls-verify-no-ca')"

config_dir_with "$secure
smtp_tls_CAfile = $WORK/cert.pem"
with_ca=$dir
no_code "level secure with smtp_tls_CAfile: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    tls-verify-no-ca
config_dir_with 'smtp_tls_security_level = verify
smtp_tls_CApath = /etc/ssl/certs'
no_code "level verify with smtp_tls_CApath: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    tls-verify-no-ca
config_dir_with 'smtp_tls_security_level = secure
smtp_tls_trust_anchor_file = /etc/postfix/anchors.pem'
no_code "level secure with smtp_tls_trust_anchor_file: fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" tls-verify-no-ca
config_dir_with 'smtp_tls_security_level = may'
no_code "level may without a CA: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" tls-verify-no-ca

config_dir_with 'smtp_enforce_tls = yes'
expect_match "legacy smtp_enforce_tls = yes (verify) without a CA: at the switch" \
    "error: smtp_enforce_tls = yes \(level verify\) on service smtp/unix" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"
config_dir_with 'smtp_enforce_tls = yes
smtp_tls_enforce_peername = no'
no_code "legacy smtp_enforce_tls = yes without peer name checks (encrypt): fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" tls-verify-no-ca

config_dir_with '' 'relay2    unix  -       -       n       -       -       smtp
  -o smtp_tls_security_level=verify'
expect_diag "an -o on one smtp service: at the override" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    "$dir/master.cf" "$(line_of "$dir/master.cf" smtp_tls_security_level=verify)" tls-verify-no-ca

if [ "$INSTANCE_ORACLE" = yes ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
        -days 30 -subj /CN=127.0.0.1 -addext "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1" 2> /dev/null
    chmod 644 "$WORK/key.pem"
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    peer="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $port $WORK/cert.pem $WORK/key.pem smtp"
    log=$(ORACLE_PEER="$peer" instance_log "$no_ca" "$send" 'status=')
    expect_match "real smtp at level secure without a CA defers the message" \
        'status=deferred \(Server certificate not verified\)' "$log"
    log=$(ORACLE_PEER="$peer" instance_log "$with_ca" "$send" 'status=')
    expect_match "real smtp with the CA verifies the server" 'Verified TLS connection established' "$log"
    expect_match "and delivers" 'status=sent \(250 ok tls' "$log"
fi
