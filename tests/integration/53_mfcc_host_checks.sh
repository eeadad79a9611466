# --host-checks ("this is the mail server"): what real `postfix check` verifies against the
# host, run in this run on each defect (under script(1), since postfix prints its fatal errors
# only to a terminal), matched by an mfcc --host-checks error at the same file and line:
# unknown mail_owner, default_privs and setgid_group, accounts sharing a group ID as
# mail_params_init refuses, inet_interfaces names that do not resolve and addresses no
# interface has, and the directories postfix and postfix-script change into; and the
# warnings postfix check gives of files' owners and permissions (configuration directory, queue,
# data_directory, chroot copies, set-gid programs), at each file. Without --host-checks mfcc
# reports none of these; and a sound configuration passes both without a warning.
# The accounts are the host's own (postfix, nobody, nogroup, daemon, sync); queue_directory is
# a folder of $WORK, where postfix check creates the queue's subdirectories.
. "$MF_TOP/tests/integration/lib.sh"

match="$MF_TOP/tests/integration/mfcc_corpus/match_postfix_messages.py"

if ! command -v script > /dev/null; then
    pass "host checks: script(1) unavailable here; skipped"
    exit 0
fi

# Files made here must not be group-writable, which postfix check warns of.
umask 022
mkdir -p "$WORK/queue"

# matched NAME DIR: each message of postfix check in $WORK/postfix.out has an mfcc --host-checks
# diagnostic at its file and line, with a host-* code among them, and none without the option.
# mfcc runs under $on_host (empty: on this host as it is).
on_host=
matched() {
    $on_host "$MF_BIN/mfcc" --host-checks --format=json "$2" > "$WORK/mfcc.json" 2>/dev/null
    check "$1" /usr/bin/python3 "$match" "$2" "$WORK/postfix.out" "$WORK/mfcc.json"
    if ! grep -q '"code": *"host-' "$WORK/mfcc.json"; then
        fail_case "$1 is a host-* diagnostic" "$(cat "$WORK/mfcc.json")"
    fi
    $on_host "$MF_BIN/mfcc" --format=json "$2" > "$WORK/mfcc.json" 2>/dev/null
    if grep -q '"code": *"host-' "$WORK/mfcc.json"; then
        fail_case "$1 is not reported without --host-checks" "$(cat "$WORK/mfcc.json")"
    else
        pass "$1 is not reported without --host-checks"
    fi
}

# defect NAME MAIN_CF_TEXT: postfix check's fatal error matched by mfcc --host-checks.
defect() {
    dir=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\nqueue_directory = %s\n%b' "$WORK/queue" "$2" > "$dir/main.cf"
    # postfix waits for a main.cf that looks freshly written; make it look settled.
    touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
    script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
    matched "host: $1" "$dir"
}

defect "unknown mail_owner" 'mail_owner = mf-no-such-user\n'
defect "unknown default_privs" 'default_privs = mf-no-such-user\n'
defect "unknown setgid_group" 'setgid_group = mf-no-such-group\n'
defect "setgid_group with mail_owner's group" 'setgid_group = postfix\n'
defect "setgid_group with default_privs' group" 'setgid_group = nogroup\n'
defect "mail_owner with default_privs' group" 'mail_owner = sync\n'
defect "default_privs and setgid_group of one group" 'default_privs = daemon\nsetgid_group = daemon\n'
defect "an inet_interfaces name that does not resolve" 'inet_interfaces = 127.0.0.1, mf-no-such-host.invalid\n'
defect "an inet_interfaces address no interface has" 'inet_interfaces = 198.51.100.77\n'
defect "a missing command_directory" "command_directory = $WORK/no-bin\n"
defect "a missing daemon_directory" "daemon_directory = $WORK/no-libexec\n"
defect "a missing meta_directory" "meta_directory = $WORK/no-meta\n"
defect "a missing shlib_directory" "shlib_directory = $WORK/no-lib\n"
# queue_directory itself: the second setting wins over the one the function writes first.
defect "a missing queue_directory" "queue_directory = $WORK/no-queue\n"

# file_defect NAME SHELL_TEXT: postfix check's warnings (or postsuper's fatal error) about the
# ownership and permissions of the files Postfix trusts, matched by mfcc --host-checks
# diagnostics at those files. Each case has its own configuration directory, queue and
# data_directory, first set up by a postfix check of the sound configuration; SHELL_TEXT then
# damages them ($dir, $queue and $data name them).
file_defect() {
    dir=$(postfix_config_dir)
    queue=$(mktemp -d "$WORK/queue.XXXXXX")
    chmod 755 "$queue"
    data="$queue.data"
    printf 'compatibility_level = 3.6\nqueue_directory = %s\ndata_directory = %s\n' "$queue" "$data" > "$dir/main.cf"
    touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
    script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
    if grep -q 'warning\|fatal' "$WORK/postfix.out"; then
        fail_case "host files: $1: the sound set-up passes postfix check" "$(cat "$WORK/postfix.out")"
        return
    fi
    eval "$2"
    script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
    matched "host files: $1" "$dir"
}

