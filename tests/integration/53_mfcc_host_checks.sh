# --host-checks ("this is the mail server"): what real `postfix check` verifies against the
# host, run in this run on each defect (under script(1), since postfix prints its fatal errors
# only to a terminal), matched by an mfcc --host-checks error at the same file and line:
# unknown mail_owner, default_privs and setgid_group, accounts sharing a group ID as
# mail_params_init refuses, inet_interfaces names that do not resolve and addresses no
# interface has, and the directories postfix and postfix-script change into. Without
# --host-checks mfcc reports none of these; and a sound configuration passes both.
# The accounts are the host's own (postfix, nobody, nogroup, daemon, sync); queue_directory is
# a folder of $WORK, where postfix check creates the queue's subdirectories.
. "$MF_TOP/tests/integration/lib.sh"

match="$MF_TOP/tests/integration/mfcc_corpus/match_postfix_messages.py"

if ! command -v script > /dev/null; then
    pass "host checks: script(1) unavailable here; skipped"
    exit 0
fi

mkdir -p "$WORK/queue"

# defect NAME MAIN_CF_TEXT: postfix check's fatal error matched by mfcc --host-checks.
defect() {
    dir=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\nqueue_directory = %s\n%b' "$WORK/queue" "$2" > "$dir/main.cf"
    # postfix waits for a main.cf that looks freshly written; make it look settled.
    touch -d '1 minute ago' "$dir/main.cf" "$dir/master.cf"
    script -qec "postfix -c $dir check" /dev/null > "$WORK/postfix.out" 2>&1
    "$MF_BIN/mfcc" --host-checks --format=json "$dir" > "$WORK/mfcc.json" 2>/dev/null
    check "host: $1" /usr/bin/python3 "$match" "$dir" "$WORK/postfix.out" "$WORK/mfcc.json"
    if ! grep -q '"code": *"host-' "$WORK/mfcc.json"; then
        fail_case "host: $1 is a host-* error" "$(cat "$WORK/mfcc.json")"
    fi
    "$MF_BIN/mfcc" --format=json "$dir" > "$WORK/mfcc.json" 2>/dev/null
    if grep -q '"code": *"host-' "$WORK/mfcc.json"; then
        fail_case "host: $1 is not reported without --host-checks" "$(cat "$WORK/mfcc.json")"
    else
        pass "host: $1 is not reported without --host-checks"
    fi
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
check "host: postfix check accepts a sound configuration" script -qec "postfix -c $dir check" /dev/null
output=$("$MF_BIN/mfcc" --host-checks "$dir" 2>&1)
if printf '%s\n' "$output" | grep -q ': error: '; then
    fail_case "host: no mfcc --host-checks error on a sound configuration" "$output"
else
    pass "host: no mfcc --host-checks error on a sound configuration"
fi
