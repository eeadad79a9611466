# Sourced by the restriction tests (60, 61): runs real Postfix smtpd as an oracle through
# smtpd_oracle.sh where the host allows it. Sets SMTPD_ORACLE=yes|no.
SMTPD_ORACLE=no
if [ "$(id -u)" = 0 ] && id postfix > /dev/null 2>&1 && [ -x /usr/lib/postfix/sbin/smtpd ] &&
    unshare -m true 2> /dev/null; then
    SMTPD_ORACLE=yes
fi

# smtpd_log DIR [COMMANDS]: what real smtpd logs and answers for one session (default
# "EHLO client.example|QUIT") with DIR's main.cf; appends a private queue_directory to it.
smtpd_log() {
    mkdir -p "$1/queue"
    chown postfix "$1/queue"
    chmod 755 "$WORK" "$1"
    printf 'queue_directory = %s/queue\nlocal_recipient_maps =\nalias_maps =\n' "$1" >> "$1/main.cf"
    touch -d '1 minute ago' "$1/main.cf"
    unshare -m "$MF_TOP/tests/integration/smtpd_oracle.sh" "$1" "${2:-EHLO client.example|QUIT}" 2>&1
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
