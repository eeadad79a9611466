# Relay domains without relay_recipient_maps (relay-recipients-unknown): smtpd accepts every
# address of a domain trivial-rewrite puts in the relay class, and unknown users bounce later
# (backscatter). mfcc warns at relay_domains, and says nothing once the table is named, for a
# relay_domains entry that another class claims, or for the compatibility-level-1 default
# (relay_domains = $mydestination). The oracle, in the same run where the host allows it: a whole
# Postfix instance accepts RCPT TO an unknown user of the relay domain without the table, and
# rejects it with "User unknown in relay recipient table" with it.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"

config_dir_with 'relay_domains = relay.test'
open_dir=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "relay domain without relay_recipient_maps: exit 0" 0 "$?"
expect_match "relay domain without relay_recipient_maps: a warning at relay_domains" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" relay_domains):[0-9]+: warning: relay_domains lists relay.test, but relay_recipient_maps is empty.*\[relay-recipients-unknown\]$" "$out"

config_dir_with "relay_domains = relay.test
relay_recipient_maps = hash:$WORK/relay_recipients"
table_dir=$dir
printf 'known@relay.test x\n' > "$WORK/relay_recipients"
postmap -c "$dir" "hash:$WORK/relay_recipients"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "relay_recipient_maps named: no warning" "$out" relay-recipients-unknown

config_dir_with 'relay_domains = relay.test
virtual_alias_domains = relay.test
virtual_alias_maps = static:someone@example.test'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "a relay_domains entry the virtual alias class claims: no warning" "$out" relay-recipients-unknown

config_dir_with ''
sed -i 's/^compatibility_level = 3.6$/compatibility_level = 1/' "$dir/main.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "compatibility level 1 (relay_domains = \$mydestination): no warning" "$out" relay-recipients-unknown

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='/usr/bin/python3 -c "import smtplib
s = smtplib.SMTP(\"127.0.0.1\", 25, timeout=8)
s.ehlo(\"client.example\")
s.mail(\"a@client.example\")
print(\"RCPT\", s.rcpt(\"unknown@relay.test\")[0])
s.quit()"'
    log=$(instance_log "$open_dir" "$send" 'disconnect from')
    expect_match "real smtpd without the table accepts an unknown user of the relay domain" \
        '^RCPT 250$' "$log"
    log=$(instance_log "$table_dir" "$send" 'disconnect from')
    expect_match "real smtpd with the table rejects the unknown user" \
        'User unknown in relay recipient table' "$log"
fi
