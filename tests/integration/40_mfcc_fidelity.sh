# mfcc's postconf views against real postconf in the same run: `mfcc -n` = `postconf -c DIR -n`,
# `mfcc -p NAME` = `postconf -c DIR -x -h NAME` for every parameter set and every default, `mfcc -M` = `postconf -c DIR -M`, on a corpus: Debian's default main.cf, a large
# realistic one, and one exercising every syntax feature; and no error on any of them.
. "$MF_TOP/tests/integration/lib.sh"

corpus="$MF_TOP/tests/integration/mfcc_corpus"
defaults_sample="myorigin mydestination smtpd_banner smtpd_tls_fingerprint_digest smtputf8_enable
append_dot_mydomain relay_domains smtpd_relay_restrictions mynetworks_style syslog_name
maximal_queue_lifetime alias_maps virtual_alias_maps default_process_limit mail_name
address_verify_poll_count smtpd_per_request_deadline myhostname mydomain config_directory
respectful_logging queue_directory proxy_read_maps"

compare_config() {
    label=$1
    dir=$2
    expect_equal "$label: mfcc -n = postconf -n" "$(postconf -c "$dir" -n 2>/dev/null)" \
        "$("$MF_BIN/mfcc" -n "$dir" 2>/dev/null)"
    expect_equal "$label: mfcc -M = postconf -M" "$(postconf -c "$dir" -M 2>/dev/null)" \
        "$("$MF_BIN/mfcc" -M "$dir" 2>/dev/null)"
    # Every parameter set, the fixed sample, and every parameter postconf -d knows (without the
    # run-dependent process_id), all in one call of each tool.
    names="$(postconf -c "$dir" -n 2>/dev/null | sed 's/ =.*//') $defaults_sample
$(postconf -c "$dir" -d 2>/dev/null | sed 's/ =.*//' | grep -vx 'process_id')"
    count=$(echo $names | wc -w)
    postconf -c "$dir" -x -h $names > "$WORK/want.txt" 2>/dev/null
    "$MF_BIN/mfcc" -p -c "$dir" $names > "$WORK/got.txt" 2>/dev/null
    if cmp -s "$WORK/want.txt" "$WORK/got.txt"; then
        pass "$label: mfcc -p = postconf -x -h for $count parameters"
    else
        fail_case "$label: mfcc -p = postconf -x -h for $count parameters" \
            "$(paste -d'\n' <(echo $names | tr ' ' '\n') "$WORK/want.txt" "$WORK/got.txt" | paste - - - | awk -F'\t' '$2 != $3' | head -n 10)"
    fi
    output=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
    status=$?
    if [ "$status" -eq 0 ]; then
        pass "$label: no error from mfcc"
    else
        fail_case "$label: no error from mfcc (status $status)" "$output"
    fi
}

debian=$(postfix_config_dir)
cp /usr/share/postfix/main.cf.debian "$debian/main.cf"
compare_config "debian default" "$debian/"

for name in large syntax; do
    dir=$(postfix_config_dir)
    cp "$corpus/$name.main.cf" "$dir/main.cf"
    [ -f "$corpus/$name.master.cf" ] && cp "$corpus/$name.master.cf" "$dir/master.cf"
    compare_config "$name" "$dir/"
done

# A user-defined name counts as used when an -o override that postconf reads refers to it.
# postconf reads the options up to the first other word, a braced one included, so a $name in
# an -o after "{-o a=b}" makes no use (found by the random differential test, seed 214).
dir=$(postfix_config_dir)
printf 'before = 1\nafter = 2\n' >> "$dir/main.cf"
printf 'relay2    unix  -       -       n       -       -       smtp\n  -o x_before=$before {-o a=b} -o x_after=$after\n' >> "$dir/master.cf"
expect_equal "-o after a braced word: mfcc -p = postconf -x -h" \
    "$(postconf -c "$dir" -x -h before after 2>/dev/null)" "$("$MF_BIN/mfcc" -p -c "$dir" before after 2>/dev/null)"
