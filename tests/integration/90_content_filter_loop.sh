# An after-queue content filter that gets its own mail back (content-filter-loop): the smtpd
# service on the port after the filter's, where amavisd-new and FILTER_README's filters hand
# mail back, must turn the filter off (-o content_filter=). mfcc reports one that keeps the same
# content_filter, at its master.cf entry. The oracle, in the same run where the host allows it:
# a whole instance with filter_peer.py as the filter; without the override the message goes
# round until cleanup logs "message rejected: hopcount exceeded", with it local(8) delivers it.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
port=$(free_port)
back=$((port + 1))
scan='scan      unix  -       -       n       -       10      smtp'

# setup MAIN REINJECTION_LINES: main.cf with MAIN, master.cf with the scan transport and the
# re-injection lines.
setup() {
    config_dir_with "local_recipient_maps =
$1" "$scan
$2"
}

setup "content_filter = scan:[127.0.0.1]:$port" "127.0.0.1:$back inet n  -       n       -       10      smtpd"
loop=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "re-injection that keeps the filter: exit 1" 1 "$?"
expect_match "re-injection that keeps the filter: an error at its entry" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" "127.0.0.1:$back inet"):1: error: master.cf service 127.0.0.1:$back/inet, on the port after the content filter's \(scan:\[127.0.0.1\]:$port, .*keeps content_filter = scan:\[127.0.0.1\]:$port: .*hopcount exceeded.*\[content-filter-loop\]\$" "$out"

setup "content_filter = scan:[127.0.0.1]:$port" "127.0.0.1:$back inet n  -       n       -       10      smtpd
  -o content_filter="
fixed=$dir
no_code "re-injection with -o content_filter=: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    content-filter-loop

setup "content_filter = scan:[127.0.0.1]:$port" "$back      inet n  -       n       -       10      smtpd"
expect_match "a re-injection service on every address (port alone): reported" \
    "error: master.cf service $back/inet, on the port after" "$("$mfcc" --no-file-checks "$dir" 2>&1)"

setup "content_filter = scan:[127.0.0.1]:$port" "127.0.0.1:$back inet n  -       n       -       10      smtpd
  -o content_filter=scan:[127.0.0.1]:$((port + 10))"
no_code "re-injection into a second filter (a chain): fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" content-filter-loop

setup "" "127.0.0.1:$back inet n  -       n       -       10      smtpd"
sed -i "s|^smtp      inet  n       -       y       -       -       smtpd|&\\n  -o content_filter=scan:[127.0.0.1]:$port|" "$dir/master.cf"
no_code "the filter on port 25 only, re-injection inheriting main.cf's none: fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" content-filter-loop

setup "content_filter = scan:[127.0.0.1]:$port" "127.0.0.1:$((port + 2)) inet n  -       n       -       10      smtpd"
no_code "an smtpd two ports after the filter's: not judged" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" content-filter-loop

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test root@mx.example.test'
    peer="/usr/bin/python3 $MF_TOP/tests/integration/filter_peer.py $port $back"
    log=$(ORACLE_PEER="$peer" instance_log "$loop" "$send" 'hopcount exceeded')
    expect_match "real Postfix without the override: the message goes round until cleanup refuses it" \
        'cleanup.*message rejected: hopcount exceeded' "$log"
    log=$(ORACLE_PEER="$peer" instance_log "$fixed" "$send" 'status=sent .*delivered|hopcount')
    expect_match "real Postfix with -o content_filter=: local delivers it" \
        'local.*status=sent \(delivered to mailbox\)' "$log"
    no_match "without going round" 'hopcount exceeded' "$log"
fi
