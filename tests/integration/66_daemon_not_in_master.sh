# Parameters that postscreen, tlsproxy or qmqpd alone read: a bad value or a missing table there
# is an error only where master.cf runs that daemon (for an -o override: where the service is
# that daemon), and a warning that says so elsewhere (Debian's master.cf has all three commented
# out). Where the host allows it, a whole real Postfix instance decides the postscreen cases in
# the same run: with postscreen in master.cf it dies on the value, without it mail flows.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
postscreen_master='smtpd     pass  -       -       n       -       -       smtpd
dnsblog   unix  -       -       n       -       0       dnsblog
smtp      inet  n       -       n       -       1       postscreen'

# config DIR MASTER_LINES SETTINGS: main.cf with SETTINGS; MASTER_LINES replace master.cf's
# "smtp inet" service (none: Debian's master.cf as it is).
config() {
    printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\n%s\n' "$3" > "$1/main.cf"
    if [ -n "$2" ]; then
        grep -v '^smtp *inet' "$1/master.cf" > "$1/master.cf.new" && mv "$1/master.cf.new" "$1/master.cf"
        printf '%s\n' "$2" >> "$1/master.cf"
    fi
}

# case NAME BAD_SETTING CODE: the setting in main.cf, with and without postscreen in master.cf.
value_case() {
    name=$1 bad=$2 code=$3
    parameter=${bad%% =*}
    daemon=${parameter%%_*}
    for state in without with; do
        dir=$(postfix_config_dir)
        if [ "$state" = with ]; then
            case $daemon in
            postscreen) master=$postscreen_master ;;
            qmqpd) master="smtp      inet  n       -       n       -       -       smtpd
628       inet  n       -       n       -       -       qmqpd" ;;
            tlsproxy) master="smtp      inet  n       -       n       -       -       smtpd
tlsproxy  unix  -       -       n       -       0       tlsproxy" ;;
            esac
        else
            master=
        fi
        config "$dir" "$master" "$bad"
        line=$(line_of "$dir/main.cf" "$bad")
        out=$("$mfcc" "$dir" 2>&1)
        status=$?
        if [ "$state" = without ]; then
            expect_equal "$name, no $daemon in master.cf: mfcc exits 0" 0 "$status"
            expect_match "$name, no $daemon in master.cf: a warning that says why" \
                "^$dir/main.cf:$line:[0-9]+: warning: .*only $daemon reads $parameter, and master.cf runs no $daemon service.*\[$code\]$" "$out"
        else
            expect_equal "$name, $daemon in master.cf: mfcc exits 1" 1 "$status"
            expect_match "$name, $daemon in master.cf: an error" \
                "^$dir/main.cf:$line:[0-9]+: error: .*\[$code\]$" "$out"
        fi
    done
}

value_case "bad number" "postscreen_dnsbl_threshold = abc" bad-integer
value_case "bad enumeration" "postscreen_greet_action = bogus" bad-enumeration
value_case "bad time" "postscreen_greet_wait = 6x" bad-time
value_case "missing table" "postscreen_access_list = permit_mynetworks, cidr:/nonexistent/access.cidr" table-missing
value_case "bad access list word" "postscreen_access_list = permit_mynetworks, bogus_word" bad-cidr
value_case "unknown table type" "postscreen_access_list = bogus:/etc/postfix/access" table-type-unknown
value_case "table without type" "postscreen_dnsbl_reply_map = /etc/postfix/dnsbl_reply" table-without-type
value_case "qmqpd bad time" "qmqpd_timeout = 300q" bad-time
value_case "qmqpd missing table" "qmqpd_authorized_clients = hash:/nonexistent/qmqp_clients" table-missing
value_case "tlsproxy bad time" "tlsproxy_watchdog_timeout = 10y" bad-time

# An -o override counts where its service is in force: on the postscreen service an error, on
# an smtpd service (postscreen does not read it there) a warning naming the service.
dir=$(postfix_config_dir)
config "$dir" "$postscreen_master
submission inet n       -       n       -       -       smtpd
  -o postscreen_greet_action=bogus" ""
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "-o on an smtpd service: mfcc exits 0" 0 "$?"
expect_match "-o on an smtpd service: a warning naming the service" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" postscreen_greet_action=bogus):[0-9]+: warning: .*service submission/inet is not postscreen.*\[bad-enumeration\]$" "$out"
dir=$(postfix_config_dir)
config "$dir" "smtpd     pass  -       -       n       -       -       smtpd
smtp      inet  n       -       n       -       1       postscreen
  -o postscreen_greet_action=bogus" ""
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "-o on the postscreen service: mfcc exits 1" 1 "$?"
expect_match "-o on the postscreen service: an error" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" postscreen_greet_action=bogus):[0-9]+: error: .*\[bad-enumeration\]$" "$out"

