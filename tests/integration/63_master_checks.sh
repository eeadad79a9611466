# master.cf semantics as mfcc checks them, each at its line: duplicate services (smtp and 25
# are one port), inet services marked private, commands that are not Postfix daemons, pipe
# without argv=, single-process daemons and wakeup timers, -o of unknown parameters (postconf's
# "unused parameter", compared in the same run), and daemon option words joined as getopt
# reads them (-vo name=value is -v and -o; postconf -M and -P in the same run are the oracle
# where they agree with getopt, and mfcc warns where postconf cuts otherwise), and a word after
# the options of a daemon that takes none (a space inside an -o value, a comment after an
# entry). Where the host allows it, real master(8) is the oracle for the duplicate and the
# private inet service, and a whole real instance for the word after the options.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

dir=$(postfix_config_dir)
cf="$dir/main.cf"
mcf="$dir/master.cf"
printf 'compatibility_level = 3.6\n' > "$cf"
cat >> "$mcf" <<'CF'
25        inet  n       -       y       -       -       smtpd
relay2    unix  -       -       n       -       -       smtpdd
mailer    unix  -       n       n       -       -       pipe flags=R user=nobody
qmgr2     unix  n       -       n       300     4       qmgr
cleanup2  unix  n       -       n       60      0       cleanup
2526      inet  -       -       n       -       -       smtpd
  -o smtpd_tls_securitylevl=may
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "smtp and 25 are the same service: the earlier entry is ignored" "$out" "$mcf" \
    "$(grep -n '^smtp .*inet' "$mcf" | head -n 1 | cut -d: -f1)" master-duplicate-service
expect_match "duplicate message as master words it" \
    'duplicate master.cf entry for service "smtp" \(25\) -- using the last entry' "$out"
expect_diag "unknown command" "$out" "$mcf" "$(line_of "$mcf" smtpdd)" master-unknown-command
expect_match "unknown command suggestion" 'did you mean "smtpd"' "$out"
expect_diag "pipe without argv=" "$out" "$mcf" "$(line_of "$mcf" 'flags=R user=nobody')" master-missing-argv
expect_diag "qmgr with four processes" "$out" "$mcf" "$(line_of "$mcf" qmgr2)" master-process-limit
expect_diag "wakeup timer on cleanup" "$out" "$mcf" "$(line_of "$mcf" cleanup2)" master-wakeup-ignored
expect_diag "inet service private by default" "$out" "$mcf" "$(line_of "$mcf" '2526      inet')" master-inet-private
expect_diag "-o of an unknown parameter" "$out" "$mcf" "$(line_of "$mcf" securitylevl)" unknown-parameter
expect_match "-o suggestion" 'did you mean smtpd_tls_security_level' "$out"

# postconf in the same run: the -o parameter it calls unused is the one mfcc reports.
pc=$(postconf -c "$dir" -M 2>&1 >/dev/null)
expect_match "postconf: unused parameter in master.cf" "master.cf: unused parameter: smtpd_tls_securitylevl=may" "$pc"

# Joined option words. The daemons' getopt reads -vo NAME=VALUE as -v -o NAME=VALUE: the
# override is in force, checked, and in the snapshot, as postconf -P lists it.
jdir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.com\n' > "$jdir/main.cf"
cat >> "$jdir/master.cf" <<'CF'
2525      inet  n       -       y       -       -       smtpd -vo smtpd_helo_required=yes
2526      inet  n       -       y       -       -       smtpd -Do smtpd_client_connection_count_limit=5 -o syslog_name=x
2527      inet  n       -       y       -       -       smtpd -vDo{ smtpd_banner = hi there }
2528      inet  n       -       y       -       -       smtpd -vosmtpd_tls_security_level=may
relay3    unix  -       -       n       -       -       smtp -vo smtp_helo_nme=x
relay4    unix  -       -       n       -       -       smtp -osyslog_name=postfix/relay4
relay5    unix  -       -       n       -       -       smtp -o{ smtpd_banner = $myhostname }
CF
expect_equal "joined options: mfcc -M = postconf -M" "$(postconf -c "$jdir" -M 2>/dev/null)" \
    "$("$MF_BIN/mfcc" -M "$jdir" 2>/dev/null)"
pp=$(postconf -c "$jdir" -P 2>/dev/null)
for want in "2525/inet/smtpd_helo_required = yes" "2526/inet/smtpd_client_connection_count_limit = 5" \
    '2527/inet/smtpd_banner = hi there' "2528/inet/smtpd_tls_security_level = may"; do
    expect_match "joined options: postconf -P has $want" "^$(printf '%s' "$want" | sed 's/[$]/[$]/g')\$" "$pp"
