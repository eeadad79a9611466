# Values a daemon reads only when a feature is on (enumerations.tsv, column "when"): with the
# feature off, mfcc warns and says when it becomes an error (exit 0); with it on, mfcc reports an
# error (exit 1). Where the host allows it (root), real smtpd, smtp and lmtp decide each case in
# the same run: silent with the feature off, a fatal error or a warning about the value with it
# on. master.cf -o overrides count per service: a service that turns the feature on for the
# main.cf value makes it an error, one that replaces the value does not. The TLS lists are
# judged by a whole Postfix instance (smtpd, postscreen and tlsproxy serving STARTTLS, smtp
# and lmtp delivering to tls_peer.py), at the TLS level that reads them and at the one that
# does not.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
test_certificate
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

# The TLS lists, judged by a whole Postfix instance (instance_log) in the same run: smtpd and
# tlsproxy serve a STARTTLS session (openssl s_client), smtp and lmtp deliver a message to
# tls_peer.py. A bad list is a warning where the daemons read its twin instead (the
# "mandatory" list when TLS is required, the other at may) or no TLS at all, and there the
# real daemon runs TLS or delivers; it is an error where they read it, and there the real
# daemon runs without TLS or defers the mail.
peer_port=$(free_port)
server_base="smtpd_tls_cert_file = $WORK/cert.pem
smtpd_tls_key_file = $WORK/key.pem"
client_base="relayhost = [127.0.0.1]:$peer_port"
lmtp_base="default_transport = lmtp:inet:[127.0.0.1]:$peer_port"
postscreen_master='smtpd     pass  -       -       n       -       -       smtpd
dnsblog   unix  -       -       n       -       0       dnsblog
tlsproxy  unix  -       -       n       -       0       tlsproxy
smtp      inet  n       -       n       -       1       postscreen'
postscreen_main="postscreen_access_list =
postscreen_greet_wait = 1s
postscreen_pipelining_enable = yes"

# tls_oracle DIR KIND: what the instance logs for one TLS session (KIND server: STARTTLS to
# port 25, or TLS from the first byte when main.cf says smtpd_tls_wrappermode = yes) or one
# message (KIND smtp or lmtp: to tls_peer.py).
tls_oracle() {
    case $2 in
    server)
        starttls="-starttls smtp"
        grep -q '^smtpd_tls_wrappermode = yes' "$1/main.cf" && starttls=
        instance_log "$1" "echo QUIT | timeout 10 openssl s_client -quiet $starttls -connect 127.0.0.1:25" \
            'disconnect from|DISCONNECT'
        ;;
    *)
        ORACLE_PEER="/usr/bin/python3 $MF_TOP/tests/integration/tls_peer.py $peer_port $WORK/cert.pem $WORK/key.pem $2" \
            instance_log "$1" 'printf "Subject: test\n\nbody\n" | sendmail -f sender@mx.example.test rcpt@peer.example.test' \
            'status=|fatal'
        ;;
    esac
}

# tls_case NAME KIND BAD_SETTING "DAEMON LOG WHEN READ (regex)" "OFF SETTINGS" "OFF MASTER.CF LINES"
#          "ON SETTINGS" "ON MASTER.CF LINES": ON "-" means no setting makes it read.
tls_case() {
    name=$1 kind=$2 bad=$3 oracle_on=$4
    parameter=${bad%% =*}
    for state in off on; do
        if [ "$state" = off ]; then settings=$5 master=$6; else settings=$7 master=$8; fi
        [ "$settings" = - ] && continue
        dir=$(postfix_config_dir)
        case $kind in
        server) base=$server_base ;;
        smtp) base=$client_base ;;
        lmtp) base=$lmtp_base ;;
        esac
        printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\n%s\n%s\n%s\n' \
            "$base" "$bad" "$settings" > "$dir/main.cf"
        if [ -n "$master" ]; then
            # A new smtp inet line replaces the stock one.
            case $master in
            *'smtp      inet'*) grep -v '^smtp *inet' "$dir/master.cf" > "$dir/master.cf.new" &&
                mv "$dir/master.cf.new" "$dir/master.cf" ;;
            esac
            printf '%s\n' "$master" >> "$dir/master.cf"
        fi
        line=$(line_of "$dir/main.cf" "$bad")
        out=$("$mfcc" --no-file-checks "$dir" 2>&1)
        status=$?
        if [ "$state" = off ]; then
            expect_equal "$name, not read: mfcc exits 0" 0 "$status"
            expect_match "$name, not read: a warning at the value" \
                "^$dir/main.cf:$line:[0-9]+: warning: .*not an error.*\[bad-enumeration\]$" "$out"
        else
            expect_equal "$name, read: mfcc exits 1" 1 "$status"
            expect_match "$name, read: an error at the value" \
                "^$dir/main.cf:$line:[0-9]+: error: .*\[bad-enumeration\]$" "$out"
        fi
        [ "$INSTANCE_ORACLE" = yes ] || continue
        log=$(tls_oracle "$dir" "$kind")
        if [ "$state" = on ]; then
            expect_match "$name, read: real Postfix refuses it" "$oracle_on" "$log"
            continue
        fi
        if printf '%s\n' "$log" | grep -Eq "$oracle_on|fatal"; then
            fail_case "$name, not read: real Postfix does not read it" "$log"
        elif [ "$kind" = server ] && ! printf '%s\n' "$log" | grep -q 'TLS connection established from'; then
            fail_case "$name, not read: real Postfix runs TLS with it" "$log"
        elif [ "$kind" != server ] && ! printf '%s\n' "$log" | grep -q 'status=sent'; then
            fail_case "$name, not read: real Postfix delivers with it" "$log"
        else
            pass "$name, not read: real Postfix does not read it"
        fi
    done
}