expect_equal "-o after a braced word: mfcc -n = postconf -n" \
    "$(postconf -c "$dir" -n 2>/dev/null)" "$("$MF_BIN/mfcc" -n "$dir" 2>/dev/null)"

# The compiled-in catalog is what the generator makes from the data files beside it.
if /usr/bin/python3 "$MF_TOP/compiler/catalog/generate_catalog.py" - | cmp -s - "$MF_TOP/compiler/catalog_data.inc"; then
    pass "compiler/catalog_data.inc is up to date with compiler/catalog/"
else
    fail_case "compiler/catalog_data.inc is up to date with compiler/catalog/" \
        "run: /usr/bin/python3 compiler/catalog/generate_catalog.py"
fi

# Files postconf cannot read: where it dies (a main.cf line without '=' or without a name, a
# master.cf entry with a bad field count or field), its views print nothing and exit non-zero,
# and so must mfcc's, naming the line postconf names. Where it only warns and goes on (a line
# starting with whitespace, an -o without '='), both print the same view. Real postconf
# decides which is which. (A missing '}' in an -o is left out: postconf -M warns and prints
# the entry, master dies on it, and mfcc reports it as an error and leaves the entry out.)
# postconf also dies after reading, expanding values ("macro processing error", no line named):
# there the case gives, as FILE:LINE, where the fault is, and NAME for -p (default myhostname).
view_case() {
    label=$1
    dir=$(postfix_config_dir)
    printf "$2" > "$dir/main.cf"
    [ -n "$3" ] && printf "$3" > "$dir/master.cf"
    shown=${5:-myhostname}
    for view in -n -M "-p $shown"; do
        case $view in -p*) want=$(postconf -c "$dir" -x -h $shown 2> "$WORK/pc.err");;
                      *) want=$(postconf -c "$dir" $view 2> "$WORK/pc.err");; esac
        want_status=$?
        got=$("$MF_BIN/mfcc" $view -c "$dir" 2> "$WORK/mf.err")
        got_status=$?
        if [ "$want_status" -eq 0 ]; then
            expect_equal "$label: mfcc $view = postconf (which reads the files)" "$want" "$got"
            continue
        fi
        # postconf names the file and line, or (for a bad master.cf field) quotes the entry.
        fatal_line=$(sed -n 's/.*line \([0-9]*\).*/\1/p' "$WORK/pc.err" | head -n 1)
        fatal_file=$(grep -o 'master\.cf\|main\.cf' "$WORK/pc.err" | head -n 1)
        # Where postconf names no line (macro processing, the values it computes defaults
        # from), the case says where mfcc must point.
        if [ -n "${4:-}" ]; then
            fatal_file=${4%%:*} fatal_line=${4#*:}
        elif [ -z "$fatal_line" ]; then
            fatal_file=master.cf
            fatal_line=$(line_of "$dir/master.cf" "$(sed -n 's/.* in "\(.*\)"$/\1/p' "$WORK/pc.err")")
        fi
        if [ "$got_status" -eq 1 ] && [ -z "$got" ] &&
            [ -n "$fatal_line" ] && grep -q "$fatal_file:$fatal_line:[0-9]*: error:" "$WORK/mf.err"; then
            pass "$label: mfcc $view refuses, as postconf does, at $fatal_file line $fatal_line"
        else
            fail_case "$label: mfcc $view refuses, as postconf does (status $got_status)" \
                "postconf: $(cat "$WORK/pc.err")
mfcc stdout: $got
mfcc stderr: $(cat "$WORK/mf.err")"
        fi
    done
}
good_master='smtp inet n - y - - smtpd\n'
view_case "main.cf line without '='" 'myhostname = mx.example.test\nrelayhost\n' "$good_master"
view_case "main.cf line without a name" 'myhostname = mx.example.test\n= x\n' "$good_master"
view_case "main.cf line starting with whitespace" ' relayhost = x\nmyhostname = mx.example.test\n' "$good_master"
view_case "master.cf bad type" 'myhostname = mx.example.test\n' "$good_master"'pickup  fifo  n - y 60 1 pickup\n'
view_case "master.cf bad private field" 'myhostname = mx.example.test\n' "$good_master"'pickup unix  x - y 60 1 pickup\n'
view_case "master.cf bad chroot field" 'myhostname = mx.example.test\n' "$good_master"'pickup unix  n - maybe 60 1 pickup\n'
view_case "master.cf bad wakeup" 'myhostname = mx.example.test\n' "$good_master"'pickup unix  n - y 1m 1 pickup\n'
view_case "master.cf bad process limit" 'myhostname = mx.example.test\n' "$good_master"'pickup unix  n - y 60 many pickup\n'
view_case "master.cf bad field count" 'myhostname = mx.example.test\n' "$good_master"'pickup unix  n - y 60 1\n'
view_case "master.cf -o without '='" 'myhostname = mx.example.test\n' 'smtp inet n - y - - smtpd -o relayhost\n'

