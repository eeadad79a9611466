# The settings every Postfix program refuses at start-up (mail_params_init): real `postfix
# check` is run on each defect in this run (under script(1), since postfix prints its fatal
# errors only to a terminal), and its message must be matched by an mfcc error at the same
# file and line: myhostname and mydomain as valid_hostname() judges them (a trailing dot, a
# misplaced hyphen, all digits; mydomain making myhostname's default invalid), syslog_facility,
# root as mail_owner or default_privs, default_privs = mail_owner, relayhost = myhostname,
# myorigin with two words or naming a missing file; maillog_file outside maillog_file_prefixes
# or without master.cf's postlog service; inet_interfaces with all or loopback-only in a list,
# or with an address of a family inet_protocols disables. And the valid forms stay silent.
# maillog_file makes postfix-script log to that file: the cases point it into $WORK.
. "$MF_TOP/tests/integration/lib.sh"

match="$MF_TOP/tests/integration/mfcc_corpus/match_postfix_messages.py"

if ! command -v script > /dev/null; then
    pass "startup checks: script(1) unavailable here; skipped"
    exit 0
fi

# defect NAME MAIN_CF_TEXT: postfix check's fatal error matched by mfcc at its line. With
# $without set, master.cf's lines that start with it are left out.
without=""
defect() {
    dir=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\n%b' "$2" > "$dir/main.cf"
    if [ -n "$without" ]; then
        grep -v "^$without" /etc/postfix/master.cf > "$dir/master.cf"
        without=""
    fi
    # postfix waits for a main.cf that looks freshly written; make it look settled.
    touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
    script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
    "$MF_BIN/mfcc" --format=json "$dir" > "$WORK/mfcc.json" 2>/dev/null
    check "startup: $1" /usr/bin/python3 "$match" "$dir" "$WORK/postfix.out" "$WORK/mfcc.json"
    if ! grep -q '"severity": *"error"' "$WORK/mfcc.json"; then
        fail_case "startup: $1 is an error" "$(cat "$WORK/mfcc.json")"
    fi
}

defect "myhostname with a trailing dot" 'myhostname = mail.example.com.\n'
defect "myhostname with a misplaced hyphen" 'myhostname = mail-.example.com\n'
defect "a numeric myhostname" 'myhostname = 192.0.2.1\n'
defect "mydomain with a trailing dot makes myhostname's default invalid" 'mydomain = example.com.\n'
defect "myhostname naming a mydomain that main.cf does not set (both expand to nothing there)" 'myhostname = mail.$mydomain\n'
defect "mydomain invalid under a valid myhostname" 'myhostname = mx.example.com\nmydomain = -example.com\n'
defect "unknown syslog_facility" 'syslog_facility = Mail\n'
defect "mail_owner root" 'mail_owner = root\n'
defect "default_privs root" 'default_privs = root\n'
defect "default_privs is mail_owner" 'default_privs = postfix\n'
defect "relayhost is myhostname" 'myhostname = mx.example.com\nrelayhost = $myhostname\n'
defect "a VERP delimiter verp_delimiter_filter does not allow" 'default_verp_delimiters = +x\n'
defect "a verp_delimiter_filter without the default delimiters" 'verp_delimiter_filter = -=\n'
defect "a verp_delimiter_filter that expands without them" 'verp_delimiter_filter = $myhostname\n'
# An empty myhostname stops every program at its length check, before the checks that would
# find it invalid or equal to an empty relayhost: one error, not three.
defect "myhostname that expands to nothing (a shell-style \$HOSTNAME)" 'myhostname = $HOSTNAME\nrelayhost =\n'
expect_equal "an empty myhostname is one error" 1 \
    "$(/usr/bin/python3 -c 'import json, sys; print(sum(d["severity"] == "error" for d in json.load(open(sys.argv[1]))))' "$WORK/mfcc.json")"
defect "myorigin with two words" 'myorigin = example.com example.net\n'
defect "myorigin naming a file that is missing" "myorigin = $WORK/no-mailname\n"
printf 'John Smith\n' > "$WORK/mailname"
defect "myorigin naming a file whose first line has two words" "myorigin = $WORK/mailname\n"

defect "maillog_file outside the default prefixes (case-sensitive)" 'maillog_file = /VAR/log/postfix.log\n'
defect "a relative maillog_file" 'maillog_file = postfix.log\n'
defect "maillog_file outside prefixes set in main.cf" "maillog_file_prefixes = $WORK/logs\nmaillog_file = $WORK/other/postfix.log\n"
without=postlog
defect "maillog_file without master.cf's postlog service" "maillog_file_prefixes = $WORK\nmaillog_file = $WORK/postfix.log\n"
defect "all in an inet_interfaces list" 'inet_interfaces = all, 127.0.0.1\n'
defect "loopback-only in an inet_interfaces list" 'inet_interfaces = 127.0.0.1 loopback-only\n'
defect "an IPv6 inet_interfaces address with inet_protocols = ipv4" 'inet_protocols = ipv4\ninet_interfaces = 127.0.0.1, [::1]\n'
defect "an IPv4 inet_interfaces address with inet_protocols = ipv6" 'inet_protocols = ipv6\ninet_interfaces = 127.0.0.1\n'

