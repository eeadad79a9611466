# mfcc's postconf views against real postconf in the same run: `mfcc -n` = `postconf -c DIR -n`,
# `mfcc -p NAME` = `postconf -c DIR -x -h NAME` for every parameter set and every default, `mfcc -M` = `postconf -c DIR -M`, on a corpus: Debian's default main.cf, a large
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
    # Every parameter set, the fixed sample, and every parameter postconf -d knows (without the
    # run-dependent process_id), all in one call of each tool.
    names="$(postconf -c "$dir" -n 2>/dev/null | sed 's/ =.*//') $defaults_sample
$(postconf -c "$dir" -d 2>/dev/null | sed 's/ =.*//' | grep -vx 'process_id')"
    count=$(echo $names | wc -w)
    postconf -c "$dir" -x -h $names > "$WORK/want.txt" 2>/dev/null
    "$MF_BIN/mfcc" -p -c "$dir" $names > "$WORK/got.txt" 2>/dev/null
    if cmp -s "$WORK/want.txt" "$WORK/got.txt"; then
        pass "$label: mfcc -p = postconf -x -h for $count parameters"
    else
        fail_case "$label: mfcc -p = postconf -x -h for $count parameters" \
            "$(paste -d'\n' <(echo $names | tr ' ' '\n') "$WORK/want.txt" "$WORK/got.txt" | paste - - - | awk -F'\t' '$2 != $3' | head -n 10)"
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

# A user-defined name counts as used when an -o override that postconf reads refers to it.
# postconf reads the options up to the first other word, a braced one included, so a $name in
# an -o after "{-o a=b}" makes no use (found by the random differential test, seed 214).
dir=$(postfix_config_dir)
printf 'before = 1\nafter = 2\n' >> "$dir/main.cf"
printf 'relay2    unix  -       -       n       -       -       smtp\n  -o x_before=$before {-o a=b} -o x_after=$after\n' >> "$dir/master.cf"
expect_equal "-o after a braced word: mfcc -p = postconf -x -h" \
    "$(postconf -c "$dir" -x -h before after 2>/dev/null)" "$("$MF_BIN/mfcc" -p -c "$dir" before after 2>/dev/null)"
expect_equal "-o after a braced word: mfcc -n = postconf -n" \
    "$(postconf -c "$dir" -n 2>/dev/null)" "$("$MF_BIN/mfcc" -n "$dir" 2>/dev/null)"

# The compiled-in catalog is what the generator makes from the data files beside it.
if /usr/bin/python3 "$MF_TOP/compiler/catalog/generate_catalog.py" - | cmp -s - "$MF_TOP/compiler/catalog_data.inc"; then
    pass "compiler/catalog_data.inc is up to date with compiler/catalog/"
else
    fail_case "compiler/catalog_data.inc is up to date with compiler/catalog/" \
        "run: /usr/bin/python3 compiler/catalog/generate_catalog.py"
fi
