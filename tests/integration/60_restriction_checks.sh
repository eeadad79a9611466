# Restriction lists as mfcc checks them, on small configuration directories: every diagnostic
# at its FILE:LINE (computed from the file in this run), the undefined restriction class that
# real postconf also reports (compared in the same run), and no false alarm on Debian's default
# main.cf with the stock master.cf.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

dir=$(postfix_config_dir)
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
smtpd_restriction_classes = from_partners, undefined_class
from_partners = check_sender_access inline:{partner.example=OK}, reject
smtpd_client_restrictions = permit_mynetworks,
    reject_unknown_client_hostnam,
    reject_rbl_client, permit_sasl_authenticated
smtpd_helo_restrictions = check_helo_access, reject_invalid_helo_hostname
smtpd_sender_restrictions = from_partners, permit, reject_non_fqdn_sender
smtpd_data_restrictions = reject_unauth_pipelining, inline:{a=b}
smtpd_etrn_restrictions = reject_unlisted_recipient
smtpd_recipient_restrictions = permit_mynetworks, reject_maps_rbl, reject_unauth_destination
CF
cf="$dir/main.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
status=$?
expect_equal "errors make mfcc exit 1" 1 "$status"
expect_diag "unknown restriction on its continuation line" "$out" "$cf" \
    "$(line_of "$cf" reject_unknown_client_hostnam,)" restriction-unknown
expect_match "unknown restriction suggests the right name" \
    'did you mean "reject_unknown_client_hostname"' "$out"
expect_diag "DNS list restriction swallowing the next restriction" "$out" "$cf" \
    "$(line_of "$cf" 'reject_rbl_client, permit_sasl')" restriction-missing-argument
expect_diag "access restriction without its table" "$out" "$cf" \
    "$(line_of "$cf" smtpd_helo_restrictions)" restriction-missing-argument
expect_diag "entries after permit never run" "$out" "$cf" \
    "$(line_of "$cf" smtpd_sender_restrictions)" restriction-unreachable
expect_diag "bare table in smtpd_data_restrictions" "$out" "$cf" \
    "$(line_of "$cf" smtpd_data_restrictions)" restriction-bare-table
expect_diag "recipient restriction in the ETRN list" "$out" "$cf" \
    "$(line_of "$cf" smtpd_etrn_restrictions)" restriction-wrong-list
expect_diag "deprecated restriction" "$out" "$cf" \
    "$(line_of "$cf" reject_maps_rbl)" restriction-deprecated
expect_diag "restriction class without a definition" "$out" "$cf" \
    "$(line_of "$cf" smtpd_restriction_classes)" restriction-class-undefined
if printf '%s\n' "$out" | grep -q 'from_partners.*restriction-unknown'; then
    fail_case "a defined restriction class is a known restriction" "$out"
else
    pass "a defined restriction class is a known restriction"
fi

# Real postconf in the same run: it reports the undefined class as an undefined parameter of
# main.cf; mfcc must report something at that class's line.
pc=$(postconf -c "$dir" -n 2>&1 >/dev/null)
expect_match "postconf reports the undefined restriction class" \
    'undefined parameter: undefined_class' "$pc"
expect_match "mfcc reports it at the line postconf means" \
    "^$cf:$(line_of "$cf" undefined_class):[0-9]+: error: " "$out"

# The column points at the token itself.
col=$(printf '%s\n' "$out" | grep 'restriction-unknown' | head -n 1 | cut -d: -f3)
expect_equal "column of the unknown restriction" 5 "$col"

# smtpd_delay_reject = no: sender restrictions in the client list have no effect.
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
smtpd_delay_reject = no
smtpd_client_restrictions = reject_non_fqdn_sender
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "sender restriction at connect time" "$out" "$cf" 3 restriction-wrong-list

# Real smtpd as the oracle (root and unshare only): with smtpd_delay_reject = no the HELO list
# runs at EHLO; smtpd takes the misspelt name after reject_rbl_client as its DNS list and stops
# at the unknown one, answering 451 4.3.5. mfcc reports both at their lines.
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
smtpd_delay_reject = no
smtpd_helo_restrictions = reject_rbl_client, reject_unknown_forward_client_hostname,
    permit_mynetwork
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "restriction swallowed as a DNS list" "$out" "$cf" 3 restriction-missing-argument
expect_diag "unknown restriction reached at EHLO" "$out" "$cf" 4 restriction-unknown
if [ "$SMTPD_ORACLE" = yes ]; then
    log=$(smtpd_log "$dir")
    expect_match "real smtpd: unknown smtpd restriction, the same name" \
        'warning: unknown smtpd restriction: "permit_mynetwork"' "$log"
    expect_match "real smtpd: 451 4.3.5 to EHLO" '^451 4\.3\.5 ' "$log"
else
    pass "real smtpd: unknown smtpd restriction # skipped: needs root and unshare"
    pass "real smtpd: 451 4.3.5 to EHLO # skipped: needs root and unshare"
fi

# A service that overrides a list by -o is checked with its own value, at the -o.
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
CF
cp /etc/postfix/master.cf "$dir/master.cf"
cat >> "$dir/master.cf" <<'CF'
2525      inet  n       -       y       -       -       smtpd
  -o smtpd_client_restrictions=permit_mynetworks,rejcet
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "unknown restriction in a -o override" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" rejcet)" restriction-unknown

# No false alarm: Debian's default main.cf with the stock master.cf, and postconf agrees.
cp /usr/share/postfix/main.cf.debian "$dir/main.cf"
cp /etc/postfix/master.cf "$dir/master.cf"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
status=$?
expect_equal "Debian default configuration: exit 0" 0 "$status"
if printf '%s\n' "$out" | grep -Eq ': (error|warning): '; then
    fail_case "Debian default configuration: no error or warning" "$out"
else
    pass "Debian default configuration: no error or warning"
fi
expect_equal "postconf agrees: no warning for the Debian default" "" \
    "$(postconf -c "$dir" -n 2>&1 >/dev/null)"
