# A domain listed in two address classes (mydestination, virtual_alias_domains,
# virtual_mailbox_domains, relay_domains): real trivial-rewrite warns "do not list domain D in
# BOTH A and B" when mail for D arrives; mfcc reports the same at compile time. The oracle, in
# the same run where the host allows it: a whole Postfix instance receives one RCPT TO for each
# domain of the configuration (smtpd resolves each through trivial-rewrite), and the warnings it
# logs must be exactly the ones mfcc prints. The configuration covers parent domains of
# relay_domains, a .domain in mydestination (an exact string there), "!" negation, a hash table
# (built by real postmap) and mixed case.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

dir=$(postfix_config_dir)
printf 'table-alias.test x\n' > "$dir/alias_domains"
postmap -c "$dir" "hash:$dir/alias_domains"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = mx.example.test
mydestination = \$myhostname, localhost, local-alias.test, Local-Mailbox.test, .sublocal.test,
    local-only.test
virtual_alias_domains = local-alias.test, alias-mailbox.test, alias-relay.test, !negated.test,
    hash:$dir/alias_domains
virtual_alias_maps = hash:$dir/alias_domains
virtual_mailbox_domains = local-mailbox.test, alias-mailbox.test, mailbox-relay.test,
    x.sublocal.test, table-alias.test, negated.test, mailbox-only.test, sub.parent-relay.test
virtual_mailbox_maps = hash:$dir/alias_domains
virtual_uid_maps = static:5000
virtual_gid_maps = static:5000
relay_domains = alias-relay.test, mailbox-relay.test, negated.test, parent-relay.test
CF
domains="local-alias.test local-mailbox.test x.sublocal.test local-only.test alias-mailbox.test
alias-relay.test negated.test table-alias.test mailbox-relay.test mailbox-only.test
sub.parent-relay.test parent-relay.test"

warnings_of() {
    grep -Eo 'do not list domain [^ ]+ in BOTH [a-z_]+ and [a-z_]+' | sort -u
}

out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_equal "mfcc: warnings only, exit 0" 0 "$?"
mfcc_warnings=$(printf '%s\n' "$out" | warnings_of)
expect_match "mfcc: a domain in mydestination and virtual_mailbox_domains, at its line" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" 'virtual_mailbox_domains = local-mailbox'):[0-9]+: warning: do not list domain local-mailbox.test in BOTH mydestination and virtual_mailbox_domains .*\[domain-in-two-classes\]$" "$out"
# mydestination is a list of exact strings: .sublocal.test there is not x.sublocal.test.
no_match "mfcc: .sublocal.test in mydestination does not cover x.sublocal.test" \
    'domain x.sublocal.test' "$out"
expect_match "mfcc: a domain found in virtual_alias_domains' table" \
    "do not list domain table-alias.test in BOTH virtual_alias_domains and virtual_mailbox_domains" "$out"

# Without the tables (--no-file-checks) a domain whose class depends on one is not judged.
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_match "--no-file-checks: no verdict that needs the table" 'domain table-alias.test' "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    rcpts=$(printf '"u@%s",' $domains)
    send="/usr/bin/python3 -c 'import smtplib
s = smtplib.SMTP(\"127.0.0.1\", 25, timeout=8)
s.ehlo(\"client.example\")
s.mail(\"a@mx.example.test\")
for r in [$rcpts]: s.rcpt(r)
s.quit()'"
    log=$(instance_log "$dir" "$send" 'disconnect from')
    postfix_warnings=$(printf '%s\n' "$log" | warnings_of)
    count=$(printf '%s\n' "$postfix_warnings" | grep -c 'do not list')
    if [ "$count" -ge 8 ]; then
        pass "real trivial-rewrite: $count domains in two classes"
    else
        fail_case "real trivial-rewrite: at least 8 domains in two classes" "$log"
    fi
    expect_equal "mfcc reports exactly the domains real trivial-rewrite warns about" \
        "$postfix_warnings" "$mfcc_warnings"
fi
