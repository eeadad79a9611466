# The mfcc command line: exit statuses, diagnostic forms (text with caret, JSON, SARIF 2.1.0,
# GitHub annotations), -Werror, -q, --explain, and the snapshot workflow (-o only when clean,
# --dump, --diff, refusing a damaged snapshot), --master and the path/to/main.cf form.
. "$MF_TOP/tests/integration/lib.sh"

mfcc="$MF_BIN/mfcc"
dir=$(postfix_config_dir)
cat > "$dir/main.cf" <<'CF'
compatibility_level = 3.6
myhostname = mx.example.test
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
CF

check "clean configuration: exit 0" "$mfcc" --no-file-checks "$dir"

bad=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_use_tls = yess\nmydomian = example.test\n' > "$bad/main.cf"
output=$("$mfcc" --no-file-checks "$bad" 2>&1)
status=$?
expect_equal "smtpd_use_tls = yess: exit 1" 1 "$status"
expect_match "text form: FILE:LINE:COL: error: MESSAGE [CODE]" \
    "^$bad/main.cf:3:17: error: bad boolean configuration: smtpd_use_tls = yess .*\[bad-boolean\]$" "$output"
expect_match "text form: the source line, then a caret under the value" '^                \^$' "$output"
expect_match "unknown parameter with a suggestion" "main.cf:4:1: warning: unused parameter: mydomian=example.test .*did you mean mydomain\?" "$output"
if printf '%s' "$output" | grep -q "$(printf '\033')"; then
    fail_case "no colour when stderr is not a terminal"
else
    pass "no colour when stderr is not a terminal"
fi

warn=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nqueue_run_delay = 10sec\n' > "$warn/main.cf"
check "a warning alone: exit 0" "$mfcc" --no-file-checks "$warn"
check_fails "-Werror: a warning fails" "$mfcc" --no-file-checks -Werror "$warn"
expect_equal "-q: warnings not printed" "" "$("$mfcc" --no-file-checks -q "$warn" 2>&1)"

"$mfcc" --no-file-checks --format=json "$bad" > "$WORK/out.json" 2>/dev/null
check "JSON output parses and names file, line, code" /usr/bin/python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))
assert any(i["code"] == "bad-boolean" and i["line"] == 3 and i["severity"] == "error" for i in items), items
' "$WORK/out.json"

"$mfcc" --no-file-checks --format=sarif "$bad" > "$WORK/out.sarif" 2>/dev/null
check "SARIF 2.1.0: the shape GitHub code scanning reads" /usr/bin/python3 -c '
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
assert log["$schema"].endswith("sarif-2.1.0.json")
run = log["runs"][0]
driver = run["tool"]["driver"]
assert isinstance(driver["name"], str) and driver["name"]
for rule in driver["rules"]:
    assert isinstance(rule["id"], str) and rule["shortDescription"]["text"]
for result in run["results"]:
    assert result["level"] in ("none", "note", "warning", "error")
    assert isinstance(result["message"]["text"], str)
    for location in result["locations"]:
        physical = location["physicalLocation"]
        assert isinstance(physical["artifactLocation"]["uri"], str)
        region = physical.get("region", {"startLine": 1})
        assert isinstance(region["startLine"], int) and region["startLine"] >= 1
        assert region.get("startColumn", 1) >= 1
rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
for result in log["runs"][0]["results"]:
    assert result["ruleId"] in rules, result["ruleId"]
    assert rules[result["ruleIndex"]] == result["ruleId"]
assert any(r["ruleId"] == "bad-boolean" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
           for r in log["runs"][0]["results"])
' "$WORK/out.sarif"

