# proxy: tables that proxymap does not approve (proxy-table-unapproved): proxymap opens only the
# proxy: tables that proxy_read_maps names (proxy_write_maps for the written caches), expanded as
# proxymap reads it, with main.cf's values and its own -o. Restriction classes, an smtpd
# service's own -o restrictions and a main.cf proxy_read_maps that leaves a parameter out fall
# through; the default list covers Postfix's own parameters. The oracle, in the same run where
# the host allows it: whole Postfix instances with a built hash table behind proxy:; where mfcc
# reports the table, proxymap logs "request for unapproved table" and smtpd stops, and where it
# does not, smtpd answers.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

# setup SETTINGS [MASTER]: main.cf with SETTINGS, where TABLE stands for DIR/access, a hash
# table built from it.
setup() {
    config_dir_with "$1" "${2:-}"
    sed -i "s|TABLE|$dir/access|g" "$dir/main.cf" "$dir/master.cf"
    printf '10.0.0.1 REJECT\n' > "$dir/access"
    postmap -c "$dir" "hash:$dir/access"
}

setup 'smtpd_restriction_classes = from_clients
from_clients = check_client_access proxy:hash:TABLE
smtpd_client_restrictions = from_clients'
class=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "a restriction class's proxy: table: exit 1" 1 "$?"
expect_match "a restriction class's proxy: table: an error at the table" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" 'from_clients = '):36: error: from_clients: proxy:hash:$dir/access is not among the proxy: tables of proxy_read_maps .*request for unapproved table: \"hash:$dir/access\".*\[proxy-table-unapproved\]\$" "$out"

setup 'virtual_alias_maps = proxy:hash:TABLE'
default_list=$dir
no_code "virtual_alias_maps behind proxy: with the default proxy_read_maps: fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" proxy-table-unapproved

setup 'virtual_alias_maps = proxy:hash:TABLE
proxy_read_maps = $local_recipient_maps $mydestination'
short_list=$dir
expect_diag "a main.cf proxy_read_maps that leaves virtual_alias_maps out" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" 'virtual_alias_maps =')" proxy-table-unapproved

# An smtpd service's own -o restrictions: proxymap expands main.cf's, not the service's.
setup '' 'smtp2     inet  n       -       n       -       -       smtpd
  -o smtpd_client_restrictions=check_client_access,proxy:hash:TABLE'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "an -o restriction's proxy: table: at the -o, saying why" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" 'smtpd_client_restrictions=check_client_access'):[0-9]+: error: smtpd_client_restrictions: proxy:hash:$dir/access .*with main.cf's values, not this service's -o\).*\[proxy-table-unapproved\]\$" "$out"
setup 'smtpd_client_restrictions = check_client_access proxy:hash:TABLE' 'smtp2     inet  n       -       n       -       -       smtpd
  -o smtpd_client_restrictions=check_client_access,proxy:hash:TABLE'
no_code "the same table in main.cf's smtpd_client_restrictions too: approved" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" proxy-table-unapproved

# The proxymap service's own -o proxy_read_maps is what counts.
setup 'virtual_alias_maps = proxy:hash:TABLE'
sed -i 's|^proxymap  *unix.*proxymap$|& -o proxy_read_maps=$mydestination|' "$dir/master.cf"
expect_diag "proxymap's own -o proxy_read_maps without the table" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" 'virtual_alias_maps =')" proxy-table-unapproved

# Caches go through proxywrite and proxy_write_maps.
config_dir_with 'address_verify_map = proxy:btree:$data_directory/verify_cache'
no_code "address_verify_map behind proxy: with the default proxy_write_maps: fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" proxy-table-unapproved
config_dir_with 'address_verify_map = proxy:btree:$data_directory/verify_cache
proxy_write_maps = $postscreen_cache_map'
expect_match "proxy_write_maps without address_verify_map: an error naming it" \
    "error: address_verify_map: proxy:btree:/var/lib/postfix/verify_cache is not among the proxy: tables of proxy_write_maps \(as the proxywrite service" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

if [ "$INSTANCE_ORACLE" = yes ]; then
    rcpt="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py rcpt"
    log=$(instance_log "$class" "$rcpt" 'fatal')
    expect_match "real proxymap refuses the restriction class's table" \
        "proxymap.*warning: request for unapproved table: \"hash:$class/access\"" "$log"
    expect_match "and real smtpd stops" \
        "smtpd.*fatal: proxymap service is not configured for table \"hash:$class/access\"" "$log"
    log=$(instance_log "$short_list" "$rcpt" 'fatal')
    expect_match "real smtpd stops on the table the short proxy_read_maps leaves out" \
        "smtpd.*fatal: proxymap service is not configured for table \"hash:$short_list/access\"" "$log"
    log=$(instance_log "$default_list" "$rcpt" 'RCPT from|fatal')
    no_match "real smtpd runs with the default proxy_read_maps" 'smtpd\[[0-9]+\]: fatal' "$log"
    expect_match "and answers the recipient" 'RCPT: \(' "$log"
fi