# Expansions postconf dies on, or only warns about: which is which, real postconf decides.
view_case "a truncated \${ in a built-in parameter" 'myhostname = mx.example.test\nrelayhost = [${x]\n' "$good_master" main.cf:2
view_case "a truncated \${ in a value a built-in parameter uses" 'myhostname = mx.example.test\nrelayhost = $hub\nhub = ${x\n' "$good_master" main.cf:3
view_case "a truncated \${ in a user-defined parameter only" 'myhostname = mx.example.test\nnotes = $hub\nhub = ${x\n' "$good_master"
view_case "a truncated \${ in a RAW parameter" 'myhostname = mx.example.test\nmailbox_command = /usr/bin/procmail -a ${x\n' "$good_master"
view_case "a truncated \${ in a branch not taken" 'myhostname = mx.example.test\nrelayhost = ${x?{${y}}\n' "$good_master" main.cf:2
view_case "a bad compatibility level in a relational test" 'myhostname = mx.example.test\nrelayhost = ${{1} <level {x} ? {a} : {b}}\n' "$good_master" main.cf:2
view_case "a built-in parameter that expands itself" 'myhostname = mx.example.test\nsmtpd_banner = $smtpd_banner ESMTP\n' "$good_master" main.cf:2
view_case "two built-in parameters that expand each other" 'myhostname = $mydomain\nmydomain = $myhostname\n' "$good_master" main.cf:1
view_case "user-defined parameters that expand each other" 'myhostname = mx.example.test\na = $b\nb = $a\n' "$good_master"
view_case "a loop postconf -x meets only when showing it" 'myhostname = mx.example.test\nsmtpd_restriction_classes = a\na = $a\n' "$good_master" main.cf:3 a
view_case "a truncated \${ in an -o of a built-in parameter" 'myhostname = mx.example.test\n' 'smtp inet n - y - - smtpd -o smtpd_banner=${x\n' master.cf:1
view_case "a truncated \${ in an -o of a user-defined parameter" 'myhostname = mx.example.test\n' 'smtp inet n - y - - smtpd -o hub=${x\n'
view_case "a per-service parameter that expands itself" 'myhostname = mx.example.test\nrelay_destination_concurrency_limit = $relay_destination_concurrency_limit\n' "$good_master"'relay unix - - y - - smtp\n' main.cf:2
# What postconf evaluates when it starts, to compute defaults and know restriction classes:
# some main.cf values with only main.cf's settings defined, mynetworks_style's default.
relational='${{$compatibility_level} <level {2} ? {a} : {b}}'
view_case "myhostname with only main.cf's settings defined (mydomain at its default)" "myhostname = \${relayhost:$relational}.example.test\n" "$good_master" main.cf:1
view_case "myhostname with only main.cf's settings defined (mydomain set)" "myhostname = \${relayhost:$relational}.example.test\nmydomain = example.test\n" "$good_master"
view_case "mynetworks_style with only main.cf's settings defined" "myhostname = mx.example.test\nmynetworks_style = \${relayhost:$relational}\n" "$good_master" main.cf:2
# mynetworks's default (main.cf does not set mynetworks) stops postconf on a word
# inet_protocols or mynetworks_style does not know, in that spelling.
view_case "inet_protocols with a comment after the value" 'myhostname = mx.example.test\ninet_protocols = ipv4   # no IPv6 here\n' "$good_master" main.cf:2
view_case "inet_protocols in another spelling" 'myhostname = mx.example.test\ninet_protocols = IPv4\n' "$good_master" main.cf:2
view_case "inet_protocols from another parameter" 'myhostname = mx.example.test\nfamilies = ipv5\ninet_protocols = $families\n' "$good_master" main.cf:3
view_case "inet_protocols unknown, mynetworks set" 'myhostname = mx.example.test\ninet_protocols = ipv5\nmynetworks = 127.0.0.0/8\n' "$good_master"
view_case "inet_protocols empty" 'myhostname = mx.example.test\ninet_protocols =\n' "$good_master"
view_case "mynetworks_style of two words" 'myhostname = mx.example.test\nmynetworks_style = host subnet\n' "$good_master" main.cf:2
view_case "mynetworks_style in another spelling" 'myhostname = mx.example.test\nmynetworks_style = Host\n' "$good_master" main.cf:2
view_case "mynetworks_style with a trailing comma" 'myhostname = mx.example.test\nmynetworks_style = host,\n' "$good_master"
view_case "restriction classes with only main.cf's settings defined" "myhostname = mx.example.test\nsmtpd_restriction_classes = \${relayhost:$relational}\n" "$good_master" main.cf:2
view_case "a malformed compatibility_level, mynetworks at its default" 'myhostname = mx.example.test\ncompatibility_level = 3.x\n' "$good_master" main.cf:2
view_case "a malformed compatibility_level, mynetworks set" 'myhostname = mx.example.test\ncompatibility_level = 3.x\nmynetworks = 127.0.0.0/8\n' "$good_master"
view_case "read-only parameters assigned (postconf drops them)" 'myhostname = mx.example.test\nprocess_id = ${x\nprocess_name = $process_name\n' 'smtp inet n - y - - smtpd -o service_name=$service_name\n'

