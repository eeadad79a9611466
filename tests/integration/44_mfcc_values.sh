# Typed values judged by real smtpd in the same run: for each one-line setting, real smtpd
# (tests/integration/smtpd_oracle.sh), or the smtp or lmtp client for their own parameters,
# either refuses it (fatal, "Invalid", "unsupported", "unknown ... value") or runs; mfcc must
# report an error at that line exactly when the daemon refuses, and stay silent (no error) when
# it accepts; likewise for a setting given as an -o override of the daemon's master.cf service. Covers the case rules that differ
# between Postfix's name_code (any case) and name_mask/strcmp (exact) lookups, network lists
# (host bits, mask lengths, unbracketed IPv6) and check_policy_service { ... } attributes.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

if [ "$SMTPD_ORACLE" != yes ]; then
    pass "values: smtpd oracle unavailable here (needs root and unshare); skipped"
    exit 0
fi

# daemon_refuses DAEMON SETTING [-o]: whether real DAEMON, with SETTING last in its main.cf
# (with -o: as an -o override of its service in master.cf, and on its command line), refuses to
# run (smtpd serves an EHLO session; another daemon only starts). Sets dir (the case), where
# (SETTING's FILE:LINE) and daemon_out.
n=0
daemon_refuses() {
    n=$((n + 1))
    dir="$WORK/case$n"
    mkdir -p "$dir"
    printf 'smtpd_relay_restrictions = reject_unauth_destination\nmyhostname = mx.example.test\n' \
        > "$dir/main.cf"
    # What the daemon needs to start at all, before the setting so that the setting wins.
    case $1 in
    # A virtual service that mail reaches (master starts a delivery agent for mail only).
    virtual) printf 'virtual_mailbox_base = /var/mail\nvirtual_mailbox_domains = virtual.example.test\n' \
        >> "$dir/main.cf" ;;
    qmqpd) printf 'qmqpd_error_delay = 0s\n' >> "$dir/main.cf" ;;
    esac
    # Debian's services (so that mfcc knows which daemons run, as on a real server); postscreen
    # with the services it uses, tlsproxy, dnsblog and qmqpd as their commented lines offer them.
    case $1 in
    postscreen | tlsproxy | dnsblog | qmqpd)
        sed -e 's/^#\(\(smtp\|smtpd\|dnsblog\|tlsproxy\|628\) .*\(postscreen\|smtpd\|dnsblog\|tlsproxy\|qmqpd\)\)$/\1/' \
            -e 's/^smtp \( *inet.*smtpd\)$/#smtp \1/' /etc/postfix/master.cf > "$dir/master.cf" ;;
    *) cp /etc/postfix/master.cf "$dir/master.cf" ;;
    esac
    # The setting as an -o of the daemon's first service, or last in main.cf.
    override=
    if [ "${3:-}" = -o ]; then
        awk -v daemon="$1" -v setting="$2" \
            '{ print } /^[^# \t]/ && $8 == daemon && !done { print "  -o { " setting " }"; done = 1 }' \
            "$dir/master.cf" > "$dir/master.cf.new" && mv "$dir/master.cf.new" "$dir/master.cf"
        where="$dir/master.cf:$(line_of "$dir/master.cf" "  -o { ")"
        value=${2#*=}
        override="${2%% =*}=${value# }"
    else
        printf '%s\n' "$2" >> "$dir/main.cf"
        where="$dir/main.cf:$(wc -l < "$dir/main.cf")"
    fi
    session="EHLO client.example|QUIT"
    [ "$1" = smtpd ] || session=
    # Master starts these as root, and they change user themselves.
    user=postfix
    case $1 in local | virtual | pipe | postscreen | tlsmgr | verify) user=root ;; esac
    if [ "$1" = sendmail ] || [ "$1" = posttls-finger ]; then
        daemon_out=$(cp -r "$dir" "$dir.oracle" && command_log "$1" "$dir.oracle")
    else
        daemon_out=$(cp -r "$dir" "$dir.oracle" &&
            ORACLE_USER=$user ORACLE_DAEMON=$1 ORACLE_OVERRIDE=$override smtpd_log "$dir.oracle" "$session")
    fi
    # A daemon started alone on a connection stops at the end of its input in its own way (qmgr
    # and pickup "fatal: read", trivial-rewrite, anvil and postscreen a panic): the daemon's run
    # with no setting shows those, and only what it says beyond them is a refusal.
    [ -f "$WORK/baseline.$1" ] || {
        mkdir -p "$WORK/baseline.$1.dir"
        cp "$dir/master.cf" "$WORK/baseline.$1.dir/master.cf"
        sed '$d' "$dir/main.cf" > "$WORK/baseline.$1.dir/main.cf"
        [ "${3:-}" = -o ] && cp "$dir/main.cf" "$WORK/baseline.$1.dir/main.cf"
        if [ "$1" = sendmail ] || [ "$1" = posttls-finger ]; then
            command_log "$1" "$WORK/baseline.$1.dir"
        else
            ORACLE_USER=$user ORACLE_DAEMON=$1 smtpd_log "$WORK/baseline.$1.dir" "$session"
        fi | refusals > "$WORK/baseline.$1"
    }
    printf '%s\n' "$daemon_out" | refusals | grep -vxFf "$WORK/baseline.$1" | grep -q .
}

