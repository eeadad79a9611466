# Open relays and smtpd's own relay requirement, per smtpd service after master.cf -o overrides.
# Where this host allows it (root, unshare), real Postfix smtpd is run in the same test as the
# oracle: it must refuse to start exactly where mfcc reports relay-restrictions-missing, and
# start where mfcc is silent.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

dir=$(postfix_config_dir)
cf="$dir/main.cf"
mcf="$dir/master.cf"

# 1. Submission's rules written globally: port 25 inherits them, nothing refuses relaying.
cat > "$cf" <<'CF'
compatibility_level = 3.6
smtpd_relay_restrictions = permit_sasl_authenticated, permit
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "global permit: smtpd would not start" "$out" "$cf" 2 relay-restrictions-missing
if [ "$SMTPD_ORACLE" = yes ]; then
    expect_match "real smtpd refuses to start on the same configuration" \
        'fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance' \
        "$(smtpd_log "$dir")"
else
    pass "real smtpd refuses to start on the same configuration # skipped: needs root and unshare"
fi

# 2. The classic open relay through master.cf: smtpd starts (main.cf is fine) but port 25
# gets submission's permit by -o while its recipient list is emptied.
cat > "$cf" <<'CF'
compatibility_level = 3.6
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
CF
cp /etc/postfix/master.cf "$mcf"
sed -i '/^smtp .*inet.*smtpd$/d' "$mcf"
cat >> "$mcf" <<'CF'
smtp      inet  n       -       y       -       -       smtpd
  -o smtpd_recipient_restrictions=
  -o smtpd_relay_restrictions=permit_sasl_authenticated,permit
submission inet n       -       y       -       -       smtpd
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "-o relay rules on port 25: reported at the -o" "$out" "$mcf" \
    "$(line_of "$mcf" 'smtpd_relay_restrictions=permit_sasl_authenticated,permit')" \
    relay-restrictions-missing
expect_match "the message names the service" 'smtpd service "smtp/inet"' "$out"
if printf '%s\n' "$out" | grep -q 'submission/inet'; then
    fail_case "submission with permit_sasl_authenticated,reject is fine" "$out"
else
    pass "submission with permit_sasl_authenticated,reject is fine"
fi

# 3. smtpd starts (its start-up test finds reject_unauth_destination) yet relays for anyone:
# a restriction class permits first. Only mfcc sees this one.
cat > "$cf" <<'CF'
compatibility_level = 3.6
smtpd_restriction_classes = allow_all
allow_all = permit
smtpd_relay_restrictions =
smtpd_recipient_restrictions = allow_all, reject_unauth_destination
CF
cp /etc/postfix/master.cf "$mcf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "class that permits before reject_unauth_destination" "$out" "$cf" 5 open-relay
no_code "no start-up error when smtpd would start" "$out" relay-restrictions-missing
if [ "$SMTPD_ORACLE" = yes ]; then
    log=$(smtpd_log "$dir")
    if printf '%s\n' "$log" | grep -q 'fatal:'; then
        fail_case "real smtpd starts on it (the relay is only found when mail arrives)" "$log"
    else
        pass "real smtpd starts on it (the relay is only found when mail arrives)"
    fi
else
    pass "real smtpd starts on it # skipped: needs root and unshare"
fi

# 4. mynetworks = 0.0.0.0/0 turns permit_mynetworks into a permit for everyone.
cat > "$cf" <<'CF'
compatibility_level = 3.6
mynetworks = 0.0.0.0/0
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "mynetworks matching everyone is an open relay" \
    'mynetworks matches every address.*\[open-relay\]' "$out"
# The same with networks that together cover IPv4 (two halves; four quarters among other
# networks); with a gap between them it is not everyone.
for networks in "0.0.0.0/1, 128.0.0.0/1" "10.0.0.0/8 192.0.0.0/2 0.0.0.0/2 64.0.0.0/2 128.0.0.0/2"; do
    printf 'compatibility_level = 3.6\nmynetworks = %s\n' "$networks" > "$cf"
    out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
    expect_match "mynetworks = $networks is an open relay" \
        'mynetworks matches every address.*\[open-relay\]' "$out"
done
printf 'compatibility_level = 3.6\nmynetworks = 0.0.0.0/2, 128.0.0.0/1\n' > "$cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_code "mynetworks with a gap (64.0.0.0/2 missing) is not everyone" "$out" open-relay

# 5. An empty main.cf: compatibility level 0, both lists empty: smtpd refuses to start.
: > "$cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "empty main.cf (compatibility level 0)" "^$cf: error: .*set compatibility_level = 3.6.*\[relay-restrictions-missing\]" "$out"
if [ "$SMTPD_ORACLE" = yes ]; then
    expect_match "real smtpd refuses to start with an empty main.cf" \
        'fatal: in parameter smtpd_relay_restrictions' "$(smtpd_log "$dir")"
else
    pass "real smtpd refuses to start with an empty main.cf # skipped: needs root and unshare"
fi
# Level 0 with only the recipient list set: the relay list's default is empty there too.
printf 'smtpd_recipient_restrictions = permit_mynetworks, reject_unknown_recipient_domain\n' > "$cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "level 0, recipient list set: the relay default is empty" \
    "^$cf:1:32: error: .*smtpd_relay_restrictions is at its default, which below compatibility_level 1 is empty.*\[relay-restrictions-missing\]" "$out"
if [ "$SMTPD_ORACLE" = yes ]; then
    expect_match "real smtpd refuses to start at level 0 with that recipient list" \
        'fatal: in parameter smtpd_relay_restrictions' "$(smtpd_log "$dir")"
else
    pass "real smtpd refuses to start at level 0 with that recipient list # skipped: needs root and unshare"
fi

# 6. Debian's default: relay list default at level 3.6 has defer_unauth_destination.
cp /usr/share/postfix/main.cf.debian "$cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_code "Debian default is not an open relay" "$out" open-relay
no_code "Debian default passes smtpd's start-up test" "$out" relay-restrictions-missing
if [ "$SMTPD_ORACLE" = yes ]; then
    log=$(smtpd_log "$dir")
    if printf '%s\n' "$log" | grep -q '^220 ' && ! printf '%s\n' "$log" | grep -q 'fatal:'; then
        pass "real smtpd starts with the Debian default"
    else
        fail_case "real smtpd starts with the Debian default" "$log"
    fi
else
    pass "real smtpd starts with the Debian default # skipped: needs root and unshare"
fi
