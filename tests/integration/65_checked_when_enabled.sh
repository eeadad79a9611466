# Values a daemon reads only when a feature is on (enumerations.tsv, column "when"): with the
# feature off, mfcc warns and says when it becomes an error (exit 0); with it on, mfcc reports an
# error (exit 1). Where the host allows it (root), real smtpd, smtp and lmtp decide each case in
# the same run: silent with the feature off, a fatal error or a warning about the value with it
# on. master.cf -o overrides count per service: a service that turns the feature on for the
# main.cf value makes it an error, one that replaces the value does not.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    -days 30 -subj /CN=mx.example.test 2> /dev/null
chmod 644 "$WORK/key.pem"
tls_on="smtpd_tls_security_level = may
smtpd_tls_cert_file = $WORK/cert.pem
smtpd_tls_key_file = $WORK/key.pem"

# case NAME DAEMON BAD_SETTING "ENABLING SETTINGS" "DAEMON LOG WHEN ON (regex)" [SESSION]
run_case() {
    name=$1 daemon=$2 bad=$3 enabling=$4 oracle_on=$5 session=${6:-"EHLO client.example|QUIT"}
    parameter=${bad%% =*}
    for state in off on; do
        dir=$(postfix_config_dir)
        {
            printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\n%s\n' "$bad"
            [ "$state" = on ] && printf '%s\n' "$enabling"
        } > "$dir/main.cf"
        line=$(line_of "$dir/main.cf" "$bad")
        out=$("$mfcc" --no-file-checks "$dir" 2>&1)
        status=$?
        if [ "$state" = off ]; then
            expect_equal "$name, feature off: mfcc exits 0" 0 "$status"
            expect_match "$name, feature off: a warning that says when it becomes an error" \
                "^$dir/main.cf:$line:[0-9]+: warning: .*not an error yet: Postfix reads $parameter only when .*\[bad-enumeration\]$" "$out"
        else
            expect_equal "$name, feature on: mfcc exits 1" 1 "$status"
            expect_diag "$name, feature on: an error at the value" "$out" "$dir/main.cf" "$line" bad-enumeration
            expect_match "$name, feature on: the error is an error" ": error: .*\[bad-enumeration\]$" "$out"
        fi
        [ "$SMTPD_ORACLE" = yes ] || continue
        log=$(ORACLE_DAEMON=$daemon smtpd_log "$dir" "$session")
        if [ "$state" = off ]; then
            if printf '%s\n' "$log" | grep -Eiq "fatal|$oracle_on"; then
                fail_case "$name, feature off: real $daemon does not read it" "$log"
            else
                pass "$name, feature off: real $daemon does not read it"
            fi
        else
            expect_match "$name, feature on: real $daemon refuses it" "$oracle_on" "$log"
        fi
    done
}

run_case "smtpd_sasl_type" smtpd "smtpd_sasl_type = bogus" "smtpd_sasl_auth_enable = yes" \
    'unsupported SASL server implementation: bogus'
run_case "smtpd_sasl_security_options" smtpd "smtpd_sasl_security_options = noanonymous, bogus" \
    "smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth" 'fatal: unknown xsasl_dovecot_server_create value "bogus"'
run_case "smtpd_tls_protocols" smtpd "smtpd_tls_protocols = !SSLv2, TLSv9" "$tls_on" \
    'Invalid TLS protocol list "!SSLv2, TLSv9": disabling TLS support' \
    "EHLO client.example|STARTTLS|QUIT"
run_case "smtpd_proxy_options" smtpd "smtpd_proxy_options = speed_adjust, fast" \
    "smtpd_proxy_filter = 127.0.0.1:10025" 'fatal: unknown smtpd_proxy_options value "fast"'
run_case "milter_protocol" smtpd "milter_protocol = 7" "smtpd_milters = inet:127.0.0.1:9" \
    'bad protocol information: 7'
run_case "smtp_sasl_type" smtp "smtp_sasl_type = dovecot" "smtp_sasl_auth_enable = yes
smtp_sasl_password_maps = static:user:password" 'unsupported SASL client implementation: dovecot' "QUIT"
run_case "lmtp_sasl_type" lmtp "lmtp_sasl_type = bogus" "lmtp_sasl_auth_enable = yes
lmtp_sasl_password_maps = static:user:password" 'unsupported SASL client implementation: bogus' "QUIT"

# master.cf -o, per service.
dir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_sasl_type = bogus\n' > "$dir/main.cf"
cp "$dir/master.cf" "$WORK/master.stock"
printf 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n' >> "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "-o turns it on for the inherited main.cf value: exit 1" 1 $?
expect_diag "-o turns it on for the inherited main.cf value: error at main.cf" "$out" \
    "$dir/main.cf" 3 bad-enumeration
cp "$WORK/master.stock" "$dir/master.cf"
printf 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_sasl_type=dovecot\n' >> "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "the service that turns it on has its own value: exit 0" 0 $?
expect_match "and main.cf's value is only a warning" "^$dir/main.cf:3:[0-9]+: warning: .*\[bad-enumeration\]$" "$out"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_sasl_auth_enable = yes\n' > "$dir/main.cf"
cp "$WORK/master.stock" "$dir/master.cf"
printf 'submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=no\n  -o smtpd_sasl_type=bogus\n' >> "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "an -o value where that service turns the feature off: exit 0" 0 $?
expect_match "and it is a warning at master.cf" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" smtpd_sasl_type=bogus):[0-9]+: warning: .*\[bad-enumeration\]$" "$out"