done
out=$("$MF_BIN/mfcc" --no-file-checks -o "$WORK/joined.snapshot" "$jdir" 2>&1)
dump=$("$MF_BIN/mfcc" --dump "$WORK/joined.snapshot" 2>&1)
expect_match "joined options: -vo's override is in the snapshot, -v kept" \
    '^2525/inet: .* command=smtpd -v$' "$dump"
expect_match "joined options: the override itself" '^    -o smtpd_helo_required=yes$' "$dump"
expect_match "joined options: -vDo{ } override in the snapshot" \
    '^    -o smtpd_banner=hi there$' "$dump"
expect_diag "joined options: -vo of an unknown parameter" "$out" "$jdir/master.cf" \
    "$(line_of "$jdir/master.cf" smtp_helo_nme)" unknown-parameter
expect_diag "joined options: postconf cuts -osyslog_name=postfix/relay4 elsewhere" "$out" \
    "$jdir/master.cf" "$(line_of "$jdir/master.cf" relay4)" master-joined-option
expect_match "joined options: the two readings shown" \
    'as `-o sysl -o g_name=p -o stfix/relay4`, but the daemon reads `-o syslog_name=postfix/relay4`' "$out"
expect_diag "joined options: postconf cuts -o{ ... \$myhostname } too" "$out" \
    "$jdir/master.cf" "$(line_of "$jdir/master.cf" relay5)" master-joined-option
for line in 2525 2526 2527 2528; do
    if printf '%s\n' "$out" | grep -q "master.cf:$(line_of "$jdir/master.cf" "$line      inet"):.*\[master-joined-option\]"; then
        fail_case "joined options: no warning where postconf and getopt agree ($line)" "$out"
    else
        pass "joined options: no warning where postconf and getopt agree ($line)"
    fi
done
# Braced words as postconf reads them: a braced -o operand becomes name=value (only when it is
# one), a braced word ends the option cutting (what follows keeps its spaces), and -M braces
# again the operands and later words that hold whitespace, though not the first non-option.
bdir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.com\n' > "$bdir/main.cf"
cat >> "$bdir/master.cf" <<'CF'
braced1   unix  -       -       n       -       -       pipe {-v} -o {a = b} {c d} {e f} argv=/bin/cat
braced2   unix  -       -       n       -       -       pipe {-o} {a = b} argv=/bin/cat
braced3   unix  -       -       n       -       -       pipe -o { a b = c } {k = v} argv=/bin/cat
braced4   unix  -       -       n       -       -       pipe {-v} -oa=b c argv=/bin/cat
braced5   unix  -       -       n       -       -       pipe -o x{a b} {c d} e{f g} argv=/bin/cat
CF
expect_equal "braced words: mfcc -M = postconf -M" "$(postconf -c "$bdir" -M 2>/dev/null)" \
    "$("$MF_BIN/mfcc" -M "$bdir" 2>/dev/null)"

# -ovo NAME=VALUE: getopt gives -o the operand vo, and the daemon stops.
kdir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.com\n' > "$kdir/main.cf"
printf 'relay6    unix  -       -       n       -       -       smtp -ovo smtp_helo_name=x\n' >> "$kdir/master.cf"
expect_equal "joined options: mfcc -M = postconf -M on -ovo" "$(postconf -c "$kdir" -M 2>/dev/null)" \
    "$("$MF_BIN/mfcc" -M "$kdir" 2>/dev/null)"
out=$("$MF_BIN/mfcc" --no-file-checks "$kdir" 2>&1)
expect_diag "joined options: -ovo gives -o the operand vo" "$out" "$kdir/master.cf" \
    "$(line_of "$kdir/master.cf" relay6)" master-bad-override

# The stock master.cf is clean.
cp /etc/postfix/master.cf "$mcf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
if printf '%s\n' "$out" | grep -q '\[master-'; then
    fail_case "stock master.cf: no master.cf finding" "$out"
else
    pass "stock master.cf: no master.cf finding"
fi

# An argument after a daemon's options: most daemons stop on it at every request (a space
# inside an -o value is the usual cause, and the options after it are never read); smtp
# ignores one, and pipe reads its arguments as attributes.
config_dir_with "" "submission inet n       -       y       -       -       smtpd
  -o smtpd_recipient_restrictions=permit_sasl_authenticated, reject
  -o smtpd_sasl_auth_enable=yes
