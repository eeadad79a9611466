# The defect corpus: each case is a configuration Postfix itself complains about (postconf -n,
# postconf -M, and for two cases `postfix check`, in this run), master.cf option words joined
# as in -vo name=value included. Every warning or error Postfix
# prints must be matched by an mfcc diagnostic at the same file and line; and mfcc must also
# report what postconf lets through but the daemons die on (smtpd_use_tls = yess).
. "$MF_TOP/tests/integration/lib.sh"

match="$MF_TOP/tests/integration/mfcc_corpus/match_postfix_messages.py"

# defect NAME POSTFIX_CHECK(yes|no): main.cf from $main, master.cf from $master (or stock).
defect() {
    name=$1
    dir=$(postfix_config_dir)
    printf '%s' "$main" > "$dir/main.cf"
    [ -n "${master:-}" ] && printf '%s' "$master" > "$dir/master.cf"
    { postconf -c "$dir" -n > /dev/null; postconf -c "$dir" -M > /dev/null
      [ "$2" = yes ] && postfix -c "$dir" check; } > "$WORK/postfix.out" 2>&1
    "$MF_BIN/mfcc" --no-file-checks --format=json "$dir" > "$WORK/mfcc.json" 2>/dev/null
    check "defect: $name" /usr/bin/python3 "$match" "$dir" "$WORK/postfix.out" "$WORK/mfcc.json"
    master=""
}

master=""
main='compatibility_level = 3.6
mydomain = a.example
myhostname = mx.example.test
mydomain = b.example
typo_parameter = 1
relayhost = $undefined_relay
smtpd_banner = ${missing_name?{x}:{y}} $mail_name
'
defect "duplicates, unused and undefined parameters (postconf and postfix check)" yes

# An undefined name on a continuation line: mfcc reports it at that line, where its `$` is.
main='compatibility_level = 3.6
myhostname = mx.example.test
proxy_read_maps = $local_recipient_maps
    $mydestination
    $virtual_mailbox_limit_maps
'
defect "an undefined parameter referenced on a continuation line" no

# Postfix sets config_directory before it reads main.cf: a main.cf value naming another
# directory overrides that entry, and every program warns (postfix check too).
main='compatibility_level = 3.6
myhostname = mx.example.test
config_directory = /etc/postfix-elsewhere
'
defect "config_directory naming another directory (postconf and postfix check)" yes

main='compatibility_level = 3.6
myhostname = mx.example.test
myorigin = ${foo-bar}
'
defect "attribute name syntax error" no

main='    indented = 1
compatibility_level = 3.6
myhostname = mx.example.test
'
defect "text before the first line, which it cannot continue" no