file_defect "a group-writable main.cf" 'chmod g+w "$dir/main.cf"'
file_defect "a master.cf that root does not own" 'chown nobody "$dir/master.cf"'
file_defect "a table others may write, in a world-writable folder" \
    'mkdir "$dir/maps"; echo "a b" > "$dir/maps/virtual"; chmod o+w "$dir/maps/virtual"; chmod 777 "$dir/maps"'
file_defect "symbolic links out of the configuration directory, one dangling" \
    'ln -s /etc/hostname "$dir/hostname"; ln -s /nonexistent/mf "$dir/dangling"'
file_defect "a link inside the directory to a writable file" \
    'echo x > "$dir/target"; chmod 666 "$dir/target"; ln -s target "$dir/link"'
file_defect "a group-writable pid folder and a queue root does not own" \
    'chmod g+w "$queue/pid"; chown postfix "$queue"'
file_defect "data_directory and a file in it with other owners" \
    'chown root "$data"; chmod g+w "$data"; echo x > "$data/cache"; chown nobody "$data/cache"'
file_defect "queue folders mail_owner does not own, or with another group" \
    'chown root "$queue/saved" "$queue/trace"; chgrp root "$queue/public" "$queue/maildrop"; mkfifo "$queue/saved/fifo"'
file_defect "stale and foreign-owned chroot copies" \
    'mkdir -p "$queue/etc" "$queue/lib"; echo "192.0.2.1 stale.example" > "$queue/etc/hosts"; cp /etc/services "$queue/etc/services"; chown nobody "$queue/lib"'
file_defect "a damaged message" 'echo junk > "$queue/corrupt/4F2A1B3C"; chown postfix "$queue/corrupt/4F2A1B3C"'
file_defect "a queue folder mail_owner cannot open" 'chown root "$queue/deferred"'
file_defect "a queue_directory mail_owner cannot search" 'chmod 700 "$queue"'
# damaged_programs DIR: a command_directory of links to Postfix's programs, except postdrop,
# a copy that is not set-gid (and postqueue, a link, is not in setgid_group).
damaged_programs() {
    mkdir "$1"
    for f in /usr/sbin/post*; do ln -s "$f" "$1/"; done
    rm "$1/postdrop"; cp /usr/sbin/postdrop "$1/postdrop"; chmod 755 "$1/postdrop"
}
file_defect "postdrop not set-gid, postqueue a link" \
    'damaged_programs "$queue.bin"; echo "command_directory = $queue.bin" >> "$dir/main.cf"; touch -d "1 minute ago" "$dir/main.cf"'

# postfix-script's last warning is about the host's programs: a /usr/lib/sendmail that is not
# Postfix's (Debian links it to /usr/sbin/sendmail). Both programs run in a mount namespace of
# their own where an overlay on /usr/lib replaces the link with another program; the host's
# /usr/lib is not touched.
mkdir -p "$WORK/usr-lib.upper" "$WORK/usr-lib.work"
cat > "$WORK/other-sendmail.sh" <<SH
mount -t overlay overlay -o lowerdir=/usr/lib,upperdir=$WORK/usr-lib.upper,workdir=$WORK/usr-lib.work /usr/lib || exit 97
rm -f /usr/lib/sendmail && printf '#!/bin/sh\\nexit 75\\n' > /usr/lib/sendmail && chmod 755 /usr/lib/sendmail || exit 97
exec "\$@"
SH
on_host="unshare --mount --propagation private sh $WORK/other-sendmail.sh"
dir=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nqueue_directory = %s\n' "$WORK/queue" > "$dir/main.cf"
touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
$on_host script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
if [ $? -eq 97 ] || ! grep -q 'sendmail and /usr/sbin/sendmail differ' "$WORK/postfix.out"; then
    fail_case "host files: another /usr/lib/sendmail: postfix check, in a mount namespace with /usr/lib overlaid (unshare, mount -t overlay), warns of it" "$(cat "$WORK/postfix.out")"
else
    matched "host files: another /usr/lib/sendmail" "$dir"
fi
on_host=

