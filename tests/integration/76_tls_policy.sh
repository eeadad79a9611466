# The answers of TLS policy tables (tls-policy-value): smtp reads a security level and
# name=value attributes, and defers every message to a destination whose policy it cannot use.
# mfcc reports each such answer at its line. The oracle, in the same run where the host allows
# it: a whole Postfix instance relays one message to tls_peer.py through a policy table, once per
# answer: the answers mfcc reports make real smtp defer the message with the warning mfcc's
# message paraphrases, and the answers it passes (servername and connection_reuse included)
# deliver it over TLS.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

# answer | what mfcc says (error, warning or none)
cases='encryptt|error
encrypt ciphers=high|none
ENCRYPT|none
may match=nexthop|error
encrypt foo=bar|error
encrypt ciphers|error
encrypt protocols=!SSLv2 protocols=!SSLv3|error
encrypt, ciphers=high, exclude=aNULL|none
verify match=hostname:nexthop tafile=/etc/postfix/ta.pem|none
encrypt tafile=/etc/postfix/ta.pem|error
none ciphers=high|warning
fingerprint|error
fingerprint match=AB:CD|none
secure match=.example.test:example.test|none
dane-only|none
encrypt servername=hostname connection_reuse=yes|none'

table="$WORK/tls_policy"
printf '%s\n' "$cases" | awk -F'|' '{ printf "d%d.test %s\n", NR, $1 }' > "$table"
config_dir_with "smtp_tls_policy_maps = hash:$table
smtp_dns_support_level = dnssec
smtp_tls_CApath = /etc/ssl/certs"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
number=0
printf '%s\n' "$cases" | while IFS='|' read -r answer verdict; do
    number=$((number + 1))
    expect_verdict "\"$answer\"" "$out" "$table" "$number" "$verdict" tls-policy-value
done
expect_match "a misspelt level gets a suggestion" 'is not a TLS security level \(did you mean "encrypt"\?\)' "$out"

# With smtp_tls_fingerprint_cert_match in main.cf, a bare fingerprint level has something to match.
config_dir_with "smtp_tls_policy_maps = hash:$table
smtp_tls_fingerprint_cert_match = AB:CD
smtp_dns_support_level = dnssec"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_match "fingerprint with main.cf's fingerprints: fine" "^$table:12:" "$out"

# Without smtp_tls_CAfile, smtp_tls_CApath or smtp_tls_trust_anchor_file, smtp trusts no CA:
# secure has nothing to verify against, verify with its own tafile does.
config_dir_with "smtp_tls_policy_maps = hash:$table
smtp_dns_support_level = dnssec"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "secure without any CA: an error at its line" \
    "^$table:14:[0-9]+: error: .*level secure without a tafile attribute, and neither smtp_tls_CAfile, smtp_tls_CApath nor smtp_tls_trust_anchor_file is set.*\[tls-policy-value\]\$" "$out"
expect_verdict "verify with a tafile, without any CA" "$out" "$table" 9 none tls-policy-value
config_dir_with "smtp_tls_policy_maps = hash:$table
smtp_tls_trust_anchor_file = /etc/postfix/anchors.pem"
no_match "secure with smtp_tls_trust_anchor_file: fine" "^$table:14:" \
    "$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)"

# Without DNSSEC lookups, dane-only in a policy cannot work (dane-without-dnssec's case, per
# destination).
config_dir_with "smtp_tls_policy_maps = hash:$table"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "dane-only without DNSSEC lookups: an error at its line" \
    "^$table:15:[0-9]+: error: .*dane-only without DNSSEC lookups.*\[tls-policy-value\]\$" "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    test_certificate
    peer_port=$(free_port)
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    # (connection_reuse=yes would go through tlsproxy, which Debian's master.cf does not run.)
    for answer in 'encryptt' 'may match=nexthop' 'encrypt foo=bar' 'encrypt ciphers=high' \
        'encrypt servername=hostname'; do
        config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_tls_policy_maps = hash:$WORK/oracle_policy"
        printf '[127.0.0.1]:%s %s\n' "$peer_port" "$answer" > "$WORK/oracle_policy"
        postmap -c "$dir" "hash:$WORK/oracle_policy"
        out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
        log=$(ORACLE_PEER="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $peer_port $WORK/cert.pem $WORK/key.pem smtp" \
            instance_log "$dir" "$send" 'status=')
        if printf '%s\n' "$out" | grep -q '\[tls-policy-value\]'; then
            expect_match "\"$answer\": mfcc's error, and real smtp defers with a policy warning" \
                'warning: .*(invalid security level|invalid at security level|invalid attribute name).*' "$log"
            expect_match "\"$answer\": the message is deferred" 'status=deferred' "$log"
        else
            expect_match "\"$answer\": mfcc passes it, and real smtp delivers over TLS" \
                'status=sent \(250 ok tls' "$log"
        fi
    done
fi
