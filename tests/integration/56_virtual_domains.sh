# Virtual domains without the table of their users (virtual-domain-without-table):
# virtual_mailbox_domains with an empty virtual_mailbox_maps where virtual(8) delivers, and
# virtual_alias_domains listing domains with an empty virtual_alias_maps. mfcc reports an error
# at the domain list, and nothing once the table is named or an LMTP server delivers instead.
# The oracle, in the same run where the host allows it: a whole Postfix instance gets one message
# for such a domain and bounces it, "unknown user" from virtual(8) and "User unknown in virtual
# alias table" for the alias domain; and virtual(8) defers the message when virtual_uid_maps
# answers a name (static:vmail, "bad uid"), and delivers it with numeric ids. With
# transport_maps set its answers may send that mail elsewhere (discard: in the oracle, where
# virtual(8) never sees it), so what virtual(8) would do is a warning.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'virtual_mailbox_domains = vmailbox.test
virtual_mailbox_base = /tmp'
mailbox=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "mailbox domains without virtual_mailbox_maps: exit 1" 1 "$?"
expect_match "mailbox domains without virtual_mailbox_maps: an error at the list" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" virtual_mailbox_domains):[0-9]+: error: .*virtual\(8\) bounces each message.*\[virtual-domain-without-table\]$" "$out"

config_dir_with 'virtual_alias_domains = valias.test'
alias=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "alias domains without virtual_alias_maps: an error at the list" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" virtual_alias_domains):[0-9]+: error: .*User unknown in virtual alias table.*\[virtual-domain-without-table\]$" "$out"

config_dir_with "virtual_mailbox_domains = vmailbox.test
virtual_mailbox_maps = hash:$WORK/vmailbox
virtual_alias_domains = valias.test
virtual_alias_maps = hash:$WORK/valias"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "both tables named: no error" "$out" virtual-domain-without-table

config_dir_with 'virtual_mailbox_domains = vmailbox.test
virtual_transport = lmtp:unix:private/dovecot-lmtp'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "an LMTP server delivers the mailbox domains: no error" "$out" virtual-domain-without-table

# The owners of the mailboxes virtual(8) writes (virtual-mailbox-owner): numeric ids, a uid
# of at least virtual_minimum_uid, a gid above 0, read as atol() reads them.
owners() {
    config_dir_with "virtual_mailbox_domains = vmailbox.test
virtual_mailbox_maps = hash:$WORK/vmailbox
virtual_mailbox_base = $WORK/vmail
$1"
}
printf 'u@vmailbox.test vmailbox.test/u/\n' > "$WORK/vmailbox"
mkdir -p "$WORK/vmail" && chmod 1777 "$WORK/vmail"
owners 'virtual_uid_maps = static:vmail
virtual_gid_maps = static:5000'
named_owner=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "static:vmail is uid 0: an error at the static: answer" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" virtual_uid_maps):20: error: virtual_uid_maps: static:vmail: .*read as uid 0.*\[virtual-mailbox-owner\]\$" "$out"
owners 'virtual_uid_maps = static:5000
virtual_gid_maps = static:{ 5000 }'
numeric_owner=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "numeric ids: no error" "$out" virtual-mailbox-owner
owners 'virtual_uid_maps = static:50
virtual_gid_maps = static:0'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a uid below virtual_minimum_uid" "error: virtual_uid_maps: static:50: .*below virtual_minimum_uid \(100\)" "$out"
expect_match "gid 0" "error: virtual_gid_maps: static:0: .*a gid must be above 0" "$out"
owners ''
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "no virtual_uid_maps: an error at the domain list" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" virtual_mailbox_domains):[0-9]+: error: .*virtual_uid_maps is empty.*\[virtual-mailbox-owner\]\$" "$out"
# transport_maps may send the mailbox domains' mail to another transport (here discard:),
# and then virtual(8) never sees it: what virtual(8) would do is a warning.
owners 'virtual_uid_maps = static:vmail
virtual_gid_maps = static:5000
transport_maps = inline:{ vmailbox.test=discard: }'
routed_away=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "static:vmail, transport_maps set: exit 0" 0 "$?"
expect_match "static:vmail, transport_maps set: a warning that says why" \
    "warning: virtual_uid_maps: static:vmail: .*until it expires \(unless transport_maps sends that mail to another transport\) \[virtual-mailbox-owner\]\$" "$out"
config_dir_with 'virtual_mailbox_domains = vmailbox.test
transport_maps = inline:{ vmailbox.test=discard: }'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "mailbox domains without virtual_mailbox_maps, transport_maps set: a warning" \
    "warning: virtual_mailbox_domains lists domains, but virtual_mailbox_maps is empty: .*\(unless transport_maps sends that mail to another transport\).*\[virtual-domain-without-table\]\$" "$out"
printf 'u@vmailbox.test 5000\nv@vmailbox.test vmail\nw@vmailbox.test 5000junk\n' > "$WORK/vuid"
owners "virtual_uid_maps = hash:$WORK/vuid
virtual_gid_maps = static:5000"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "a uid table answering a name: at its line" "$out" "$WORK/vuid" 2 virtual-mailbox-owner
no_match "a uid table: 5000 and 5000junk (atol: 5000) are taken" "^$WORK/vuid:[13]:" "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    postmap -c "$named_owner" "hash:$WORK/vmailbox"
    for state in named_owner numeric_owner routed_away; do
        eval "state_dir=\$$state"
        log=$(instance_log "$state_dir" \
            "printf 'Subject: t\n\nx\n' | sendmail -f a@mx.example.test u@vmailbox.test" 'status=')
        case $state in
        named_owner)
            expect_match "real virtual(8) refuses uid static:vmail" \
                'warning: recipient u@vmailbox.test: bad uid vmail in virtual_uid_maps' "$log"
            expect_match "and defers the mail" \
                'to=<u@vmailbox.test>.*status=deferred \(mail system configuration error\)' "$log" ;;
        numeric_owner) expect_match "real virtual(8) delivers with numeric ids" \
            'to=<u@vmailbox.test>.*status=sent' "$log" ;;
        routed_away)
            expect_match "transport_maps sends the mail to discard: instead" \
                'postfix/discard.*to=<u@vmailbox.test>.*status=sent' "$log"
            no_match "and virtual(8) never sees it" 'bad uid' "$log" ;;
        esac
    done
    for state in mailbox alias; do
        eval "state_dir=\$$state"
        log=$(instance_log "$state_dir" \
            "printf 'Subject: t\n\nx\n' | sendmail -f a@mx.example.test u@v$state.test" 'status=')
        case $state in
        mailbox) want='to=<u@vmailbox.test>.*status=bounced \(unknown user' ;;
        alias) want='to=<u@valias.test>.*status=bounced \(User unknown in virtual alias table' ;;
        esac
        expect_match "real Postfix bounces the message for the $state domain" "$want" "$log"
    done
fi