# The oracle: one message through a whole instance, with and without postscreen.
if [ "$INSTANCE_ORACLE" = yes ]; then
    send='/usr/bin/python3 -c "import smtplib; s = smtplib.SMTP(\"127.0.0.1\", 25, timeout=8); s.sendmail(\"a@mx.example.test\", [\"b@mx.example.test\"], \"Subject: t\n\nx\n\"); s.quit()"'
    for state in without with; do
        dir=$(postfix_config_dir)
        if [ "$state" = with ]; then master=$postscreen_master; else master=; fi
        config "$dir" "$master" "postscreen_greet_action = bogus
postscreen_access_list =
postscreen_greet_wait = 1s"
        log=$(instance_log "$dir" "$send" 'fatal|queued as|status=')
        if [ "$state" = with ]; then
            expect_match "real Postfix with postscreen dies on the value" \
                'fatal: .*postscreen_greet_action' "$log"
        elif printf '%s\n' "$log" | grep -Eq 'fatal: .*postscreen_greet_action'; then
            fail_case "real Postfix without postscreen does not read the value" "$log"
        else
            expect_match "real Postfix without postscreen does not read the value: mail is accepted" \
                'queued as|status=' "$log"
        fi
    done
fi

# virtual(8) starts only when a transport hands it mail. With virtual_transport naming another
# service (Dovecot's LMTP in real setups; error: here), a value only virtual reads is a warning
# that says so; with virtual_transport = virtual, or a transport table that could name virtual,
# an error.
virtual_common='virtual_mailbox_domains = example.net
virtual_mailbox_maps = static:nobody
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_mailbox_base ='
config_dir_with "$virtual_common
virtual_transport = error:mailboxes are elsewhere"
elsewhere=$dir
line=$(line_of "$dir/main.cf" 'virtual_mailbox_base =')
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "virtual(8) gets no mail: mfcc exits 0" 0 "$?"
expect_match "virtual(8) gets no mail: a warning that says why" \
    "^$dir/main.cf:$line:[0-9]+: warning: .*only virtual reads virtual_mailbox_base, and no transport in use hands mail to master.cf's virtual service, so it never starts \[empty-value\]$" "$out"
config_dir_with "$virtual_common"
delivered=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "virtual(8) delivers virtual_mailbox_domains: mfcc exits 1" 1 "$?"
expect_match "virtual(8) delivers virtual_mailbox_domains: an error" \
    "^$dir/main.cf:$line:[0-9]+: error: .*virtual_mailbox_base.*\[empty-value\]$" "$out"
config_dir_with "$virtual_common
virtual_transport = error:mailboxes are elsewhere
transport_maps = hash:/etc/postfix/transport"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a transport table could name virtual: an error" \
    "^$dir/main.cf:$line:[0-9]+: error: .*virtual_mailbox_base.*\[empty-value\]$" "$out"
config_dir_with "$virtual_common
virtual_transport = error:mailboxes are elsewhere
content_filter = amavis:[127.0.0.1]:10024"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a content filter that names another transport: still a warning" \
    "^$dir/main.cf:$line:[0-9]+: warning: .*virtual_mailbox_base.*\[empty-value\]$" "$out"
config_dir_with "$virtual_common
virtual_transport = error:mailboxes are elsewhere" "submission inet n       -       n       -       -       smtpd
  -o content_filter=virtual:"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "an -o content_filter that names virtual: an error" \
    "^$dir/main.cf:$line:[0-9]+: error: .*virtual_mailbox_base.*\[empty-value\]$" "$out"
if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test b@example.net'
    log=$(instance_log "$elsewhere" "$send" 'virtual\[[0-9]+\]: fatal|status=')
    # virtual(8)'s own fatal line: master, stopped at the end, may log one of its own
    # ("master_sigdeath: kill process group") when its children are already gone.
    if printf '%s\n' "$log" | grep -Eq 'postfix/virtual\[[0-9]+\]: fatal'; then
        fail_case "real Postfix, virtual_transport = error: virtual(8) never starts" "$log"
    else
        expect_match "real Postfix, virtual_transport = error: the mail goes there" \
            'to=<b@example.net>.*relay=none.*status=bounced \(mailboxes are elsewhere\)' "$log"
    fi
    log=$(instance_log "$delivered" "$send" 'fatal')
    expect_match "real Postfix, virtual_transport = virtual: virtual(8) dies on the value" \
        'virtual.*fatal: .*virtual_mailbox_base' "$log"
fi
