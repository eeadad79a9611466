# A policy server that master.cf does not run (service-missing). check_policy_service
# unix:private/NAME reaches the socket master creates for a private unix service NAME (a spawn
# service such as policyd-spf); without it smtpd answers every request that reaches the
# restriction with smtpd_policy_service_default_action. Another program may create that socket
# itself (Dovecot's quota-status with a unix_listener in Postfix's private/ directory), so with
# no service NAME in master.cf it is a warning; a public service NAME behind unix:private/NAME
# is an error. The oracle, in the same run where the host allows it: a whole Postfix instance,
# one SMTP client; real smtpd logs "problem talking to server private/policyd-spf" and refuses
# the recipient with 451 4.3.5, and accepts it once master.cf runs the policy server (a spawn
# service answering DUNNO) or once another program listens on private/policyd-spf.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
policy='smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service unix:private/policyd-spf'

config_dir_with "$policy"
missing=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "policy server not in master.cf: exit 0 (another program may listen there)" 0 "$?"
expect_match "policy server not in master.cf: a warning at the endpoint" \
    "^$dir/main.cf:$(line_of "$dir/main.cf" check_policy_service):[0-9]+: warning: check_policy_service unix:private/policyd-spf: master.cf runs no unix service policyd-spf \(unless another program listens on private/policyd-spf, as Dovecot's quota-status can\); .*451 4\.3\.5 Server configuration problem.*\[service-missing\]$" "$out"

# Dovecot's documented quota-status setup: Dovecot itself listens on private/quota-status.
config_dir_with "$policy"
listened=$dir
config_dir_with 'smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service unix:private/quota-status'
out=$("$mfcc" -q --no-file-checks "$dir" 2>&1)
expect_equal "Dovecot's quota-status on private/: exit 0" 0 "$?"
expect_equal "Dovecot's quota-status on private/: no error" "" "$out"

# A policy server that answers DUNNO to every request (an empty line ends one).
printf '#!/bin/sh\nwhile IFS= read -r line; do [ -z "$line" ] && printf "action=DUNNO\\n\\n"; done\n' \
    > "$WORK/policy_dunno"
chmod 755 "$WORK/policy_dunno"
spawn="policyd-spf unix  -       n       n       -       0       spawn
  user=nobody argv=$WORK/policy_dunno"
config_dir_with "$policy" "$spawn"
present=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "policy server in master.cf: fine" "$out" service-missing

config_dir_with "$policy" 'policyd-spf unix  -       n       n       -       0       spawn
  user=nobody argv=/bin/true'
sed -i 's/^policyd-spf unix  -/policyd-spf unix  n/' "$dir/master.cf"
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_match "public policy service behind unix:private/: an error" \
    "error: check_policy_service unix:private/policyd-spf: master.cf's policyd-spf service is public, so its socket is public/policyd-spf" "$out"

config_dir_with 'smtpd_recipient_restrictions = reject_unauth_destination, check_policy_service inet:127.0.0.1:10023, check_policy_service unix:/run/policy.sock'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
no_code "inet: and absolute unix: policy servers are not master.cf's" "$out" service-missing

config_dir_with '' 'submission inet n       -       n       -       -       smtpd
  -o smtpd_recipient_restrictions=check_policy_service,unix:private/quota,permit_sasl_authenticated,reject'
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_diag "an -o on the submission service: at the override" "$out" "$dir/master.cf" \
    "$(line_of "$dir/master.cf" unix:private/quota)" service-missing

if [ "$INSTANCE_ORACLE" = yes ]; then
    client="/usr/bin/python3 $MF_TOP/tests/integration/smtp_probe.py rcpt"
    log=$(instance_log "$missing" "$client" 'problem talking|RCPT')
    expect_match "real smtpd without the policy server: cannot reach it" \
        'smtpd.*warning: problem talking to server private/policyd-spf' "$log"
    expect_match "and refuses the recipient with 451 4.3.5" "RCPT: \(451, b'4\.3\.5 .*Server configuration problem'\)" "$log"
    log=$(instance_log "$present" "$client" 'RCPT')
    expect_match "real smtpd with the policy server: the recipient passes" "RCPT: \(250," "$log"
    # Another program (not master) listening on private/policyd-spf, as Dovecot's quota-status
    # does on private/quota-status: the same master.cf that lacks the service now works.
    cat > "$WORK/policy_listener.py" <<'PY'
import os, socket, sys, threading
path = sys.argv[1]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
os.chmod(path, 0o666)
server.listen(5)
print("ready", flush=True)
def answer(connection):
    pending = b""
    while True:
        data = connection.recv(4096)
        if not data:
            return
        pending += data
        while b"\n\n" in pending:
            _, pending = pending.split(b"\n\n", 1)
            connection.sendall(b"action=DUNNO\n\n")
while True:
    connection, _ = server.accept()
    threading.Thread(target=answer, args=(connection,), daemon=True).start()
PY
    log=$(ORACLE_PEER="/usr/bin/python3 $WORK/policy_listener.py $listened/queue/private/policyd-spf" \
        instance_log "$listened" "$client" 'RCPT')
    expect_match "real smtpd, another program on private/policyd-spf: the recipient passes" "RCPT: \(250," "$log"
fi
