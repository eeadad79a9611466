# TLS required on port 25 (tls-required-on-mx): smtpd_tls_security_level = encrypt, or the legacy
# smtpd_enforce_tls = yes, on an smtpd service that receives mail on port 25 (or behind
# postscreen there) refuses mail from servers that deliver without STARTTLS. mfcc warns at the
# setting; it says nothing for encrypt on submission only. smtpd_tls_wrappermode = yes on port 25
# is an error (no server that speaks SMTP gets a greeting). The oracles, in the same run where the
# host allows it: real smtpd with encrypt answers MAIL FROM without STARTTLS with 530; a whole
# instance with wrapper mode in main.cf gives a plain SMTP client no banner on port 25, and a
# client that starts with TLS its 220 greeting.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
test_certificate

# setup SETTINGS [MASTER_LINES]: config_dir_with a certificate and SETTINGS.
setup() {
    config_dir_with "smtpd_tls_cert_file = $WORK/cert.pem
smtpd_tls_key_file = $WORK/key.pem
$1" "${2:-}"
}

setup 'smtpd_tls_security_level = encrypt'
required=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "encrypt in main.cf: a warning, exit 0" 0 "$?"
expect_match "encrypt in main.cf: at the setting, naming smtp/inet" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_tls_security_level):[0-9]+: warning: smtpd service smtp/inet receives mail on port 25 and requires TLS .*\[tls-required-on-mx\]$" "$out"

setup 'smtpd_enforce_tls = yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "legacy smtpd_enforce_tls = yes" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" smtpd_enforce_tls)" tls-required-on-mx

setup 'smtpd_tls_security_level = may' 'submission inet n       -       n       -       -       smtpd
  -o smtpd_tls_security_level=encrypt'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "encrypt on submission only: no warning" "$out" tls-required-on-mx

# Behind postscreen on port 25, the smtpd it passes connections to.
setup 'smtpd_tls_security_level = may'
grep -v '^smtp *inet' "$dir/master.cf" > "$dir/master.cf.new" && mv "$dir/master.cf.new" "$dir/master.cf"
printf '%s\n' 'smtp      inet  n       -       n       -       1       postscreen' \
    'smtpd     pass  -       -       n       -       -       smtpd' \
    '  -o smtpd_tls_security_level=encrypt' \
    'dnsblog   unix  -       -       n       -       0       dnsblog' \
    'tlsproxy  unix  -       -       n       -       0       tlsproxy' >> "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
# (Debian's master.cf has the same -o in a comment: the line is the last one.)
expect_diag "encrypt on the smtpd behind postscreen" "$out" "$dir/master.cf" \
    "$(grep -n -F -- '-o smtpd_tls_security_level=encrypt' "$dir/master.cf" | tail -n 1 | cut -d: -f1)" \
    tls-required-on-mx

setup 'smtpd_tls_wrappermode = yes'
wrapped=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "wrapper mode in main.cf: exit 1" 1 "$?"
expect_match "wrapper mode in main.cf: an error at the setting, naming smtp/inet" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_tls_wrappermode):[0-9]+: error: smtpd service smtp/inet receives mail on port 25 in TLS wrapper mode .*\[tls-required-on-mx\]$" "$out"

setup '' 'smtps     inet  n       -       n       -       -       smtpd
  -o smtpd_tls_wrappermode=yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "wrapper mode on the smtps service only: fine" "$out" tls-required-on-mx

if [ "$INSTANCE_ORACLE" = yes ]; then
    client='/usr/bin/python3 -c "import smtplib, ssl
for name, make in ((\"plain\", lambda: smtplib.SMTP(\"127.0.0.1\", 25, timeout=4)),
                   (\"tls\", lambda: smtplib.SMTP_SSL(\"127.0.0.1\", 25, timeout=4,
                        context=ssl._create_unverified_context()))):
    try:
        s = make()
        print(name, \"banner:\", s.ehlo()[0])
        s.quit()
    except Exception as error:
        print(name, \"no banner:\", type(error).__name__)
print(\"clients done\")"'
    log=$(instance_log "$wrapped" "$client" 'clients done')
    expect_match "real smtpd in wrapper mode: a plain SMTP client gets no banner" 'plain no banner' "$log"
    expect_match "and a client that starts with TLS gets the greeting" 'tls banner: 250' "$log"
fi

if [ "$SMTPD_ORACLE" = yes ]; then
    log=$(smtpd_log "$required" "EHLO client.example|MAIL FROM:<a@client.example>|QUIT")
    expect_match "real smtpd with encrypt: MAIL FROM without STARTTLS is refused" \
        '530 5\.7\.0 Must issue a STARTTLS command first' "$log"
fi