# Valid SARIF 2.1.0 by the standard's own JSON schema (schemas/sarif-2.1.0-rtm.5.json, as the
# SARIF SDK ships it), for every kind of run: errors, warnings only, notes, a master.cf defect,
# nothing to report.
notes=$(postfix_config_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nbiff = no\n' > "$notes/main.cf"
master_defect=$(postfix_config_dir)
cp "$dir/main.cf" "$master_defect/main.cf"
printf 'smtp      inet  n       -       y       -       -       smtpd\nsmtp      inet  n       -       y       -       -       smtpd\nbroken line\n' \
    > "$master_defect/master.cf"
for run in "errors:$bad" "warnings:$warn" "notes:$notes" "master.cf defects:$master_defect" "nothing:$dir"; do
    "$mfcc" --no-file-checks --format=sarif "${run#*:}" > "$WORK/valid.sarif" 2>/dev/null
    check "SARIF validates against the SARIF 2.1.0 JSON schema: ${run%%:*}" \
        /usr/bin/python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
jsonschema.Draft4Validator(schema).validate(log)
' "$MF_TOP/tests/integration/schemas/sarif-2.1.0-rtm.5.json" "$WORK/valid.sarif"
done
expect_match "... among them a result located in master.cf" '"uri": *"[^"]*master.cf"' \
    "$("$mfcc" --no-file-checks --format=sarif "$master_defect" 2>/dev/null)"

odd="$WORK/a dir #1"
mkdir -p "$odd"
cp "$bad/main.cf" "$odd/main.cf"
"$mfcc" --no-file-checks --format=sarif "$odd" > "$WORK/odd.sarif" 2>/dev/null
check "SARIF: a path with a space and '#' is a percent-encoded URI reference; rules carry help text" \
    /usr/bin/python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
uris = {l["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"] for l in r["locations"]}
assert uris == {sys.argv[2].replace(" ", "%20").replace("#", "%23") + "/main.cf"}, uris
for rule in run["tool"]["driver"]["rules"]:
    assert rule["help"]["text"].endswith("(mfcc --explain %s)" % rule["id"]), rule
' "$WORK/odd.sarif" "$odd"

github=$("$mfcc" --no-file-checks --format=github "$bad" 2>/dev/null)
expect_match "GitHub annotations: ::error file=F,line=L,col=C,title=CODE::MESSAGE" \
    "^::error file=$bad/main.cf,line=3,col=17,title=bad-boolean::bad boolean configuration" "$github"
expect_match "GitHub annotations: warnings too" "^::warning file=$bad/main.cf,line=4,col=1,title=unknown-parameter::" "$github"

expect_match "--explain CODE" "^bad-boolean: " "$("$mfcc" --explain bad-boolean)"
"$mfcc" --explain no-such-code > /dev/null 2>&1
expect_equal "--explain of an unknown code: exit 2" 2 $?
"$mfcc" --no-such-option > /dev/null 2>&1
expect_equal "unknown option: exit 2" 2 $?
"$mfcc" "$WORK/does-not-exist" > /dev/null 2>&1
expect_equal "unreadable configuration: exit 2" 2 $?

# path/to/main.cf and --master
cp "$dir/main.cf" "$WORK/other-main.cf"
cp /etc/postfix/master.cf "$WORK/other-master.cf"
check "path/to/main.cf with --master FILE" "$mfcc" --no-file-checks --master "$WORK/other-master.cf" "$WORK/other-main.cf"
expect_equal "-M reads the --master file" "$(postconf -c "$dir" -M 2>/dev/null)" \
    "$("$mfcc" -M --master "$WORK/other-master.cf" "$WORK/other-main.cf" 2>/dev/null)"

# The snapshot workflow.
snap="$WORK/mf.snapshot"
check "-o writes a snapshot when there is no error" "$mfcc" --no-file-checks -o "$snap" "$dir"
[ -s "$snap" ] && pass "the snapshot exists" || fail_case "the snapshot exists"
expect_match "--dump shows resolved parameters" '^smtpd_banner = mx.example.test ESMTP Postfix' \
    "$("$mfcc" --dump "$snap")"
expect_match "--dump shows services with their fields" '^submission/inet: |^smtp/inet: private=n' "$("$mfcc" --dump "$snap")"
before=$(cat "$snap" | md5sum)
check_fails "-o with errors fails" "$mfcc" --no-file-checks -o "$WORK/bad.snapshot" "$bad"
[ -e "$WORK/bad.snapshot" ] && fail_case "no snapshot written on error" || pass "no snapshot written on error"
check_fails "an error leaves the previous snapshot alone" "$mfcc" --no-file-checks -o "$snap" "$bad"
expect_equal "the previous snapshot is byte-identical" "$before" "$(cat "$snap" | md5sum)"
ls "$WORK" | grep -q 'snapshot.*tmp\|\.tmp' && fail_case "no temporary file left" "$(ls "$WORK")" || pass "no temporary file left"

# The same configuration compiles to the same bytes, even where a value expands $process_id,
# which the views show as the running process's own.
same="$WORK/same"
mkdir -p "$same"
cp /etc/postfix/master.cf "$same/master.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\ndebugger_command = ddd $process_name $process_id & sleep 5\n' > "$same/main.cf"
"$mfcc" -q --no-file-checks -o "$WORK/same1.snapshot" "$same"
"$mfcc" -q --no-file-checks -o "$WORK/same2.snapshot" "$same"
if [ -s "$WORK/same1.snapshot" ] && cmp -s "$WORK/same1.snapshot" "$WORK/same2.snapshot"; then
    pass "two compiles of one configuration write identical snapshots"
else
    fail_case "two compiles of one configuration write identical snapshots" "$("$mfcc" --diff "$WORK/same1.snapshot" "$WORK/same2.snapshot" 2>&1)"
fi

printf 'myhostname = mx2.example.test\n' >> "$dir/main.cf"
"$mfcc" --no-file-checks -o "$WORK/new.snapshot" "$dir" 2>/dev/null
diff_output=$("$mfcc" --diff "$snap" "$WORK/new.snapshot")
expect_equal "--diff: exit 1 when something changed" 1 $?
expect_match "--diff names the changed parameter" '^~ parameter myhostname = mx.example.test$' "$diff_output"
"$mfcc" --diff "$snap" "$snap" > /dev/null
expect_equal "--diff of identical snapshots: exit 0" 0 $?

head -c 100 "$snap" > "$WORK/truncated.snapshot"
output=$("$mfcc" --dump "$WORK/truncated.snapshot" 2>&1)
expect_equal "a truncated snapshot is refused: exit 2" 2 $?
expect_match "... with the reason" "truncated snapshot" "$output"
/usr/bin/python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-5] ^= 1; open(sys.argv[2], "wb").write(b)' "$snap" "$WORK/corrupt.snapshot"
expect_match "a corrupt snapshot is refused with the reason" "corrupt snapshot" "$("$mfcc" --dump "$WORK/corrupt.snapshot" 2>&1)"

# --sysroot: a table named /etc/postfix/access is read under the sysroot.
root="$WORK/root"
mkdir -p "$root/etc/postfix"
printf 'x' > "$root/etc/postfix/access.db"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_client_restrictions = check_client_access hash:/etc/postfix/access\n' > "$dir/main.cf"
"$mfcc" --no-file-checks --sysroot "$root" -o "$WORK/root.snapshot" "$dir" 2>/dev/null
expect_match "--sysroot: the table identity comes from the file under the sysroot" \
    'hash:/etc/postfix/access \(/etc/postfix/access.db size=1 ' "$("$mfcc" --dump "$WORK/root.snapshot")"

# mfcc(1) documents every diagnostic code.
missing=""
for code in $("$mfcc" --list-codes | cut -f1); do
    grep -qx "\.It Cm $code" "$MF_TOP/man/mfcc.1" || missing="$missing $code"
done
expect_equal "mfcc(1) lists every diagnostic code" "" "$missing"
