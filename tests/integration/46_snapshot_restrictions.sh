# The snapshot's compiled restriction lists (format 3), checked against the configuration they
# came from: every list of main.cf and of each smtpd service (after -o) holds the entries real
# `postconf -x -h` (`-P` for an override) prints, in order; each entry's FILE:LINE:COLUMN points
# at its own text in main.cf or master.cf; table arguments carry the SHA-256 of the file
# postmap built; classes, policy services, DNS lists and sleep are typed as written. Then
# --diff names the entries added, removed and moved per list and service, and a format 2 or
# truncated snapshot is refused with a reason.
. "$MF_TOP/tests/integration/lib.sh"

mfcc="$MF_BIN/mfcc"
dir=$(postfix_config_dir)
printf 'spammer@example.com REJECT\nexample.net OK\n' > "$dir/access"
printf '10.0.0.0/8 OK\n' > "$dir/inside.cidr"
printf '/^bad/ REJECT\n' > "$dir/helo.pcre"
postmap -c "$dir" "hash:$dir/access" || fail_case "postmap builds the access table"
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = mx.example.test
blocklist = zen.spamhaus.org
smtpd_restriction_classes = from_inside, dns_checks
from_inside = check_client_access cidr:$dir/inside.cidr, reject
dns_checks = reject_rbl_client \$blocklist=127.0.0.[2..11],
    reject_rhsbl_sender dbl.example.org, permit_dnswl_client list.dnswl.example
smtpd_client_restrictions = permit_mynetworks, proxy:hash:$dir/access,
    warn_if_reject reject_unknown_client_hostname
smtpd_helo_restrictions = check_helo_access pcre:$dir/helo.pcre, reject_invalid_helo_hostname
smtpd_sender_restrictions = check_sender_access inline:{ spam@example.org=REJECT }, from_inside
smtpd_recipient_restrictions = permit_mynetworks,
    check_recipient_access hash:$dir/access,
    reject_unauth_destination,
    check_policy_service { inet:127.0.0.1:9998, timeout=10s, default_action=DUNNO },
    check_policy_service unix:private/policy,
    dns_checks, sleep 2, hash:$dir/access
smtpd_data_restrictions = reject_unauth_pipelining
CF
cat >> "$dir/master.cf" <<'CF'
submission inet n       -       y       -       -       smtpd
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
  -o { from_inside = permit_mynetworks, reject }
policy    unix  -       n       n       -       0       spawn
  user=nobody argv=/usr/bin/policyd-spf
CF
snap="$WORK/mf.snapshot"
out=$("$mfcc" -o "$snap" "$dir" 2>&1)
expect_equal "the configuration compiles" 0 $?
[ -s "$snap" ] || fail_case "the snapshot was written" "$out"
"$mfcc" --dump "$snap" > "$WORK/dump"
expect_equal "--dump reads the snapshot" 0 $?
expect_match "--dump says format 3" '^# mfcc snapshot, format version 3$' "$(head -n 1 "$WORK/dump")"

# Every list and class body in the dump against postconf, entry by entry, and every entry's
# location against the text of the file it names.
common=$(/usr/bin/python3 "$MF_TOP/tests/integration/snapshot_restrictions_check.py" "$WORK/dump" "$dir" \
    main.cf smtp/inet submission/inet)
printf '%s\n' "$common" | grep -v '^located '
located=$(printf '%s\n' "$common" | sed -n 's/^located //p')
[ "${located:-0}" -gt 30 ] && pass "more than 30 entries located ($located)" ||
    fail_case "more than 30 entries located (${located:-0})"
expect_match "a class's entries from \$blocklist point at it" \
    "^    reject_rbl_client zen.spamhaus.org=127.0.0.\[2..11\]    # $dir/main.cf:6:14;" "$(cat "$WORK/dump")"

# The arguments, typed.
/usr/bin/python3 - "$WORK/dump" "$dir" <<'PY'
import hashlib, re, sys

dump_path, confdir = sys.argv[1], sys.argv[2]

def ok(name, good, *detail):
    print(("ok " if good else "not ok ") + name)
    if not good:
        for line in detail:
            print("    " + str(line))

section, lists = None, []
for line in open(dump_path):
    line = line.rstrip("\n")
    if re.fullmatch(r"\[[a-z]+\]", line):
        section = line
        continue
    if section != "[restrictions]":
        continue
    if not line.startswith("    "):
        parts = line.partition(" =")[0].split(" ")
        lists.append({"scope": parts[0], "name": parts[-1], "entries": []})
    else:
        text, _, detail = line[4:].partition("    # ")
        lists[-1]["entries"].append((text, detail))

def entry(scope, name, start):
    for l in lists:
        if l["scope"] == scope and l["name"] == name:
            for text, detail in l["entries"]:
                if text.startswith(start):
                    return detail
    return ""