# accepted LABEL: main.cf from standard input is a valid form: postfix check accepts it and
# mfcc reports no error.
accepted() {
    dir=$(postfix_config_dir)
    cat > "$dir/main.cf"
    touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
    check "startup: postfix check accepts $1" script -qec "postfix -c $dir check" /dev/null
    output=$("$MF_BIN/mfcc" "$dir" 2>&1)
    if printf '%s\n' "$output" | grep -q ': error: '; then
        fail_case "startup: no mfcc error on $1" "$output"
    else
        pass "startup: no mfcc error on $1"
    fi
}

printf 'mail.example.org\n' > "$WORK/mailname"
accepted "the valid forms" <<CF
compatibility_level = 3.6
myhostname = mx_1.example-mail.com
mydomain = example-mail.com
myorigin = $WORK/mailname
syslog_facility = local3
relayhost = [mx_1.example-mail.com]
default_privs = nobody
default_verp_delimiters = ==
verp_delimiter_filter = =
CF

# myhostname naming mydomain and a parameter of main.cf's own, which exist when it is expanded.
accepted "myhostname made of main.cf's mydomain and a parameter of its own" <<'CF'
compatibility_level = 3.6
mydomain = example.org
mail_host = mail
myhostname = $mail_host.$mydomain
CF

# compatibility levels as strtol(3) reads their parts: a sign, blanks after the dot.
accepted "compatibility levels with a sign and a blank" <<'CF'
compatibility_level = +3. 6
myhostname = mx.example.test
CF

# maillog_file under a prefix compared as a plain string ($WORK/var admits $WORK/variable.log),
# with the postlog service; inet_interfaces with numeric forms getaddrinfo takes, an
# IPv4-mapped address that serves as IPv4 under inet_protocols = ipv4.
accepted "maillog_file and inet_interfaces forms" <<CF
compatibility_level = 3.6
maillog_file_prefixes = /nowhere, $WORK/var
maillog_file = $WORK/variable.log
inet_protocols = ipv4
inet_interfaces = 127.0.0.1, [127.0.0.1], ::ffff:127.0.0.1
CF

# postconf, which postfix check and postfix start run, evaluates myhostname with only main.cf's
# settings defined while mydomain is at its default (the daemons, with every default defined).
# A branch taken only there that compares an empty compatibility level stops postconf; with
# mydomain set, postconf does not evaluate myhostname so, and postfix check goes on. Real
# postfix check decides, case by case, and mfcc must agree.
for mydomain in "" "mydomain = example.test"; do
    dir=$(postfix_config_dir)
    printf 'myhostname = ${relayhost:${{$compatibility_level} <level {2} ? {mx} : {mail}}}.example.test\n%s\n' \
        "$mydomain" > "$dir/main.cf"
    touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
    script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
    output=$("$MF_BIN/mfcc" "$dir" 2>&1)
    label="startup: myhostname evaluated with main.cf's settings alone${mydomain:+ ($mydomain)}"
    if grep -q 'macro processing error' "$WORK/postfix.out"; then
        expect_verdict "$label" "$output" "$dir/main.cf" 1 error expansion-syntax
    else
        expect_verdict "$label" "$output" "$dir/main.cf" 1 none expansion-syntax
    fi
done

# known_tcp_ports: every program warns about each association it cannot read and skips it.
# postfix check's warnings in this run are the oracle: each must be an mfcc warning with the same
# words at the line of that association, and mfcc must warn about nothing else there.
dir=$(postfix_config_dir)
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
myhostname = mx.example.test
known_tcp_ports = lmtp=24, smtp=25, smtp=26, 1234=465,
    foo=bar, mfalt = 2 599, = 2600,
    plain, a = b = 2601
CF
touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
postfix_said=$(grep -o 'warning: known_tcp_ports: .*' "$WORK/postfix.out" | tr -d '\r' | sort -u)
output=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "known_tcp_ports: postfix check warns about six associations" 6 \
    "$(printf '%s\n' "$postfix_said" | grep -c .)"
printf '%s\n' "$postfix_said" > "$WORK/known_ports_said"
while IFS= read -r said; do
    words=${said#warning: }
    association=$(printf '%s' "$words" | sed 's/^known_tcp_ports: in "\([^"]*\)".*/\1/' | sed 's/^ *//')
    line=$(line_of "$dir/main.cf" "$association")
    if printf '%s\n' "$output" | grep -F -- "$words" |
        grep -Eq "^$dir/main.cf:$line:[0-9]+: warning: .*\[known-tcp-ports\]\$"; then
        pass "known_tcp_ports: mfcc warns as postfix check does at line $line: $words"
    else
        fail_case "known_tcp_ports: mfcc warns as postfix check does at line $line: $words" "$output"
    fi
done < "$WORK/known_ports_said"
expect_equal "known_tcp_ports: mfcc warns about those six alone" 6 \
    "$(printf '%s\n' "$output" | grep -c '\[known-tcp-ports\]$')"
no_match "known_tcp_ports: no error" ': error: ' "$output"
