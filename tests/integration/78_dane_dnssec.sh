# TLS level dane without DNSSEC lookups (dane-without-dnssec): smtp uses DANE only with
# smtp_dns_support_level = dnssec; otherwise it falls back to opportunistic TLS at level dane (a
# warning) and defers every message at dane-only (an error). The oracle, in the same run where
# the host allows it: a whole Postfix instance relays one message to tls_peer.py; real smtp logs
# "dane configured with dnssec lookups disabled" both times, delivers over plain opportunistic
# TLS at level dane, and defers at dane-only.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
peer_port=$(free_port)

config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_tls_security_level = dane"
dane=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "dane without dnssec: exit 0" 0 "$?"
expect_match "dane without dnssec: a warning at the level" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_tls_security_level):[0-9]+: warning: smtp_tls_security_level = dane, but smtp_dns_support_level is not dnssec .*\[dane-without-dnssec\]$" "$out"

config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_tls_security_level = dane-only"
dane_only=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "dane-only without dnssec: an error" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_tls_security_level):[0-9]+: error: .*defers every message.*\[dane-without-dnssec\]$" "$out"

config_dir_with 'smtp_tls_security_level = dane
smtp_dns_support_level = dnssec'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "dane with dnssec: fine" "$out" dane-without-dnssec

config_dir_with 'smtp_tls_security_level = dane
smtp_dns_support_level = dnssec
smtp_host_lookup = native'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "dane with native host lookups only: a warning that says so" \
    "smtp_host_lookup does not include dns .*\[dane-without-dnssec\]$" "$out"

config_dir_with '' 'relay2    unix  -       -       n       -       -       smtp
  -o smtp_tls_security_level=dane-only'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "an -o on one smtp service: at the override" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" smtp_tls_security_level=dane-only)" dane-without-dnssec

if [ "$INSTANCE_ORACLE" = yes ]; then
    test_certificate
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    peer="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $peer_port $WORK/cert.pem $WORK/key.pem smtp"
    for state in dane dane_only; do
        eval "state_dir=\$$state"
        log=$(ORACLE_PEER="$peer" instance_log "$state_dir" "$send" 'status=')
        expect_match "real smtp, $state: dnssec lookups disabled" \
            'warning: .*dane(-only)? configured with dnssec lookups disabled' "$log"
        case $state in
        dane) expect_match "real smtp, dane: opportunistic TLS instead" 'status=sent \(250 ok tls' "$log" ;;
        dane_only) expect_match "real smtp, dane-only: deferred" 'status=deferred' "$log" ;;
        esac
    done
fi
