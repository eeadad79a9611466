# Typed values judged by real smtpd in the same run: for each one-line setting, real smtpd
# (tests/integration/smtpd_oracle.sh) either refuses it (fatal, "Invalid", "unsupported",
# "unknown ... value") or runs; mfcc must report an error at that line exactly when smtpd
# refuses, and stay silent (no error) when smtpd accepts. Covers the case rules that differ
# between Postfix's name_code (any case) and name_mask/strcmp (exact) lookups.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

if [ "$SMTPD_ORACLE" != yes ]; then
    pass "values: smtpd oracle unavailable here (needs root and unshare); skipped"
    exit 0
fi

n=0
judge() {
    n=$((n + 1))
    dir="$WORK/case$n"
    mkdir -p "$dir"
    printf 'smtpd_relay_restrictions = reject_unauth_destination\nmyhostname = mx.example.test\n%s\n' \
        "$1" > "$dir/main.cf"
    mfcc_out=$("$MF_BIN/mfcc" --no-file-checks "$dir/main.cf" 2>&1)
    mfcc_error=no
    printf '%s\n' "$mfcc_out" | grep -Eq "^$dir/main.cf:3:[0-9]+: error:" && mfcc_error=yes
    smtpd_out=$(smtpd_log "$dir")
    smtpd_refuses=no
    printf '%s\n' "$smtpd_out" |
        grep -Eiq 'fatal:|invalid tls|unsupported|unknown .* value|bad configuration' &&
        smtpd_refuses=yes
    if [ "$mfcc_error" = "$smtpd_refuses" ]; then
        pass "values: $1 (smtpd refuses: $smtpd_refuses)"
    else
        fail_case "values: $1 (smtpd refuses: $smtpd_refuses, mfcc error: $mfcc_error)" \
            "$mfcc_out" "$(printf '%s\n' "$smtpd_out" | grep -v '^[0-9]')"
    fi
}

judge "smtpd_tls_security_level = Encrypt"
judge "smtpd_tls_security_level = dane"
judge "inet_protocols = IPv4"
judge "inet_protocols = ipv4, ipv6"
judge "notify_classes = Resource"
judge "mynetworks_style = Host"
judge "reject_tempfail_action = DEFER"
judge "reject_tempfail_action = bogus"
judge "smtpd_forbid_bare_newline = Normalize"
judge "smtpd_forbid_bare_newline = strict"
judge "smtpd_upstream_proxy_protocol = HAProxy"