2525      inet  n       -       y       -       -       smtpd -v extra
cleanup2  unix  n       -       n       -       0       cleanup -o { header_checks = regexp:/x } stray
relay6    unix  -       -       n       -       -       smtp -o smtp_helo_name=x extra
flush2    unix  n       -       n       1000?   0       flush   # fast flush
spam      unix  -       n       n       -       -       pipe flags=R user=nobody argv=/bin/true"
mcf="$dir/master.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
line=$(line_of "$mcf" 'permit_sasl_authenticated, reject')
column=$(awk -v n="$line" 'NR == n { print index($0, " reject") + 1 }' "$mcf")
expect_match "a space inside an -o value: an error at the word it cuts off" \
    "^$mcf:$line:$column: error: smtpd service submission/inet gets the argument \"reject\" after its options, .*\"fatal: unexpected command-line argument: reject\".*the options after it are not read either.*-o \{ smtpd_recipient_restrictions = ... \} \[master-extra-argument\]\$" "$out"
expect_verdict "a word after -v" "$out" "$mcf" "$(line_of "$mcf" 'smtpd -v extra')" error master-extra-argument
expect_match "a word after a braced -o: no white-space hint" \
    "^$mcf:$(line_of "$mcf" 'cleanup2'):[0-9]+: error: cleanup service cleanup2/unix gets the argument \"stray\" after its options, and stops with \"fatal: unexpected command-line argument: stray\" at every request it serves \[master-extra-argument\]\$" "$out"
expect_match "a comment after an entry: said so" \
    "^$mcf:$(line_of "$mcf" 'flush2'):[0-9]+: error: flush service flush2/unix gets the argument \"#\" .*master.cf has no comments after an entry.*\[master-extra-argument\]\$" "$out"
expect_verdict "smtp ignores an extra argument" "$out" "$mcf" "$(line_of "$mcf" 'relay6')" none master-extra-argument
expect_verdict "pipe's attributes are its arguments" "$out" "$mcf" "$(line_of "$mcf" 'argv=/bin/true')" none master-extra-argument

# Real Postfix as the oracle: smtpd with a space in an -o value, or with a comment after its
# entry, dies on the first connection; the same value written without the space takes the
# message.
if [ "$INSTANCE_ORACLE" = yes ]; then
    send='/usr/bin/python3 -c "import smtplib; s = smtplib.SMTP(\"127.0.0.1\", 25, timeout=8); s.sendmail(\"a@mx.example.test\", [\"b@mx.example.test\"], \"Subject: t\n\nx\n\"); s.quit()"'
    for restrictions in 'permit_mynetworks, reject_invalid_helo_hostname' 'permit_mynetworks  # helo' \
        'permit_mynetworks,reject_invalid_helo_hostname'; do
        config_dir_with ""
        sed -i "s/^smtp  *inet.*smtpd\$/smtp      inet  n       -       n       -       -       smtpd -o smtpd_helo_restrictions=$restrictions/" "$dir/master.cf"
        out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
        log=$(instance_log "$dir" "$send" 'fatal|queued as|status=')
        case $restrictions in
        *'#'*)
            expect_verdict "oracle case, comment after the entry" "$out" "$dir/master.cf" \
                "$(line_of "$dir/master.cf" smtpd_helo_restrictions=)" error master-extra-argument
            expect_match "real smtpd stops on the comment" \
                'smtpd\[[0-9]+\]: fatal: unexpected command-line argument: #' "$log" ;;
        *' '*)
            expect_verdict "oracle case, space in the value" "$out" "$dir/master.cf" \
                "$(line_of "$dir/master.cf" smtpd_helo_restrictions=)" error master-extra-argument
            expect_match "real smtpd stops on the word after the space" \
                'smtpd\[[0-9]+\]: fatal: unexpected command-line argument: reject_invalid_helo_hostname' "$log" ;;
        *)
            expect_verdict "oracle case, no space" "$out" "$dir/master.cf" \
                "$(line_of "$dir/master.cf" smtpd_helo_restrictions=)" none master-extra-argument
            expect_match "real Postfix takes the message" 'queued as|status=' "$log" ;;
        esac
    done
else
    pass "real smtpd stops on an extra argument # skipped: needs root and unshare"
fi

