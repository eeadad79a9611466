# SMTP client authentication set up by halves (client-sasl-half-configured): smtp(8) sends AUTH
# only with smtp_sasl_auth_enable = yes and credentials in smtp_sasl_password_maps. mfcc reports
# the half that is set, per smtp service with its -o overrides (the switch alone an error, the
# maps alone a warning), and says nothing when both or neither are set. The oracle, in the same
# run where the host allows it: a whole Postfix instance relays one message to tls_peer.py,
# which offers AUTH and tells in its reply whether the client authenticated: with the switch
# alone smtp dies at start-up, with the maps alone it sends no AUTH, with both it tries. And a
# relayhost whose password-table key is spelt otherwise (relay-credentials-unmatched): real smtp
# sends no AUTH with the key 127.0.0.1:PORT, and tries with 127.0.0.1.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
peer_port=$(free_port)

# setup SETTINGS: main.cf relaying to the peer, plus SETTINGS; a password table for the peer.
setup() {
    config_dir_with "relayhost = [127.0.0.1]:$peer_port
smtp_sasl_security_options = noanonymous
$1"
    printf '[127.0.0.1]:%s user:secret\n' "$peer_port" > "$dir/sasl_passwd"
    postmap -c "$dir" "hash:$dir/sasl_passwd"
}

setup 'smtp_sasl_auth_enable = yes'
enable_only=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "switch without credentials: exit 1" 1 "$?"
expect_match "switch without credentials: an error at the switch" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_sasl_auth_enable):[0-9]+: error: .*specify a password table.*\[client-sasl-half-configured\]$" "$out"

setup "smtp_sasl_password_maps = hash:$WORK/unused"
sed -i "s|hash:$WORK/unused|hash:$dir/sasl_passwd|" "$dir/main.cf"
maps_only=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "credentials without the switch: a warning at the maps" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtp_sasl_password_maps):[0-9]+: warning: .*\[client-sasl-half-configured\]$" "$out"

setup "smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = hash:$WORK/placeholder"
sed -i "s|hash:$WORK/placeholder|hash:$dir/sasl_passwd|" "$dir/main.cf"
both=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "both halves: no warning" "$out" client-sasl-half-configured

# A service's -o completes main.cf's half: no warning for that service, one for the other.
setup 'smtp_sasl_auth_enable = yes'
printf 'relay2    unix  -       -       n       -       -       smtp\n  -o smtp_sasl_password_maps=hash:%s/sasl_passwd\n' \
    "$dir" >> "$dir/master.cf"
grep -v '^smtp *unix\|^relay *unix' "$dir/master.cf" > "$dir/master.cf.new" && mv "$dir/master.cf.new" "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "-o on the only smtp service completes it: no warning" "$out" client-sasl-half-configured

setup ''
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "neither half: no warning" "$out" client-sasl-half-configured

# The relayhost's key in the password table (relay-credentials-unmatched): smtp looks up the
# host name, then the destination as relayhost writes it; other spellings match neither.
credentials() {
    setup "smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = hash:$WORK/placeholder"
    sed -i "s|hash:$WORK/placeholder|hash:$dir/sasl_passwd|" "$dir/main.cf"
    printf '%s user:secret\n' "$1" > "$dir/sasl_passwd"
    postmap -c "$dir" "hash:$dir/sasl_passwd"
}
credentials "127.0.0.1:$peer_port"
port_key=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a key with the port but no brackets: an error at relayhost" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" relayhost):[0-9]+: error: smtp_sasl_password_maps has no entry for relayhost \[127.0.0.1\]:$peer_port: .*did you mean.*\[relay-credentials-unmatched\]\$" "$out"
credentials '127.0.0.1'
host_key=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "the host name as key: found" "$out" relay-credentials-unmatched
credentials "[127.0.0.1]:$peer_port"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "the destination as relayhost writes it: found" "$out" relay-credentials-unmatched
credentials "[127.0.0.1]"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "brackets without the port: not found either" "\[relay-credentials-unmatched\]" "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    test_certificate
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test u@peer.example.test'
    for state in enable_only maps_only both port_key host_key; do
        eval "state_dir=\$$state"
        log=$(ORACLE_PEER="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $peer_port $WORK/cert.pem $WORK/key.pem smtp auth" \
            instance_log "$state_dir" "$send" 'status=')
        case $state in
        both | host_key)
            # The client tries AUTH: accepted where Cyrus SASL has its PLAIN and LOGIN plug-ins,
            # "no mechanism available" where it has none.
            expect_match "real smtp, $state: it authenticates" \
                'status=sent \(250 ok clear auth\)|SASL authentication failed' "$log" ;;
        enable_only)
            expect_match "real smtp with the switch alone: dies at start-up" \
                'fatal: specify a password table via the .smtp_sasl_password_maps' "$log" ;;
        *)
            expect_match "real smtp, $state: no AUTH sent" 'status=sent \(250 ok clear noauth\)' "$log" ;;
        esac
    done
fi