protocol_refused='Invalid TLS protocol list "TLSv9"'
cipher_refused='invalid cipher grade: "bogus"'
tls_case "smtpd_tls_protocols at encrypt" server "smtpd_tls_protocols = TLSv9" "$protocol_refused" \
    "smtpd_tls_security_level = encrypt" "" "smtpd_tls_security_level = may" ""
tls_case "smtpd_tls_mandatory_protocols at may" server "smtpd_tls_mandatory_protocols = TLSv9" \
    "$protocol_refused" "smtpd_tls_security_level = may" "" "smtpd_tls_security_level = encrypt" ""
tls_case "smtpd_tls_ciphers with smtpd_enforce_tls" server "smtpd_tls_ciphers = bogus" "$cipher_refused" \
    "smtpd_enforce_tls = yes" "" "smtpd_use_tls = yes" ""
tls_case "smtpd_tls_mandatory_ciphers in wrapper mode" server "smtpd_tls_mandatory_ciphers = bogus" \
    "$cipher_refused" "smtpd_tls_security_level = may" "" "smtpd_tls_security_level = none
smtpd_tls_wrappermode = yes" ""
tls_case "smtpd_tls_eecdh_grade (ignored)" server "smtpd_tls_eecdh_grade = bogus" "eecdh" \
    "smtpd_tls_security_level = may" "" - ""
tls_case "smtpd_tls_protocols through tlsproxy" server "smtpd_tls_protocols = TLSv9" "$protocol_refused" \
    "smtpd_tls_security_level = none
postscreen_tls_security_level = may
tlsproxy_tls_security_level = encrypt
$postscreen_main" "$postscreen_master" "smtpd_tls_security_level = none
postscreen_tls_security_level = may
tlsproxy_tls_security_level = may
$postscreen_main" "$postscreen_master"
tls_case "smtp_tls_protocols" smtp "smtp_tls_protocols = TLSv9" "$protocol_refused.*aborting TLS" \
    "smtp_tls_security_level = none" "" "smtp_tls_security_level = may" ""
tls_case "smtp_tls_mandatory_ciphers" smtp "smtp_tls_mandatory_ciphers = bogus" "$cipher_refused" \
    "smtp_tls_security_level = may" "" "smtp_tls_security_level = encrypt" ""
tls_case "smtp_tls_mandatory_protocols by policy" smtp "smtp_tls_mandatory_protocols = TLSv9" \
    "$protocol_refused" "smtp_tls_security_level =" "" \
    "smtp_tls_policy_maps = inline:{[127.0.0.1]:$peer_port=encrypt}" ""
tls_case "smtp_tls_mandatory_protocols, -o level per service" smtp "smtp_tls_mandatory_protocols = TLSv9" \
    "$protocol_refused" "smtp_tls_security_level = may
default_transport = tlsrelay" "tlsrelay  unix  -       -       n       -       -       smtp
  -o smtp_tls_security_level=may" "smtp_tls_security_level = may
default_transport = tlsrelay" "tlsrelay  unix  -       -       n       -       -       smtp
  -o smtp_tls_security_level=encrypt"
tls_case "lmtp_tls_protocols" lmtp "lmtp_tls_protocols = TLSv9" "$protocol_refused" \
    "smtp_tls_security_level = may" "" "lmtp_tls_security_level = may" ""
tls_case "lmtp_tls_mandatory_ciphers" lmtp "lmtp_tls_mandatory_ciphers = bogus" "$cipher_refused" \
    "lmtp_tls_security_level = may" "" "lmtp_tls_security_level = encrypt" ""
# Read by every smtp or lmtp process at start-up, whatever the level: always an error.
tls_case "smtp_tls_security_level" smtp "smtp_tls_security_level = bogus" 'fatal: Invalid TLS level "bogus"' \
    - "" "" ""
tls_case "lmtp_tls_security_level" lmtp "lmtp_tls_security_level = bogus" 'fatal: Invalid TLS level "bogus"' \
    - "" "" ""
tls_case "smtp_tls_dane_insecure_mx_policy" smtp "smtp_tls_dane_insecure_mx_policy = bogus" \
    'fatal: invalid smtp_tls_dane_insecure_mx_policy: "bogus"' - "" "smtp_tls_security_level = none" ""
