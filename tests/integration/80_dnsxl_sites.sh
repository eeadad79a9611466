# DNS allow- and blocklist entries Postfix cannot parse (dnsxl-site). smtpd's reject_rbl_client
# and friends take domain=filter and die with "RBL reply error" when a client reaches one whose
# filter they cannot parse; postscreen parses postscreen_dnsbl_sites (domain[=filter][*weight])
# at start-up and dies on a bad filter, weight or domain. mfcc reports each at the entry, with
# Postfix's own words. The oracles, in the same run where the host allows it: real smtpd on one
# session logs exactly the fatal message mfcc quotes, and a whole instance's postscreen dies on
# the first bad site when a client connects.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

# Brackets around a whole filter are dropped only when the first one closes at the end:
# [127.0.0.2] is 127.0.0.2, but [127.0.0.2]] is read as a first field [127.0.0.2] (a range error).
for filter in '127.0.0.[2..300]' '127.0.0.2*3' '127.0.0' '127.0.0.[2;;3]' '[127.0.0.2' \
    '[127.0.0.2]]' '127.0.0.[5..4]' '127.0.0.02x'; do
    config_dir_with "smtpd_delay_reject = no
smtpd_client_restrictions = reject_rbl_client zen.spamhaus.org=$filter"
    out=$("$mfcc" --no-file-checks "$dir" 2>&1)
    expect_match "reply filter $filter: an error at the filter" \
        "^$dir/main.cf:$(line_of "$dir/main.cf" reject_rbl_client):[0-9]+: error: \"reject_rbl_client\": smtpd cannot parse the reply filter .*\[dnsxl-site\]$" "$out"
    if [ "$SMTPD_ORACLE" = yes ]; then
        said=$(printf '%s\n' "$out" | grep -o 'fatal: RBL reply error: .*") each time' | head -n 1)
        said=${said%\") each time}
        [ -n "$said" ] || fail_case "filter $filter: mfcc quotes a fatal message" "$out"
        log=$(smtpd_log "$dir" 'EHLO client.example|QUIT')
        expect_match "real smtpd, filter $filter: dies with the message mfcc quotes" \
            "$(printf '%s' "$said" | sed 's/[][\.*^$()+?{}|]/\\&/g')" "$log"
    fi
done

for filter in '127.0.0.[2..11]' '127.0.[0..255].[0;1]' '127.0.0.2' '127.0.0.[2;4;6..8]' \
    '[127.0.0.2]' '[127.0.0.[2..11]]'; do
    config_dir_with "smtpd_delay_reject = no
smtpd_client_restrictions = reject_rbl_client zen.spamhaus.org=$filter"
    out=$("$mfcc" --no-file-checks "$dir" 2>&1)
    no_code "reply filter $filter: fine" "$out" dnsxl-site
    if [ "$SMTPD_ORACLE" = yes ]; then
        log=$(smtpd_log "$dir" 'EHLO client.example|QUIT')
        expect_match "real smtpd, filter $filter: the session ends normally" '221 2.0.0 Bye' "$log"
        no_match "real smtpd, filter $filter: no fatal error" 'fatal' "$log"
    fi
done

postscreen_master='smtpd     pass  -       -       n       -       -       smtpd
dnsblog   unix  -       -       n       -       0       dnsblog
smtp      inet  n       -       n       -       1       postscreen'
config_dir_with 'postscreen_dnsbl_sites = zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net*x
postscreen_access_list =' "$postscreen_master"
bad_weight=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "postscreen site with a bad weight: exit 1" 1 "$?"
expect_match "postscreen site with a bad weight: an error at that site" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" postscreen_dnsbl_sites):[0-9]+: error: postscreen will not start: \"fatal: bad DNSBL weight factor \"x\" in \"bl.spamcop.net\*x\"\".*\[dnsxl-site\]$" "$out"
if [ "$(printf '%s\n' "$out" | grep -c 'dnsxl-site')" != 1 ]; then
    fail_case "postscreen: only the bad site is reported" "$out"
else
    pass "postscreen: only the bad site is reported"
fi

config_dir_with 'postscreen_dnsbl_sites = list.dnswl.org=127.0.[0..255].[0;1]*-2 b..example' "$postscreen_master"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "postscreen site with a bad domain name" \
    'error: postscreen will not start: "fatal: bad DNSBL domain name "b..example" in "b..example""' "$out"

config_dir_with 'postscreen_dnsbl_sites = zen.spamhaus.org=127.0.0.[2..11]*3 list.dnswl.org=127.0.[0..255].[0;1]*-2 bl.spamcop.net' "$postscreen_master"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "postscreen sites as the documentation writes them: fine" "$out" dnsxl-site

# postscreen_dnsbl_sites is read only by postscreen: without one, no finding.
config_dir_with 'postscreen_dnsbl_sites = bl.spamcop.net*x'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "no postscreen service: postscreen_dnsbl_sites not judged" "$out" dnsxl-site

if [ "$INSTANCE_ORACLE" = yes ]; then
    connect="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py connect"
    log=$(instance_log "$bad_weight" "$connect" 'fatal')
    expect_match "real postscreen dies on the bad weight" \
        'postscreen.*fatal: bad DNSBL weight factor "x" in "bl.spamcop.net\*x"' "$log"
fi