# A '{' without its '}': Postfix's tokenizer runs the word to the end of the entry and keeps the
# entry (postconf -M prints it), so mfcc keeps it too. Where the word starts with '{', master
# dies; where it is a pipe argument's "${user", pipe defers every message. Real postconf says
# what -M prints; real master and pipe, in a whole instance, what happens.
config_dir_with "transport_maps = inline:{mx.example.test=lists}" \
    "lists     unix  -       n       n       -       -       pipe
  flags=FR user=nobody argv=/usr/bin/logger -t lists -- \${nexthop} \${user"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a pipe argument's \${user without '}': an error that says what pipe does" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" 'logger -t lists'):[0-9]+: error: missing '\}' in \"\\\$\{user\": pipe warns \"truncated macro reference\" and defers every message .*\[master-cf-syntax\]\$" "$out"
no_code "the entry is kept: no transport missing" "$out" transport-not-in-master
expect_equal "the entry is kept: mfcc -M = postconf -M" "$(postconf -c "$dir" -M 2>/dev/null)" \
    "$("$MF_BIN/mfcc" -M "$dir" 2>/dev/null)"
if [ "$INSTANCE_ORACLE" = yes ]; then
    send='/usr/bin/python3 -c "import smtplib; s = smtplib.SMTP(\"127.0.0.1\", 25, timeout=8); s.sendmail(\"a@mx.example.test\", [\"b@mx.example.test\"], \"Subject: t\n\nx\n\"); s.quit()"'
    expect_match "real pipe defers the message" \
        'pipe\[[0-9]+\]: .*relay=lists.*status=deferred \(mail system configuration error\)' \
        "$(instance_log "$dir" "$send" 'status=')"
else
    pass "real pipe defers the message # skipped: needs root and unshare"
fi
# A word that starts with '{' and has no '}' ("missing '}'"), or text after its '}' ("syntax error
# after '}'"): master dies on it; postconf -M prints the entry with the group's text, and so does
# mfcc -M. WORD as written, MESSAGE and the word as they appear in the error (regex-escaped).
for brace_case in "{ smtpd_banner = mx|missing '\\}'|\\{ smtpd_banner = mx" \
    "{smtpd_banner=mx}x -v|syntax error after '\\}'|\\{smtpd_banner=mx\\}x"; do
    word=${brace_case%%|*}
    message=$(printf '%s' "$brace_case" | cut -d'|' -f2)
    quoted=${brace_case##*|}
    config_dir_with ""
    sed -i "s/^smtp  *inet.*smtpd\$/smtp      inet  n       -       n       -       -       smtpd -o $word/" "$dir/master.cf"
    out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
    expect_match "-o $word: an error that says master stops" \
        "^$dir/master.cf:$(line_of "$dir/master.cf" 'smtpd_banner'):[0-9]+: error: $message in \"$quoted\": master stops at start-up .*\[master-cf-syntax\]\$" "$out"
    no_code "-o $word: no other error on that entry" "$out" master-bad-override
    expect_equal "-o $word: the entry is kept, mfcc -M = postconf -M" \
        "$(postconf -c "$dir" -M 2>/dev/null)" "$("$MF_BIN/mfcc" -M "$dir" 2>/dev/null)"
    if [ "$INSTANCE_ORACLE" = yes ]; then
        expect_match "-o $word: real master stops on it" \
            "master\[[0-9]+\]: fatal: .*$message in \"$quoted\"" "$(instance_log "$dir" true 'fatal')"
    else
        pass "-o $word: real master stops on it # skipped: needs root and unshare"
    fi
done

# Real master as the oracle: it dies on the private inet service, and warns on the duplicate.
if [ "$SMTPD_ORACLE" = yes ]; then
    odir=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\n' > "$odir/main.cf"
    port=$(free_port)
    printf '127.0.0.1:%s inet - - n - - smtpd\n' "$port" > "$odir/master.cf"
    out=$("$MF_BIN/mfcc" --no-file-checks "$odir" 2>&1)
    expect_diag "private inet service (oracle case)" "$out" "$odir/master.cf" 1 master-inet-private
    expect_match "real master: inet service cannot be private, same line" \
        "fatal: $odir/master.cf: line 1: inet service cannot be private" "$(master_log "$odir")"

    odir=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\n' > "$odir/main.cf"
    printf '127.0.0.1:%s inet n - n - - smtpd\n127.0.0.1:%s inet n - n - - smtpd\n' \
        "$port" "$port" > "$odir/master.cf"
    out=$("$MF_BIN/mfcc" --no-file-checks "$odir" 2>&1)
    expect_diag "duplicate (oracle case)" "$out" "$odir/master.cf" 1 master-duplicate-service
    expect_match "real master: the same duplicate warning" \
        "duplicate master.cf entry for service \"127.0.0.1:$port\" \(\[127.0.0.1\]:$port\) -- using the last entry" \
        "$(master_log "$odir")"
else
    pass "real master: inet service cannot be private # skipped: needs root and unshare"
    pass "real master: the same duplicate warning # skipped: needs root and unshare"
fi

# known_tcp_ports names ports before /etc/services does: for master a listed name is its port
# (so the entry and one with that port number are duplicates, as master warns), and a name that
# neither lists stops master at start-up, which mfcc must report at the entry. Real master
# decides both where the host allows it.
kdir=$(postfix_config_dir)
port=$(free_port)
printf 'compatibility_level = 3.6\nknown_tcp_ports = lmtp=24, smtp=25, mfalt = %s\n' "$port" > "$kdir/main.cf"
printf '127.0.0.1:mfalt inet n - n - - smtpd\n127.0.0.1:%s inet n - n - - smtpd\n' "$port" > "$kdir/master.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$kdir" 2>&1)
expect_diag "a known_tcp_ports name is its port: the numeric entry duplicates it" "$out" \
    "$kdir/master.cf" 1 master-duplicate-service
expect_match "the duplicate names the port known_tcp_ports gives" \
    "duplicate master.cf entry for service \"127.0.0.1:mfalt\" \(\[127.0.0.1\]:$port\)" "$out"
no_code "a known_tcp_ports name is no unknown port" "$out" master-unknown-port
udir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\n' > "$udir/main.cf"
printf '127.0.0.1:mfnosuchport inet n - n - - smtpd\n' > "$udir/master.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$udir" 2>&1)
if [ -r /etc/services ]; then
    expect_diag "a port name nothing lists stops master" "$out" "$udir/master.cf" 1 master-unknown-port
    expect_match "the error says master stops, in master's words" \
        'master stops at start-up \("\.\.\.:mfnosuchport: Servname not supported for ai_socktype"\)' "$out"