# command_log COMMAND DIR: what a Postfix command run by hand says with DIR's main.cf: sendmail
# posting a message into a private maildrop (it reads sendmail_fix_line_endings as the message
# comes in), or posttls-finger trying TLS with a closed port (it reads the TLS library's
# parameters before it connects).
command_log() {
    mkdir -p "$2/queue/maildrop"
    chown postfix:postdrop "$2/queue/maildrop"
    chmod 1730 "$2/queue/maildrop"
    printf 'queue_directory = %s/queue\n' "$2" >> "$2/main.cf"
    if [ "$1" = sendmail ]; then
        printf 'Subject: test\n\nbody\n' |
            timeout 10 sendmail -C "$2" -f sender@example.test recipient@example.test 2>&1
    else
        MAIL_CONFIG=$2 timeout 10 posttls-finger -c -l may '[127.0.0.1]:9' 2>&1
    fi
}

# refusals: the log lines (without their prefix) that say a daemon will not run: a warning is not
# one (smtpd runs on with "unsupported TLS level ..., using encrypt").
refusals() {
    grep -v ': warning: ' |
        grep -Ei 'fatal:|panic:|invalid tls|unsupported|unknown .* value|bad configuration|non-null host address bits|bad mask length' |
        sed 's/^[^]]*\]: //'
}

# judge SETTING [DAEMON [-o]]
judge() {
    daemon=${2:-smtpd}
    label=$1
    [ "${3:-}" = -o ] && label="-o { $1 }"
    refuses=no
    daemon_refuses "$daemon" "$1" "${3:-}" && refuses=yes
    mfcc_out=$("$MF_BIN/mfcc" --no-file-checks "$dir/main.cf" 2>&1)
    # Errors about what a value does later (every delivery deferred, every client refused, no
    # mail arriving) are not start-up refusals: tests 92, 71, 79, 86, 57 and 78 hold their
    # oracles. Local and virtual do refuse to start on a mailbox limit below the message limit.
    later='tls-verify-no-ca|tls-ccert-no-ca|client-wrapper-mode|tls-required-on-mx|dane-without-dnssec'
    case $daemon in local | virtual) ;; *) later="$later|mailbox-size-limit" ;; esac
    mfcc_error=no
    printf '%s\n' "$mfcc_out" | grep -E "^$where:[0-9]+: error:" |
        grep -Evq "\\[($later)\\]\$" && mfcc_error=yes
    if [ "$mfcc_error" = "$refuses" ]; then
        pass "values: $label ($daemon refuses: $refuses)"
        return
    fi
    first_out=$daemon_out
    # Many words are parsed where they are used (an address format when an address is logged,
    # a workaround when a server is met): what start-up cannot judge.
    if [ "$mfcc_error" = yes ] && ! daemon_refuses "$daemon" "${1%% =*} = bogus.value" "${3:-}"; then
        pass "values: $label (not judged: $daemon does not parse ${1%% =*} at start-up)"
    else
        fail_case "values: $label ($daemon refuses: $refuses, mfcc error: $mfcc_error)" \
            "$mfcc_out" "$(printf '%s\n' "$first_out" | grep -v '^[0-9]')"
    fi
}

judge "smtpd_tls_security_level = Encrypt"
judge "smtpd_tls_security_level = dane"
judge "inet_protocols = IPv4"
judge "inet_protocols = ipv4, ipv6"
judge "notify_classes = Resource"
judge "mynetworks_style = Host"
judge "reject_tempfail_action = DEFER"
judge "reject_tempfail_action = bogus"
judge "smtpd_forbid_bare_newline = Normalize"
judge "smtpd_forbid_bare_newline = strict"
judge "smtpd_upstream_proxy_protocol = HAProxy"
judge "mynetworks = 10.0.0.1/8"
judge "mynetworks = 127.0.0.0/8, [::1]/128, [::ffff:127.0.0.0]/104"
judge "mynetworks = ::1/128"
judge "smtpd_client_event_limit_exceptions = 1.2.3.4/33"
judge "smtpd_authorized_xforward_hosts = 10.0.0.1/8"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, timeout=10x }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, Timeout=1s }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, try_limit=0 }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, default_action = DUNNO }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, { default_action = 450 4.7.1 later }, timeout=5s, try_limit=3 }"
# Found by the random cases below: Postfix reads a time with strtol (a sign, "-0", a unit
# alone as 0) and keeps minutes to weeks below INT_MAX seconds; a daemon checks string lengths
# at start-up, feature on or off; bounds the sources name by macro; booleans in any case.
judge "smtpd_timeout = +3s"
judge "smtpd_error_sleep_time = s"
judge "smtpd_timeout = s"
judge "smtpd_timeout = 35791393m"
judge "smtpd_timeout = 35791394m"
judge "smtpd_proxy_timeout = 3550w"
judge "smtpd_sasl_type ="
judge "smtputf8_autodetect_classes ="
judge "smtpd_tls_eecdh_grade ="
judge "smtpd_sasl_response_limit = 12287"
judge "default_verp_delimiters = +"
judge "default_verp_delimiters = +=-"
judge "default_verp_delimiters = -="
judge "delay_logging_resolution_limit = 7"
judge "smtp_sasl_type =" smtp
judge "lmtp_sasl_auth_enable = YES" lmtp
# Found when other daemons judged too: mailbox locks and sendmail's line endings are words of
# one exact spelling.
judge "virtual_mailbox_lock = FLOCK" virtual
judge "mailbox_delivery_lock = fcntl, Dotlock" local
judge "mailbox_delivery_lock = fcntl, dotlock" local
judge "sendmail_fix_line_endings = Always" sendmail
judge "sendmail_fix_line_endings = strict" sendmail
judge "tls_daemon_random_bytes = 0" posttls-finger
judge "tls_append_default_CA = Yes" posttls-finger
# Local and virtual enforce a size limit above 0 only (a negative one is no limit).
judge "virtual_mailbox_limit = -1" virtual
judge "virtual_mailbox_limit = 100" virtual
judge "mailbox_size_limit = -1" local
judge "message_size_limit = -1" local
judge "message_size_limit = 0" local
# The same time and number reading in check_policy_service { ... } attributes.
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, timeout=+3s }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, timeout=10ss }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, max_idle=s }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, timeout=35791394m }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, timeout=1234567890 }"
judge "smtpd_recipient_restrictions = check_policy_service { inet:127.0.0.1:9, try_limit=1234567890 }"

