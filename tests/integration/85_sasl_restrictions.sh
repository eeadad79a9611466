# Sender-login restrictions that cannot work: where smtpd has SASL off (restriction-needs-sasl)
# smtpd runs reject_sender_login_mismatch and its variants not at all, logs "ignored: no SASL
# support" and lets the mail through; with SASL on but no smtpd_sender_login_maps
# (sender-login-maps-missing) nobody owns a sender and nothing is refused, silently. mfcc warns
# at the entry, naming the smtpd service. The oracle, in the same run where the host allows it:
# a whole instance, one unauthenticated client sending as an address that
# smtpd_sender_login_maps gives to a login; with SASL off real smtpd logs the warning and
# accepts the recipient; with SASL on it refuses the sender ("not logged in"); with SASL on and
# no smtpd_sender_login_maps it accepts the same sender without a word.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
login='smtpd_sender_restrictions = reject_unauthenticated_sender_login_mismatch
smtpd_sender_login_maps = inline:{ a@client.example=alice }'

config_dir_with "$login"
sasl_off=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "SASL off: a warning, exit 0" 0 "$?"
expect_match "SASL off: at the entry, naming smtp/inet" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_sender_restrictions):29: warning: reject_unauthenticated_sender_login_mismatch is ignored on smtpd service smtp/inet, .*\[restriction-needs-sasl\]$" "$out"

config_dir_with "$login
smtpd_sasl_auth_enable = yes"
sasl_on=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "SASL on: fine" "$out" restriction-needs-sasl

# A main.cf list shared by port 25 (SASL off) and submission (SASL on by -o): only port 25.
config_dir_with 'smtpd_sender_restrictions = reject_sender_login_mismatch
smtpd_sender_login_maps = hash:/etc/postfix/sender_login' 'submission inet n       -       n       -       -       smtpd
  -o smtpd_sasl_auth_enable=yes'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "shared with submission: port 25 reported, with the variant smtpd names" \
    "warning: reject_sender_login_mismatch is ignored on smtpd service smtp/inet, .*restriction .reject_authenticated_sender_login_mismatch' ignored: no SASL support" "$out"
no_match "and not submission" 'ignored on smtpd service submission/inet' "$out"

# The check where it belongs: on submission only, with SASL there.
config_dir_with 'smtpd_sender_login_maps = hash:/etc/postfix/sender_login' 'submission inet n       -       n       -       -       smtpd
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sender_restrictions=reject_sender_login_mismatch'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "on submission with SASL: fine" "$out" restriction-needs-sasl

# SASL on, but no smtpd_sender_login_maps: nobody owns a sender, nothing is ever refused.
config_dir_with 'smtpd_sasl_auth_enable = yes
smtpd_sender_restrictions = reject_unauthenticated_sender_login_mismatch'
no_maps=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "SASL on without smtpd_sender_login_maps: a warning at the entry" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_sender_restrictions):29: warning: reject_unauthenticated_sender_login_mismatch on smtpd service smtp/inet has no smtpd_sender_login_maps .*\[sender-login-maps-missing\]\$" "$out"
no_code "and not restriction-needs-sasl" "$out" restriction-needs-sasl
no_code "SASL on with smtpd_sender_login_maps: fine" \
    "$("$mfcc" --no-file-checks "$sasl_on" 2>&1)" sender-login-maps-missing

if [ "$INSTANCE_ORACLE" = yes ]; then
    client="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py rcpt"
    log=$(instance_log "$sasl_off" "$client" 'RCPT')
    expect_match "real smtpd, SASL off: ignored" \
        "smtpd.*warning: restriction .reject_unauthenticated_sender_login_mismatch' ignored: no SASL support" "$log"
    expect_match "and the recipient is accepted" "RCPT: \(250," "$log"
    log=$(instance_log "$sasl_on" "$client" 'RCPT')
    expect_match "real smtpd, SASL on: the sender is refused" "RCPT: \(553, b'5\.7\.1 <a@client\.example>: Sender address rejected: not logged in'\)" "$log"
    log=$(instance_log "$no_maps" "$client" 'RCPT')
    expect_match "real smtpd, SASL on without smtpd_sender_login_maps: the same sender passes" \
        "RCPT: \(250," "$log"
    no_match "silently" 'warning' "$log"
fi
