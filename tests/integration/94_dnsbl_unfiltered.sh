# Spamhaus lists without a reply filter (dnsbl-unfiltered): an unfiltered DNS list entry counts
# any answer as a listing, and Spamhaus answers queries through public or unregistered
# resolvers with 127.255.255.252..255. mfcc warns at the entry, in smtpd's lists and in
# postscreen_dnsbl_sites, and suggests the filter (before the weight in postscreen). The oracle,
# in the same run where the host allows it: a whole instance whose DNS server (dnsmasq,
# dns_peer.sh) answers 127.255.255.254 for 127.0.0.1 in zen.spamhaus.org, as Spamhaus does for
# a public resolver; real smtpd refuses the client with the unfiltered entry and accepts it with
# zen.spamhaus.org=127.0.0.[2..255].
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'smtpd_recipient_restrictions = reject_rbl_client zen.spamhaus.org,
    permit_mynetworks, reject_unauth_destination'
unfiltered=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "an unfiltered Spamhaus list: a warning, exit 0" 0 "$?"
expect_match "an unfiltered Spamhaus list: at the domain, with the filter to write" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" smtpd_recipient_restrictions):50: warning: reject_rbl_client zen.spamhaus.org has no reply filter, .*127.255.255.252..255: smtpd then refuses every client .*such as zen.spamhaus.org=127.0.0.\[2..255\]\) \[dnsbl-unfiltered\]\$" "$out"

config_dir_with 'smtpd_recipient_restrictions = reject_rbl_client zen.spamhaus.org=127.0.0.[2..255],
    permit_mynetworks, reject_unauth_destination'
filtered=$dir
no_code "a filtered Spamhaus list: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" dnsbl-unfiltered

config_dir_with 'smtpd_recipient_restrictions = reject_rbl_client bl.spamcop.net,
    reject_rhsbl_sender dbl.spamhaus.org, permit_mynetworks, reject_unauth_destination'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_match "another list without a filter: not judged" 'bl.spamcop.net has no reply filter' "$out"
expect_match "dbl.spamhaus.org: the domain list's own codes" \
    'reject_rhsbl_sender dbl.spamhaus.org has no reply filter.*such as dbl.spamhaus.org=127.0.1.\[2..255\]' "$out"

config_dir_with 'smtpd_recipient_restrictions = permit_dnswl_client swl.spamhaus.org,
    permit_mynetworks, reject_unauth_destination'
expect_match "an unfiltered Spamhaus allowlist: lets every client through" \
    'permit_dnswl_client swl.spamhaus.org has no reply filter.*smtpd then lets every client through' \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

config_dir_with 'postscreen_dnsbl_sites = zen.spamhaus.org*3 list.dnswl.org*-5
postscreen_dnsbl_threshold = 3' 'smtpd     pass  -       -       n       -       -       smtpd
smtp      inet  n       -       n       -       1       postscreen'
sed -i '/^smtp *inet .*smtpd$/d' "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "postscreen: the filter goes before the weight" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" postscreen_dnsbl_sites):26: warning: postscreen_dnsbl_sites entry zen.spamhaus.org\*3 .*such as zen.spamhaus.org=127.0.0.\[2..255\]\*3\) \[dnsbl-unfiltered\]\$" "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    rcpt="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py rcpt"
    # What Spamhaus answers a query that comes through a public resolver.
    dns="sh $MF_TOP/tests/integration/dns_peer.sh $WORK --local=/spamhaus.org/ --host-record=1.0.0.127.zen.spamhaus.org,127.255.255.254"
    log=$(ORACLE_PEER="$dns" instance_log "$unfiltered" "$rcpt" 'RCPT from|client=')
    expect_match "real smtpd, unfiltered: the client is refused" \
        "RCPT: \(554, b'5.7.1 Service unavailable; Client host \[127.0.0.1\] blocked using zen.spamhaus.org" "$log"
    log=$(ORACLE_PEER="$dns" instance_log "$filtered" "$rcpt" 'RCPT from|client=')
    expect_match "real smtpd, filtered: the client is accepted" 'RCPT: \(250,' "$log"
fi
