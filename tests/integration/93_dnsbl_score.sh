# postscreen DNSBL scores that never act: a threshold no client can reach
# (dnsbl-threshold-unreachable):
# postscreen blocks a client once the weights of the sites that list it add up to
# postscreen_dnsbl_threshold, so a threshold above the sum of all positive weights blocks
# nothing. mfcc warns at the threshold. The oracle, in the same run where the host allows it: a
# whole instance with postscreen on port 25 and dnsmasq (dns_peer.sh) listing 127.0.0.1 in
# dnsbl.example.test; at weight 1 and threshold 2 real postscreen lets the listed client pass,
# at weight 2 it refuses it ("blocked using dnsbl.example.test"). Sites with
# postscreen_dnsbl_action at its default, ignore, only log the rank (dnsbl-action-ignore):
# real postscreen logs "DNSBL rank 2" and lets the client pass.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
postscreen_master='smtpd     pass  -       -       n       -       -       smtpd
smtp      inet  n       -       n       -       1       postscreen
dnsblog   unix  -       -       n       -       0       dnsblog'

# setup SETTINGS: main.cf with SETTINGS and postscreen enforcing its DNSBLs on port 25.
setup() {
    config_dir_with "postscreen_dnsbl_action = enforce
postscreen_access_list =
$1" "$postscreen_master"
    sed -i '/^smtp *inet .*smtpd$/d' "$dir/master.cf"
}

setup 'postscreen_dnsbl_sites = dnsbl.example.test*1
postscreen_dnsbl_threshold = 2'
light=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "threshold 2 over a weight of 1: a warning, exit 0" 0 "$?"
expect_match "threshold 2 over a weight of 1: at the threshold" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" postscreen_dnsbl_threshold):[0-9]+: warning: postscreen_dnsbl_threshold = 2 on smtp, but the weights of postscreen_dnsbl_sites add up to at most 1: .*\[dnsbl-threshold-unreachable\]\$" "$out"

setup 'postscreen_dnsbl_sites = dnsbl.example.test*2
postscreen_dnsbl_threshold = 2'
heavy=$dir
no_code "weight 2, threshold 2: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    dnsbl-threshold-unreachable

setup 'postscreen_dnsbl_sites = a.example.test b.example.test=127.0.0.[2..11]
postscreen_dnsbl_threshold = 2'
no_code "two sites of weight 1, threshold 2: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    dnsbl-threshold-unreachable

setup 'postscreen_dnsbl_sites = a.example.test*1 list.dnswl.example.test*-5
postscreen_dnsbl_threshold = 2'
expect_match "an allowlist's negative weight adds nothing: at most 1" \
    "warning: postscreen_dnsbl_threshold = 2 on smtp, but the weights of postscreen_dnsbl_sites add up to at most 1" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

setup 'postscreen_dnsbl_sites = dnsbl.example.test*1
postscreen_dnsbl_threshold = 2
postscreen_dnsbl_action = ignore'
no_code "with postscreen_dnsbl_action = ignore: not judged" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" dnsbl-threshold-unreachable

setup 'postscreen_dnsbl_sites = dnsbl.example.test*1'
sed -i 's/^smtp      inet  n       -       n       -       1       postscreen$/&\n  -o postscreen_dnsbl_threshold=3/' "$dir/master.cf"
expect_diag "a threshold set by -o: at the override" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    "$dir/master.cf" "$(line_of "$dir/master.cf" postscreen_dnsbl_threshold=3)" \
    dnsbl-threshold-unreachable

# postscreen_dnsbl_action left at its default, ignore (dnsbl-action-ignore): ranks are only
# logged. An explicit ignore is taken as meant.
config_dir_with 'postscreen_access_list =
postscreen_dnsbl_sites = dnsbl.example.test*2
postscreen_dnsbl_threshold = 2' "$postscreen_master"
sed -i '/^smtp *inet .*smtpd$/d' "$dir/master.cf"
log_only=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "DNSBL sites without postscreen_dnsbl_action: a warning at the sites" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" postscreen_dnsbl_sites):26: warning: postscreen_dnsbl_sites without postscreen_dnsbl_action, which defaults to ignore: .*\[dnsbl-action-ignore\]\$" "$out"
printf 'postscreen_dnsbl_action = ignore\n' >> "$dir/main.cf"
no_code "an explicit postscreen_dnsbl_action = ignore: taken as meant" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" dnsbl-action-ignore
sed -i '/^postscreen_dnsbl_action = ignore$/d' "$dir/main.cf"
no_code "with postscreen_dnsbl_action = enforce: fine" \
    "$("$mfcc" --no-file-checks "$heavy" 2>&1)" dnsbl-action-ignore

if [ "$INSTANCE_ORACLE" = yes ]; then
    rcpt="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py rcpt"
    listed='--host-record=1.0.0.127.dnsbl.example.test,127.0.0.2'
    log=$(ORACLE_PEER="sh $MF_TOP/tests/integration/dns_peer.sh $light $listed" \
        instance_log "$light" "$rcpt" 'RCPT from|PASS NEW')
    expect_match "real dnsblog finds the client listed" \
        'dnsblog.*addr 127.0.0.1 listed by domain dnsbl.example.test' "$log"
    expect_match "real postscreen at weight 1, threshold 2 lets it pass" 'postscreen.*PASS NEW' "$log"
    expect_match "and the recipient is accepted" 'RCPT: \(250,' "$log"
    log=$(ORACLE_PEER="sh $MF_TOP/tests/integration/dns_peer.sh $heavy $listed" \
        instance_log "$heavy" "$rcpt" 'RCPT from|PASS NEW')
    expect_match "real postscreen at weight 2 blocks it" \
        'RCPT: \(550, b.5.7.1 Service unavailable; client \[127.0.0.1\] blocked using dnsbl.example.test' "$log"
    log=$(ORACLE_PEER="sh $MF_TOP/tests/integration/dns_peer.sh $log_only $listed" \
        instance_log "$log_only" "$rcpt" 'RCPT from|PASS NEW')
    expect_match "real postscreen at the default action logs the rank" \
        'postscreen.*DNSBL rank 2 for \[127.0.0.1\]' "$log"
    expect_match "and lets the client pass" 'RCPT: \(250,' "$log"
fi