else
    no_code "without /etc/services no port name is judged" "$out" master-unknown-port
fi
if [ "$SMTPD_ORACLE" = yes ]; then
    expect_match "real master: the known_tcp_ports name and the number are one service" \
        "duplicate master.cf entry for service \"127.0.0.1:mfalt\" \(\[127.0.0.1\]:$port\) -- using the last entry" \
        "$(master_log "$kdir")"
    expect_match "real master: stops on the port name nothing lists" \
        "fatal: 127.0.0.1:mfnosuchport: Servname not supported for ai_socktype" "$(master_log "$udir")"
else
    pass "real master: known_tcp_ports names # skipped: needs root and unshare"
    pass "real master: unknown port names # skipped: needs root and unshare"
fi

# inet service names as master's host_port() reads them, real master deciding each: it stops
# with 'REASON in "NAME"' where the name is malformed, and mfcc must report the same reason at
# the entry; where master reads the name (an IPv6 address before the last ':', an empty host,
# an IPv6: literal), mfcc has no master-bad-service error and -M lists the entry as postconf -M.
if [ "$SMTPD_ORACLE" = yes ]; then
    port=$(free_port)
    for service in "::1:$port" ":$port" "[ipv6:::1]:$port" "[::1]" "127.0.0.1:${port}x" \
        "bad!host:$port" "[IPv6:192.0.2.1]:$port" "a:b:$port"; do
        odir=$(postfix_config_dir)
        printf 'compatibility_level = 3.6\n' > "$odir/main.cf"
        printf '%s inet n - n - - smtpd\n' "$service" > "$odir/master.cf"
        out=$("$MF_BIN/mfcc" --no-file-checks "$odir" 2>&1)
        said=$(master_log "$odir" | grep -F "fatal: $odir/master.cf: line 1: " | grep -F " in \"$service\"")
        if [ -n "$said" ]; then
            reason=${said#*: line 1: }
            reason=${reason%%$(printf '\r')}
            expect_diag "inet service $service: refused, as master does" "$out" "$odir/master.cf" 1 master-bad-service
            case $out in
                *"$reason"*) pass "inet service $service: master's reason ($reason)" ;;
                *) fail_case "inet service $service: master's reason ($reason)" "$out" ;;
            esac
        else
            no_code "inet service $service: master reads it, mfcc has no error" "$out" master-bad-service
            expect_equal "inet service $service: mfcc -M = postconf -M" \
                "$(postconf -c "$odir" -M 2>/dev/null)" "$("$MF_BIN/mfcc" -M "$odir" 2>/dev/null)"
        fi
    done
else
    pass "real master: inet service names # skipped: needs root and unshare"
fi