# A secondary instance (postmulti's): /etc/postfix's main.cf lists its configuration directory
# in multi_instance_directories, and postfix check leaves the files that instances share
# (Postfix's programs, here postdrop and postqueue, damaged) to the default instance. Both
# programs run in a mount namespace whose /etc/postfix is a copy with that main.cf: neither
# says anything of them. On the host as it is, the same directory is the default instance's,
# and both do.
dir=$(postfix_config_dir)
queue=$(mktemp -d "$WORK/queue.XXXXXX")
chmod 755 "$queue"
damaged_programs "$queue.bin"
printf 'compatibility_level = 3.6\nqueue_directory = %s\ncommand_directory = %s\n' "$queue" "$queue.bin" > "$dir/main.cf"
touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
cp -a /etc/postfix "$WORK/etc-postfix"
printf 'multi_instance_directories = /etc/postfix-out, %s\n' "$dir" > "$WORK/etc-postfix/main.cf"
cat > "$WORK/default-instance.sh" <<SH
mount --bind $WORK/etc-postfix /etc/postfix || exit 97
exec "\$@"
SH
on_host="unshare --mount --propagation private sh $WORK/default-instance.sh"
$on_host script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
status=$?
if [ "$status" -ne 0 ] || grep -q 'warning\|fatal' "$WORK/postfix.out"; then
    fail_case "host files: a secondary instance: postfix check, in a mount namespace with /etc/postfix replaced, leaves postdrop and postqueue to the default instance" "$(cat "$WORK/postfix.out")"
fi
output=$($on_host "$MF_BIN/mfcc" --host-checks "$dir" 2>&1)
if printf '%s\n' "$output" | grep -q '\[host-'; then
    fail_case "host files: a secondary instance's shared programs are left to the default instance" "$output"
else
    pass "host files: a secondary instance's shared programs are left to the default instance"
fi
on_host=
script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
matched "host files: the same programs, checked as the default instance's" "$dir"

# A sound configuration on this host: postfix check passes and mfcc --host-checks has no error.
dir=$(postfix_config_dir)
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $WORK/queue
inet_interfaces = 127.0.0.1, localhost
mail_owner = postfix
setgid_group = postdrop
default_privs = nobody
shlib_directory = no
CF
touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
status=$?
if [ "$status" -ne 0 ] || grep -q 'warning\|fatal' "$WORK/postfix.out"; then
    fail_case "host: postfix check accepts a sound configuration without a warning" "$(cat "$WORK/postfix.out")"
else
    pass "host: postfix check accepts a sound configuration without a warning"
fi
output=$("$MF_BIN/mfcc" --host-checks "$dir" 2>&1)
if printf '%s\n' "$output" | grep -q ': error: \|\[host-'; then
    fail_case "host: no mfcc --host-checks error or host warning on a sound configuration" "$output"
else
    pass "host: no mfcc --host-checks error or host warning on a sound configuration"
fi

# A hosts line naming a service that the static C library cannot load (here myhostname, in a
# mount namespace where an nsswitch.conf of this test's is bound over /etc/nsswitch.conf): an
# inet_interfaces name gets a host-name-service note instead of a verdict, while a numeric
# address is judged as before and users are still looked up (through getent).
printf 'passwd: files\ngroup: files\nhosts: files myhostname dns\n' > "$WORK/nsswitch.conf"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $WORK/queue
inet_interfaces = localhost, 198.51.100.77
mail_owner = mf-no-such-user
shlib_directory = no
CF
output=$(unshare -m sh -c 'mount --bind "$1" /etc/nsswitch.conf && shift && exec "$@"' sh \
    "$WORK/nsswitch.conf" "$MF_BIN/mfcc" --host-checks "$dir" 2>&1)
if printf '%s\n' "$output" | grep -q 'main.cf:3:19: note: inet_interfaces: "localhost" not checked: the hosts line of /etc/nsswitch.conf names myhostname, which mfcc cannot load \[host-name-service\]' &&
    printf '%s\n' "$output" | grep -q 'main.cf:3:30: error: inet_interfaces: no local interface found for 198.51.100.77.*\[host-interface\]' &&
    printf '%s\n' "$output" | grep -q 'main.cf:4:14: error: parameter mail_owner: unknown user name value: mf-no-such-user.*\[host-unknown-account\]' &&
    [ "$(printf '%s\n' "$output" | grep -c '\[host-')" -eq 3 ]; then
    pass "host: a hosts service mfcc cannot load is a note at the name; addresses and users judged"
else
    fail_case "host: a hosts service mfcc cannot load is a note at the name; addresses and users judged" "$output"
fi
