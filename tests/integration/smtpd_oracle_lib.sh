# Sourced by the tests that use real Postfix daemons as an oracle (60, 61, 65) through
# smtpd_oracle.sh where the host allows it. Sets SMTPD_ORACLE=yes|no (one daemon on one
# connection, or master alone) and INSTANCE_ORACLE=yes|no (a whole instance, instance_log).
SMTPD_ORACLE=no
INSTANCE_ORACLE=no
if [ "$(id -u)" = 0 ] && id postfix > /dev/null 2>&1 && [ -x /usr/lib/postfix/sbin/smtpd ] &&
    unshare -m true 2> /dev/null; then
    SMTPD_ORACLE=yes
    unshare -mn true 2> /dev/null && INSTANCE_ORACLE=yes
fi

# smtpd_log DIR [COMMANDS]: what real smtpd logs and answers for one session (default
# "EHLO client.example|QUIT"; "" for none, which is enough to see what a daemon reads when it
# starts) with DIR's main.cf; appends a private queue_directory to it, with the queue's
# subdirectories that the daemons other than smtpd open, and a private data_directory (for the
# caches of postscreen, verify and tlsmgr).
smtpd_log() {
    for queue in incoming active deferred defer bounce trace flush hold corrupt maildrop saved; do
        mkdir -p "$1/queue/$queue"
    done
    mkdir -p "$1/data"
    chown -R postfix "$1/queue" "$1/data"
    chmod 755 "$WORK" "$1"
    printf 'queue_directory = %s/queue\ndata_directory = %s/data\nlocal_recipient_maps =\nalias_maps =\n' \
        "$1" "$1" >> "$1/main.cf"
    touch -d '1 minute ago' "$1/main.cf"
    unshare -m "$MF_TOP/tests/integration/smtpd_oracle.sh" "$1" "${2-EHLO client.example|QUIT}" 2>&1
}

# master_log DIR: what real master logs when it reads DIR's main.cf and master.cf (it runs in
# the foreground for two seconds in a private namespace, its pid and data files under DIR).
master_log() {
    mkdir -p "$1/queue/pid" "$1/data"
    chown -R postfix "$1/queue" "$1/data"
    chmod 755 "$WORK" "$1"
    # A fixed host name and IPv4 only: no name-service lookups that could stall start-up.
    printf 'queue_directory = %s/queue\ndata_directory = %s/data\nmyhostname = mx.example.test\ninet_protocols = ipv4\n' \
        "$1" "$1" >> "$1/main.cf"
    # Postfix waits while main.cf looks freshly written; make it look settled.
    touch -d '1 minute ago' "$1/main.cf" "$1/master.cf"
    unshare -m "$MF_TOP/tests/integration/smtpd_oracle.sh" --master "$1" 2>&1
}

# instance_log DIR ACTION UNTIL: what a whole Postfix instance logs, run from DIR's main.cf and
# master.cf in private mount and network namespaces, while ACTION (a shell command, run with
# MAIL_CONFIG=DIR) talks to it, until a log line matches UNTIL (a Python regex) or ten seconds
# pass; ACTION's output comes first. ORACLE_PEER, if set, is a command line started beside it
# (tls_peer.py, socket_peer.py). The services run without chroot (with ORACLE_CHROOT=keep, as
# master.cf says), the queue and data directories are DIR's.
instance_log() {
    mkdir -p "$1/queue" "$1/data"
    chown postfix "$1/data"
    chmod 755 "$WORK" "$1"
    printf 'queue_directory = %s/queue\ndata_directory = %s/data\ninet_protocols = ipv4\nmynetworks = 127.0.0.0/8\nlocal_recipient_maps =\nalias_maps =\nsmtpd_tls_loglevel = 1\ntlsproxy_tls_loglevel = 1\nsmtp_tls_loglevel = 1\nlmtp_tls_loglevel = 1\n' \
        "$1" "$1" >> "$1/main.cf"
    [ "${ORACLE_CHROOT:-}" = keep ] ||
        { awk '/^[^# \t]/ && NF >= 8 { $5 = "n" } { print }' "$1/master.cf" > "$1/master.cf.new" &&
            mv "$1/master.cf.new" "$1/master.cf"; }
    touch -d '1 minute ago' "$1/main.cf" "$1/master.cf"
    # postfix check makes the queue directories.
    postfix -c "$1" check > /dev/null 2>&1
    unshare -mn "$MF_TOP/tests/integration/smtpd_oracle.sh" --instance "$1" "$2" "$3" 2>&1
}
