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
    unshare -m "$MF_TOP/tests/integration/smtpd_oracle.sh" "$1" "${2:-EHLO client.example|QUIT}" 2>&1
}
