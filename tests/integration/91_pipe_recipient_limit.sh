# pipe(8) flags D and O need one recipient per delivery (pipe-recipient-limit): pipe defers a
# request with more ("pipe flag `D' requires NAME_destination_recipient_limit = 1"), and the
# queue manager groups up to that limit, 50 by default. mfcc reports the flags= attribute of the
# pipe services that mail is handed to (transport parameters in use, transport_maps answers)
# unless NAME_destination_recipient_limit = 1; a warning for one only a transport parameter
# names while transport_maps is set, whose answers may send that mail elsewhere. The oracle, in the same run where the host
# allows it: a whole instance delivering one message for two local users through such a pipe
# transport defers it with that warning, and delivers it twice with the limit at 1.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

mfcc="$MF_BIN/mfcc"
deliverer='deliverer unix  -       n       n       -       -       pipe
  flags=DRhu user=nobody argv=/bin/cat'

config_dir_with 'local_transport = deliverer' "$deliverer"
unlimited=$dir
out=$("$mfcc" --no-file-checks "$dir" 2>&1)
expect_equal "flags=D with the default limit: exit 1" 1 "$?"
expect_match "flags=D with the default limit: an error at flags=" \
    "^$dir/master.cf:$(line_of "$dir/master.cf" 'flags=DRhu user=nobody'):3: error: pipe flag D \(Delivered-To:\) on transport deliverer, which gets up to 50 recipients .*\(default_destination_recipient_limit\).*set deliverer_destination_recipient_limit = 1 in main.cf \[pipe-recipient-limit\]\$" "$out"

config_dir_with 'local_transport = deliverer
deliverer_destination_recipient_limit = 1' "$deliverer"
limited=$dir
no_code "flags=D with deliverer_destination_recipient_limit = 1: fine" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)" pipe-recipient-limit

config_dir_with 'local_transport = deliverer
deliverer_destination_recipient_limit = 10' "$(printf '%s\n' "$deliverer" | sed 's/flags=DRhu/flags=ORhu/')"
expect_match "flags=O with a limit of 10: an error naming the setting" \
    "error: pipe flag O \(X-Original-To:\) on transport deliverer, which gets up to 10 recipients of one destination per delivery \(deliverer_destination_recipient_limit\)" \
    "$("$mfcc" --no-file-checks "$dir" 2>&1)"

config_dir_with 'local_transport = deliverer' "$(printf '%s\n' "$deliverer" | sed 's/flags=DRhu/flags=Rhu/')"
no_code "a pipe without D or O: fine" "$("$mfcc" --no-file-checks "$dir" 2>&1)" pipe-recipient-limit

# Debian's maildrop entry (flags=DRXhu) is not judged while no mail goes to it.
config_dir_with ''
no_code "Debian's unused maildrop entry: not judged" "$("$mfcc" --no-file-checks "$dir" 2>&1)" \
    pipe-recipient-limit

config_dir_with "transport_maps = texthash:$WORK/transport"
printf 'example.com maildrop:\n' > "$WORK/transport"
expect_match "maildrop named by a transport_maps answer: reported" \
    "^$dir/master.cf:[0-9]+:[0-9]+: error: pipe flag D \(Delivered-To:\) on transport maildrop" \
    "$("$mfcc" "$dir" 2>&1)"
config_dir_with "local_transport = deliverer
transport_maps = texthash:$WORK/transport" "$deliverer"
expect_match "named only by local_transport while transport_maps is set: a warning" \
    "^$dir/master.cf:[0-9]+:[0-9]+: warning: pipe flag D \(Delivered-To:\) on transport deliverer.*\(unless transport_maps sends that mail to another transport\); set deliverer_destination_recipient_limit = 1" \
    "$("$mfcc" "$dir" 2>&1)"
expect_match "and maildrop, which a transport_maps answer names, still an error" \
    "^$dir/master.cf:[0-9]+:[0-9]+: error: pipe flag D \(Delivered-To:\) on transport maildrop" \
    "$("$mfcc" "$dir" 2>&1)"

if [ "$INSTANCE_ORACLE" = yes ]; then
    send='printf "Subject: t\n\nx\n" | sendmail -f a@mx.example.test root@mx.example.test postmaster@mx.example.test'
    log=$(instance_log "$unlimited" "$send" 'status=')
    expect_match "real pipe with flags=D and two recipients warns" \
        "pipe.*warning: pipe flag .D' requires deliverer_destination_recipient_limit = 1" "$log"
    expect_match "and defers the message" 'status=deferred \(mail system configuration error\)' "$log"
    log=$(instance_log "$limited" "$send" ': removed')
    expect_equal "real pipe with the limit at 1 delivers to each recipient" 2 \
        "$(printf '%s\n' "$log" | grep -c 'relay=deliverer.*status=sent')"
fi