main='compatibility_level = 3.6
myhostname = mx.example.test
relayhost = ${unclosed
'
defect "truncated macro reference" no

# The same syntax error in a parameter nothing uses: postconf only warns (no daemon ever
# expands it), so mfcc warns at that line and reports no error.
main='compatibility_level = 3.6
myhostname = mx.example.test
never_used = ${unclosed
'
defect "truncated macro reference in a parameter nothing uses" no
no_match "defect: a parameter nothing uses is only warned about" '"severity": *"error"' "$(cat "$WORK/mfcc.json")"

# A syntax error in a branch the values do not take: the daemons never parse it, postconf's scan
# of every branch warns. mfcc warns at that line, no error.
main='compatibility_level = 3.6
myhostname = mx.example.test
smtpd_banner = $myhostname ${{a} == {b} ? {${relay_domains:{x} junk}} : {ESMTP}}
'
defect "a syntax error in a branch not taken" no
no_match "defect: a branch not taken is only warned about" '"severity": *"error"' "$(cat "$WORK/mfcc.json")"

main='compatibility_level = 3.6
mydomain = example.test
relayhost = [mail.example.test]$
'
defect "empty macro name" no

main='compatibility_level = 3.6
myhostname = mx.example.test
smtpd_banner = $myhostname ESMTP ${{$mail_name} >=level {3.6} ? {new} : {old}}
'
defect "a level comparison whose operand is not a level" no

main='compatibility_level = 3.6.1024
myhostname = mx.example.test
'
defect "a compatibility level whose patch part is over 1023 (postfix check)" yes

main='compatibility_level = 3.6
myhostname = mx.example.test
just some words
'
defect "missing '=' after attribute name" no

# A list's element that lost its indentation starts a logical line whose continuation lines
# follow: Postfix names that line, not the next word's.
main='compatibility_level = 3.6
myhostname = mx.example.test
smtpd_client_restrictions =
    permit_mynetworks,
permit_sasl_authenticated,
    reject_unauth_pipelining,
    reject_unknown_client_hostname
'
defect "missing '=' on a line continued below" no

main='compatibility_level = 3.6
  continued by mistake
myhostname = mx.example.test
'
defect "an indented line continues compatibility_level" no

main='compatibility_level = 3.6
'
master='smtp      inet  n       -       y       -       -       smtpd
pickup    unix  n       -       y       60      1
'
defect "master.cf: bad field count" no
master='smtp      inet  n       -       y       -       -       smtpd
relay     tcp   -       -       y       -       -       smtp
'
defect "master.cf: invalid type field" no
master='smtp      inet  n       -       y       -       -       smtpd
flush     unix  n       -       y       1000??  0       flush
'
defect "master.cf: invalid wakeup field" no
master='smtp      inet  n       -       y       -       -       smtpd
flush     unix  n       -       yes     1000?   0       flush
'
defect "master.cf: invalid chroot field" no
master='smtp      inet  n       -       y       -       -       smtpd
flush     unix  n       -       y       1000?   -5      flush
'
defect "master.cf: invalid process_limit field" no
main='compatibility_level = 3.6
'
master='smtp      inet  n       -       y       -       -       smtpd
  -o smtpd_use_tls=yes
  -o {smtpd_tls_security_level=may
'
defect "master.cf: missing '}'" no

main='compatibility_level = 3.6
'
master='smtp      inet  n       -       y       -       -       smtpd -vo smtpd_tls_securty_level=may
'
defect "master.cf: -vo of an unknown parameter (getopt reads -v -o)" no
master='smtp      inet  n       -       y       -       -       smtpd -osyslog_name=postfix/smtp
'
defect "master.cf: a joined -o that postconf cuts at each o" no

# A database configured in main.cf (ldap:corp reads corp_*): postconf's unused parameter, and
# mfcc's suggestion among the names the database reads.
main='compatibility_level = 3.6
virtual_alias_maps = ldap:corp
corp_server_host = ldap.example.com
corp_serch_base = dc=example,dc=com
'
defect "main.cf: a misspelt parameter of a database configured in main.cf" no
expect_match "did you mean for a main.cf database parameter" \
    "unused parameter: corp_serch_base=.*did you mean corp_search_base\?" \
    "$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)"

# What postconf lets through and the daemons refuse: mfcc reports it as an error.
dir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_use_tls = yess\n' > "$dir/main.cf"
expect_equal "postconf itself is silent on smtpd_use_tls = yess" "" "$(postconf -c "$dir" -n 2>&1 >/dev/null)"
output=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "mfcc reports smtpd_use_tls = yess as an error at its line" \
    "main.cf:3:17: error: bad boolean configuration: smtpd_use_tls = yess" "$output"

# A checked copy stands for the directory main.cf names: through --sysroot, or, without it,
# when main.cf names the built-in /etc/postfix (a repository's copy of it). Then nothing is said.
root=$(mktemp -d "$WORK/root.XXXXXX")
mkdir -p "$root/etc/postfix"
cp /etc/postfix/master.cf "$root/etc/postfix/master.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nconfig_directory = /etc/postfix\n' > "$root/etc/postfix/main.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$root/etc/postfix" 2>&1)
no_code "config_directory = /etc/postfix in a copy checked without --sysroot" "$out" duplicate-parameter
out=$("$MF_BIN/mfcc" --no-file-checks --sysroot "$root" "$root/etc/postfix" 2>&1)
no_code "config_directory = /etc/postfix in a copy checked with --sysroot" "$out" duplicate-parameter
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nconfig_directory = /etc/postfix-out\n' > "$root/etc/postfix/main.cf"
out=$("$MF_BIN/mfcc" --no-file-checks --sysroot "$root" "$root/etc/postfix" 2>&1)
expect_match "config_directory = /etc/postfix-out in a copy of /etc/postfix: the override" \
    "main.cf:3:1: warning: overriding earlier entry: config_directory=.*then means /etc/postfix-out\) \[duplicate-parameter\]" "$out"