# process_id is the pid of the process that shows it, in itself and in what expands it: postconf's
# for postconf, mfcc's for mfcc (exec keeps the shell's pid, printed first), never a fixed number.
dir=$(postfix_config_dir)
printf 'myhostname = mx.example.test\ndebugger_command = ddd $daemon_directory/$process_name $process_id & sleep 5\n' > "$dir/main.cf"
normalised() { { read -r pid; sed "s/\b$pid\b/PID/g"; }; }
want=$(postconf -c "$dir" -x -h process_id debugger_command 2>/dev/null | { read -r pid; printf '%s\n%s\n' "$pid" "$pid"; cat; } | normalised)
got=$(sh -c 'echo $$; exec "$0" -p "$1" process_id debugger_command' "$MF_BIN/mfcc" "$dir" 2>/dev/null | normalised)
expect_equal "process_id and its expansion: mfcc's own pid, as postconf shows its own" "$want" "$got"

# Every RAW and read-only parameter, each expanding itself: postconf expands none of them when
# it starts (a RAW value is filled in per message; a read-only assignment is dropped).
dir=$(postfix_config_dir)
{ echo 'myhostname = mx.example.test'
  for name in command_execution_directory default_rbl_reply forward_path luser_relay \
      mailbox_command postscreen_expansion_filter postscreen_reject_footer smtpd_expansion_filter \
      smtpd_reject_footer process_id process_name service_name; do
      echo "$name = \$$name"
  done; } > "$dir/main.cf"
expect_equal "RAW and read-only parameters expanding themselves: mfcc -n = postconf -n" \
    "$(postconf -c "$dir" -n 2>/dev/null)" "$("$MF_BIN/mfcc" -n "$dir" 2>/dev/null)"
# Any other parameter postconf -d lists, expanding itself: five drawn per run. A built-in one
# stops postconf; a per-service one whose service the case's master.cf lacks is user-defined
# there, and postconf goes on.
for name in $(postconf -c "$dir" -d 2>/dev/null | sed 's/ =.*//' | shuf -n 5); do
    grep -q "^$name = " "$dir/main.cf" && continue
    view_case "$name = \$$name" "myhostname = mx.example.test\n$name = \$$name\n" "$good_master" main.cf:2
done
