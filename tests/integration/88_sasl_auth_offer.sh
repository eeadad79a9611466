# SMTP AUTH that smtpd never offers (sasl-auth-not-offered): with smtpd_tls_auth_only = yes,
# smtpd announces AUTH only inside TLS, so on a service without TLS no client can log in. mfcc
# reports it at smtpd_tls_auth_only where a service sets SASL or TLS-only AUTH by -o, and for
# main.cf where no running smtpd service offers AUTH; port 25 without AUTH beside a submission
# service that has TLS is left alone. The oracle, in the same run where the host allows it:
# real smtpd's EHLO reply has no AUTH line with TLS-only AUTH and no TLS, and has one without
# smtpd_tls_auth_only.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'smtpd_sasl_auth_enable = yes
smtpd_tls_auth_only = yes'
no_tls=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "TLS-only AUTH without TLS on every service: exit 1" 1 "$?"
expect_match "TLS-only AUTH without TLS on every service: an error at smtpd_tls_auth_only" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_tls_auth_only):[0-9]+: error: smtpd_tls_auth_only = yes on smtpd service smtp/inet, which has no TLS \(no smtpd_tls_security_level is set and smtpd_use_tls is not yes\): smtpd never offers AUTH there.*\[sasl-auth-not-offered\]\$" "$out"

config_dir_with 'smtpd_sasl_auth_enable = yes'
auth_anywhere=$dir
no_code "AUTH without smtpd_tls_auth_only: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    sasl-auth-not-offered

for tls in 'smtpd_tls_security_level = may' 'smtpd_use_tls = yes' 'smtpd_tls_wrappermode = yes'; do
    config_dir_with "smtpd_sasl_auth_enable = yes
smtpd_tls_auth_only = yes
$tls"
    no_code "TLS-only AUTH with $tls: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
        sasl-auth-not-offered
done

# A submission service that enables SASL by -o without TLS of its own.
config_dir_with 'smtpd_tls_security_level = none
smtpd_tls_auth_only = yes' 'submission inet n       -       y       -       -       smtpd
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "submission enabling SASL by -o without TLS: an error naming it" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_tls_auth_only):[0-9]+: error: smtpd_tls_auth_only = yes on smtpd service submission/inet, which has no TLS \(smtpd_tls_security_level = none\).*\[sasl-auth-not-offered\]\$" "$out"

# Port 25 without TLS beside a submission service with TLS: AUTH only on submission, as meant.
config_dir_with 'smtpd_sasl_auth_enable = yes
smtpd_tls_security_level = none
smtpd_tls_auth_only = yes' 'submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_security_level=encrypt'
no_code "port 25 without TLS, submission with it: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    sasl-auth-not-offered

# The same, but submission asks for TLS-only AUTH itself and has no TLS: reported at its -o.
config_dir_with 'smtpd_sasl_auth_enable = yes
smtpd_tls_security_level = may' 'submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_security_level=none
  -o smtpd_tls_auth_only=yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "submission's own -o smtpd_tls_auth_only without TLS: at the -o" "$out" \
    "$dir/master.cf" "$(grep -n '^  -o smtpd_tls_auth_only=yes$' "$dir/master.cf" | cut -d: -f1)" \
    sasl-auth-not-offered

if [ "$SMTPD_ORACLE" = yes ]; then
    log=$(smtpd_log "$no_tls")
    expect_match "real smtpd with TLS-only AUTH and no TLS: EHLO answered" '^250 CHUNKING' "$log"
    no_match "and no AUTH in it" '^250-AUTH' "$log"
    log=$(smtpd_log "$auth_anywhere")
    expect_match "real smtpd without smtpd_tls_auth_only offers AUTH" '^250-AUTH .*PLAIN' "$log"
fi
