# mfcc's postconf views against real postconf in the same run: `mfcc -n` = `postconf -c DIR -n`,
# `mfcc -p NAME` = `postconf -c DIR -x -h NAME` for every parameter set plus a sample of
# defaults, `mfcc -M` = `postconf -c DIR -M`, on a corpus: Debian's default main.cf, a large
# realistic one, and one exercising every syntax feature; and no error on any of them.
. "$MF_TOP/tests/integration/lib.sh"

corpus="$MF_TOP/tests/integration/mfcc_corpus"
defaults_sample="myorigin mydestination smtpd_banner smtpd_tls_fingerprint_digest smtputf8_enable
append_dot_mydomain relay_domains smtpd_relay_restrictions mynetworks_style syslog_name
maximal_queue_lifetime alias_maps virtual_alias_maps default_process_limit mail_name
address_verify_poll_count smtpd_per_request_deadline myhostname mydomain config_directory
respectful_logging queue_directory proxy_read_maps"

compare_config() {
    label=$1
    dir=$2
    expect_equal "$label: mfcc -n = postconf -n" "$(postconf -c "$dir" -n 2>/dev/null)" \
        "$("$MF_BIN/mfcc" -n "$dir" 2>/dev/null)"
    expect_equal "$label: mfcc -M = postconf -M" "$(postconf -c "$dir" -M 2>/dev/null)" \
        "$("$MF_BIN/mfcc" -M "$dir" 2>/dev/null)"
    names="$(postconf -c "$dir" -n 2>/dev/null | sed 's/ =.*//') $defaults_sample"
    mismatches=""
    for name in $names; do
        want=$(postconf -c "$dir" -x -h "$name" 2>/dev/null)
        got=$("$MF_BIN/mfcc" -p "$dir" "$name" 2>/dev/null)
        [ "$want" = "$got" ] || mismatches="$mismatches
$name: postconf [$want] mfcc [$got]"
    done
    if [ -z "$mismatches" ]; then
        pass "$label: mfcc -p = postconf -x -h for $(echo $names | wc -w) parameters"
    else
        fail_case "$label: mfcc -p = postconf -x -h" "$mismatches"
    fi
    output=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
    status=$?
    if [ "$status" -eq 0 ]; then
        pass "$label: no error from mfcc"
    else
        fail_case "$label: no error from mfcc (status $status)" "$output"
    fi
}

debian=$(postfix_config_dir)
cp /usr/share/postfix/main.cf.debian "$debian/main.cf"
compare_config "debian default" "$debian/"

for name in large syntax; do
    dir=$(postfix_config_dir)
    cp "$corpus/$name.main.cf" "$dir/main.cf"
    [ -f "$corpus/$name.master.cf" ] && cp "$corpus/$name.master.cf" "$dir/master.cf"
    compare_config "$name" "$dir/"
done
