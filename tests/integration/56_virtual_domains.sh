# Virtual domains without the table of their users (virtual-domain-without-table):
# virtual_mailbox_domains with an empty virtual_mailbox_maps where virtual(8) delivers, and
# virtual_alias_domains listing domains with an empty virtual_alias_maps. mfcc reports an error
# at the domain list, and nothing once the table is named or an LMTP server delivers instead.
# The oracle, in the same run where the host allows it: a whole Postfix instance gets one message
# for such a domain and bounces it, "unknown user" from virtual(8) and "User unknown in virtual
# alias table" for the alias domain.
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

if [ "$INSTANCE_ORACLE" = yes ]; then
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