# HELO names: the smtp client sends smtp_helo_name as it is, so the receiver judges it. Real
# smtpd with reject_invalid_helo_hostname takes each name or rejects it; mfcc must warn
# (bad-hostname) at smtp_helo_name exactly for those it rejects.
for helo in mail.example.com '[192.0.2.1]' '[IPv6:2001:db8::1]' '[2001:db8::1]' '[192.0.2]' \
    '[mail.example.com]' 'mail_relay.example.com' '-mail.example.com' 'mail.example.com.' 123 \
    'mail..example.com' 'mail.example.com..' . 'a-.example.com.' mailhost; do
    n=$((n + 1))
    dir="$WORK/case$n"
    mkdir -p "$dir"
    printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_helo_required = yes\nsmtpd_delay_reject = no\n' > "$dir/main.cf"
    printf 'smtpd_helo_restrictions = reject_invalid_helo_hostname\n' >> "$dir/main.cf"
    : > "$dir/master.cf"
    session=$(smtpd_log "$dir" "HELO $helo|QUIT")
    rejected=no
    printf '%s\n' "$session" | grep -q '^5[0-9][0-9] .*Helo command rejected' && rejected=yes
    printf 'smtp_helo_name = %s\n' "$helo" > "$dir/main.cf"
    warned=no
    "$MF_BIN/mfcc" --no-file-checks "$dir/main.cf" 2>&1 | grep -q ':1:[0-9]*: warning: .*\[bad-hostname\]$' && warned=yes
    expect_equal "values: smtp_helo_name = $helo (a receiver rejects it: $rejected)" "$rejected" "$warned"
done

# Random settings of the booleans, integers, times and non-empty strings that smtpd, smtp, lmtp
# and every daemon read at start-up (typed_value_cases.py): the cases above are the ones found
# by hand, these look for the ones nobody thought of. TYPED_VALUE_SEED and TYPED_VALUE_COUNT
# explore further.
/usr/bin/python3 "$MF_TOP/tests/integration/mfcc_corpus/typed_value_cases.py" \
    "$MF_TOP/compiler/catalog" "${TYPED_VALUE_SEED:-1}" \
    "${TYPED_VALUE_COUNT:-400}" | sort -u > "$WORK/typed_value_cases"
while read -r daemon setting; do
    judge "$setting" "$daemon"
done < "$WORK/typed_value_cases"

# The same kind of settings as -o overrides of the daemon's master.cf service: mfcc checks them
# in the service's context, the daemon gets them on its command line.
/usr/bin/python3 "$MF_TOP/tests/integration/mfcc_corpus/typed_value_cases.py" \
    "$MF_TOP/compiler/catalog" "$((${TYPED_VALUE_SEED:-1} + 1000))" \
    "${TYPED_OVERRIDE_COUNT:-100}" | sort -u > "$WORK/typed_override_cases"
while read -r daemon setting; do
    case $daemon in sendmail | posttls-finger) ;; *) judge "$setting" "$daemon" -o ;; esac
done < "$WORK/typed_override_cases"

# And as -o overrides of another daemon's service, which may not read them (cleanup's
# parameter on the smtp service): an error only where that daemon refuses.
/usr/bin/python3 "$MF_TOP/tests/integration/mfcc_corpus/typed_value_cases.py" \
    "$MF_TOP/compiler/catalog" "$((${TYPED_VALUE_SEED:-1} + 2000))" \
    "${TYPED_FOREIGN_COUNT:-100}" foreign | sort -u > "$WORK/typed_foreign_cases"
while read -r daemon setting; do
    judge "$setting" "$daemon" -o
done < "$WORK/typed_foreign_cases"
