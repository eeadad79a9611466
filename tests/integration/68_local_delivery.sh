# Mailbox settings that local(8) never reads (mailbox-setting-ignored): it takes the first of
# mailbox_transport, mailbox_command, home_mailbox and mail_spool_directory that is not empty.
# mfcc warns at the ignored setting (main.cf or a local service's -o) and stays silent where
# each setting is read. The oracle, in the same run where the host allows it: a whole Postfix
# instance delivers one message to the local user nobody, and local(8) logs which way it went:
# to the command while mailbox_command is set, to the maildir once it is empty.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'mailbox_command = /bin/cat
home_mailbox = Maildir/'
shadowed=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "home_mailbox under mailbox_command: a warning, exit 0" 0 "$?"
expect_diag "home_mailbox under mailbox_command: at home_mailbox" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" home_mailbox)" mailbox-setting-ignored

config_dir_with 'mailbox_transport = lmtp:unix:private/dovecot-lmtp
mailbox_command = /usr/bin/procmail
mail_spool_directory = /var/mail'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "mailbox_command under mailbox_transport" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" mailbox_command)" mailbox-setting-ignored
expect_diag "mail_spool_directory under mailbox_transport" "$out" "$dir/main.cf" \
    "$(line_of "$dir/main.cf" mail_spool_directory)" mailbox-setting-ignored

# An -o on the local service counts there: mailbox_command emptied for it, home_mailbox is read.
config_dir_with 'mailbox_command = /usr/bin/procmail
home_mailbox = Maildir/'
sed 's|^local .*|& -o mailbox_command=|' "$dir/master.cf" > "$dir/master.cf.new" &&
    mv "$dir/master.cf.new" "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "mailbox_command emptied by the local service's -o: no warning" "$out" mailbox-setting-ignored

config_dir_with 'home_mailbox = Maildir/'
read_dir=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "home_mailbox alone: no warning" "$out" mailbox-setting-ignored
config_dir_with 'mailbox_command ='
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "defaults: no warning" "$out" mailbox-setting-ignored

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test nobody@mx.example.test'
    log=$(instance_log "$shadowed" "$send" 'status=')
    expect_match "real local(8) with both set: delivered to the command" \
        'status=sent \(delivered to command: /bin/cat\)' "$log"
    log=$(instance_log "$read_dir" "$send" 'status=')
    expect_match "real local(8) with home_mailbox alone: the maildir" \
        'to=<nobody@mx.example.test>.*status=.*maildir' "$log"
fi