db = hashlib.sha256(open(confdir + "/access.db", "rb").read()).hexdigest()
cidr = hashlib.sha256(open(confdir + "/inside.cidr", "rb").read()).hexdigest()
d = entry("main.cf", "smtpd_recipient_restrictions", "check_recipient_access")
ok("a table argument carries the built file's SHA-256", d.endswith("; table hash:%s/access, %s/access.db sha256=%s" % (confdir, confdir, db)), d)
d = entry("main.cf", "smtpd_recipient_restrictions", "hash:")
ok("a bare table is the list's check_*_access with the same table", "; check_recipient_access; table hash:" in d and db in d, d)
d = entry("main.cf", "smtpd_client_restrictions", "proxy:hash:")
ok("proxy: is peeled off and marked", "; check_client_access; table hash:%s/access through proxymap" % confdir in d, d)
d = entry("main.cf", "from_inside", "check_client_access")
ok("a text table's identity is the file itself", d.endswith("/inside.cidr sha256=" + cidr), d)
d = entry("main.cf", "smtpd_sender_restrictions", "check_sender_access")
ok("an inline table has no file", d.endswith("; table inline:{ spam@example.org=REJECT }"), d)
d = entry("main.cf", "smtpd_recipient_restrictions", "check_policy_service {")
ok("policy service attributes are parsed", d.endswith("; policy service inet:127.0.0.1:9998 timeout=10s default_action=DUNNO"), d)
d = entry("main.cf", "smtpd_recipient_restrictions", "check_policy_service unix:")
ok("a plain policy endpoint", d.endswith("; policy service unix:private/policy"), d)
d = entry("main.cf", "dns_checks", "reject_rbl_client")
ok("a DNS list with its reply filter, after expansion", d.endswith("; DNS list zen.spamhaus.org replying 127.0.0.[2..11]"), d)
d = entry("main.cf", "dns_checks", "permit_dnswl_client")
ok("a DNS list without a filter", d.endswith("; DNS list list.dnswl.example"), d)
d = entry("main.cf", "smtpd_recipient_restrictions", "sleep")
ok("sleep takes its seconds", d.endswith("; 2 seconds"), d)
main_cf = open(confdir + "/main.cf").read().split("\n")
class_line = next(i + 1 for i, t in enumerate(main_cf) if t.startswith("dns_checks ="))
d = entry("main.cf", "smtpd_recipient_restrictions", "dns_checks")
ok("a class resolves to its body", re.search(r"; restriction class at .*/main.cf:%d:14$" % class_line, d) is not None, d)
master = open(confdir + "/master.cf").read().split("\n")
override_line = next(i + 1 for i, t in enumerate(master) if "from_inside = permit_mynetworks" in t)
d = entry("main.cf", "smtpd_sender_restrictions", "from_inside")
d2 = entry("submission/inet", "smtpd_sender_restrictions", "from_inside")
ok("a service's class is its -o body", ("master.cf:%d:" % override_line) in d2 and "main.cf:" in d, d, d2)
PY

# --diff: one list reordered, one entry removed, one added, one service's override changed.
cp "$dir/main.cf" "$WORK/main.cf.orig"
/usr/bin/python3 - "$dir/main.cf" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("smtpd_recipient_restrictions = permit_mynetworks,\n    check_recipient_access",
                    "smtpd_recipient_restrictions = check_recipient_access")
text = text.replace("    reject_unauth_destination,\n", "    reject_unauth_destination, permit_mynetworks,\n")
text = text.replace("dns_checks, sleep 2,", "dns_checks,")
text = text.replace("smtpd_data_restrictions = reject_unauth_pipelining",
                    "smtpd_data_restrictions = reject_unauth_pipelining, reject_multi_recipient_bounce")
open(path, "w").write(text)
PY
sed -i 's/-o smtpd_recipient_restrictions=permit_sasl_authenticated,reject/-o smtpd_recipient_restrictions=reject_non_fqdn_recipient,permit_sasl_authenticated,reject/' "$dir/master.cf"
"$mfcc" -q -o "$WORK/new.snapshot" "$dir"
diff_out=$("$mfcc" --diff "$snap" "$WORK/new.snapshot")
expect_equal "--diff exits 1 when lists changed" 1 $?
for scope in main.cf smtp/inet; do
    expected="~ restrictions $scope smtpd_recipient_restrictions
    ~ permit_mynetworks    (moved from #1 to #3)
    - sleep 2    (was #7)"
    case "$diff_out" in
    *"$expected"*) pass "--diff: $scope recipient list, moved and removed entries" ;;
    *) fail_case "--diff: $scope recipient list, moved and removed entries" "$diff_out" ;;
    esac
    expected="~ restrictions $scope smtpd_data_restrictions
    + reject_multi_recipient_bounce    (#2)"
    case "$diff_out" in
    *"$expected"*) pass "--diff: $scope data list, added entry" ;;
    *) fail_case "--diff: $scope data list, added entry" "$diff_out" ;;
    esac
done
expected="~ restrictions submission/inet smtpd_recipient_restrictions
    + reject_non_fqdn_recipient    (#1)"
case "$diff_out" in
*"$expected"*) pass "--diff: a service's own override" ;;
*) fail_case "--diff: a service's own override" "$diff_out" ;;
esac
expect_equal "--diff leaves unchanged lists out" "" \
    "$(printf '%s\n' "$diff_out" | grep -E '^[-+~] restrictions .* (smtpd_client_restrictions|smtpd_helo_restrictions|dns_checks|from_inside)$')"
expect_match "--diff: a list a service inherits changes with main.cf's" \
    '^~ restrictions submission/inet smtpd_data_restrictions$' "$diff_out"
"$mfcc" --diff "$snap" "$snap" > /dev/null
expect_equal "--diff of a snapshot with itself is empty" 0 $?

# Older and damaged snapshots are refused with a reason.
/usr/bin/python3 - "$snap" "$WORK/v2.snapshot" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[8:12] = (2).to_bytes(4, "little")
open(sys.argv[2], "wb").write(data)
PY
out=$("$mfcc" --dump "$WORK/v2.snapshot" 2>&1)
expect_equal "a format 2 snapshot: exit 2" 2 $?
expect_match "a format 2 snapshot: the versions found and expected" \
    'format version 2 is not supported \(this mfcc reads version 3\)' "$out"
head -c 2000 "$snap" > "$WORK/short.snapshot"
out=$("$mfcc" --dump "$WORK/short.snapshot" 2>&1)
expect_match "a truncated snapshot is refused" 'truncated snapshot' "$out"
