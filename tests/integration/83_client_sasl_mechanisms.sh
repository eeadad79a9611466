# SMTP client authentication whose security options rule out PLAIN and LOGIN
# (client-sasl-plaintext-refused): Postfix's default smtp_sasl_security_options, noplaintext,
# noanonymous, which the TLS variants inherit, leaves smtp no mechanism that most relays offer.
# mfcc warns at the options where they are set, at smtp_sasl_auth_enable where the default is in
# force, and reads the TLS variant at TLS levels may and above. The oracle, in the same run where
# the host allows it: a whole Postfix instance relays one message to tls_peer.py, which offers
# AUTH PLAIN LOGIN only; real smtp logs "no mechanism available" and keeps the message with the
# default options, and authenticates with smtp_sasl_security_options = noanonymous.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
peer_port=$(free_port)

# setup SETTINGS: main.cf relaying to the peer with credentials for it, plus SETTINGS.
setup() {
    config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = hash:$WORK/placeholder
$1"
    sed -i "s|hash:$WORK/placeholder|hash:$dir/sasl_passwd|" "$dir/main.cf"
    printf '[127.0.0.1]:%s user:secret\n' "$peer_port" > "$dir/sasl_passwd"
    postmap -c "$dir" "hash:$dir/sasl_passwd"
}

setup ''
defaults=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "default options: a warning, exit 0" 0 "$?"
expect_match "default options: at smtp_sasl_auth_enable" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_sasl_auth_enable):[0-9]+: warning: smtp_sasl_security_options = noplaintext, noanonymous rules out PLAIN and LOGIN.*\[client-sasl-plaintext-refused\]$" "$out"

setup 'smtp_sasl_security_options = noanonymous'
fixed=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "smtp_sasl_security_options = noanonymous: fine" "$out" client-sasl-plaintext-refused

setup 'smtp_tls_security_level = encrypt
smtp_sasl_security_options = noanonymous
smtp_sasl_tls_security_options = noplaintext'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "level encrypt reads the TLS options: at smtp_sasl_tls_security_options" "$out" \
    "$dir/main.cf" "$(line_of "$dir/main.cf" smtp_sasl_tls_security_options)" client-sasl-plaintext-refused

setup 'smtp_tls_security_level = none
smtp_sasl_security_options = noanonymous
smtp_sasl_tls_security_options = noplaintext'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "level none: the TLS options are not used" "$out" client-sasl-plaintext-refused

# Without a level, smtp_enforce_tls = yes is level verify (encrypt with
# smtp_tls_enforce_peername = no), as smtp(8) reads the legacy switches.
legacy_options='smtp_enforce_tls = yes
smtp_sasl_security_options = noanonymous
smtp_sasl_tls_security_options = noanonymous
smtp_sasl_tls_verified_security_options = noplaintext'
setup "$legacy_options"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "smtp_enforce_tls = yes reads the verified options" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" smtp_sasl_tls_verified_security_options)" client-sasl-plaintext-refused
setup "$legacy_options
smtp_tls_enforce_peername = no"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "smtp_enforce_tls = yes without peername checks: level encrypt, not verified" "$out" \
    client-sasl-plaintext-refused

config_dir_with 'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "no client authentication: the options do not matter" "$out" client-sasl-plaintext-refused

if [ "$INSTANCE_ORACLE" = yes ]; then
    test_certificate
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    peer="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $peer_port $WORK/cert.pem $WORK/key.pem smtp auth"
    log=$(ORACLE_PEER="$peer" instance_log "$defaults" "$send" 'status=')
    expect_match "real smtp with the default options: no mechanism available" \
        'SASL authentication failed; cannot authenticate to server .*no mechanism available' "$log"
    expect_match "and the message stays in the queue" 'status=deferred' "$log"
    log=$(ORACLE_PEER="$peer" instance_log "$fixed" "$send" 'status=')
    expect_match "real smtp with noanonymous: it authenticates" 'status=sent \(250 ok clear auth\)' "$log"
fi
