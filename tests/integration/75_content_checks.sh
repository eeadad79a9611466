# The actions of header_checks and body_checks rules (content-check-action): a word that is no
# action, an action smtp(8) does not run, FILTER/REDIRECT/BCC/PREPEND/REPLACE without their
# argument. mfcc warns at the rule's line. The oracle, in the same run where the host allows it:
# a whole Postfix instance receives a message whose headers match every rule mfcc warns about,
# and cleanup logs a warning for each of them and delivers the message anyway, while the rule
# mfcc passes (REJECT) refuses a second message.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

checks="$WORK/header_checks"
cat > "$checks" <<'TABLE'
/^X-Typo:/          REJCT spam
/^X-Filter:/        FILTER nocolon
/^X-Redirect:/      REDIRECT nobody
/^X-Prepend:/       PREPEND not a header
/^X-Replace:/       REPLACE
/^Subject: spam/    REJECT spam here
/^X-Lower:/         warn lower case is fine
/^(X-Sub): (.*)/    $2 substituted, not judged
/^X-Ok:/            PREPEND X-Seen: yes
TABLE
config_dir_with "header_checks = regexp:$checks
smtp_header_checks = regexp:$checks
body_checks = regexp:$checks"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
for rule in X-Typo X-Filter X-Redirect X-Prepend X-Replace; do
    expect_match "header_checks: $rule rule warned at its line" \
        "^$checks:$(line_of "$checks" "$rule"):[0-9]+: warning: header_checks regexp:$checks: .*\[content-check-action\]\$" "$out"
done
for rule in 'Subject: spam' X-Lower X-Sub X-Ok; do
    no_match "header_checks: $rule rule is fine" \
        "^$checks:$(line_of "$checks" "$rule"):[0-9]+: warning: header_checks " "$out"
done
expect_match "a typo gets a suggestion" '"REJCT" is not a header_checks action \(did you mean "REJECT"\?\)' "$out"
expect_match "smtp_header_checks: REJECT is not supported" \
    "^$checks:$(line_of "$checks" 'Subject: spam'):[0-9]+: warning: smtp_header_checks .*\"REJECT\" is not supported" "$out"
no_match "smtp_header_checks: PREPEND with a header is" \
    "^$checks:$(line_of "$checks" X-Ok):[0-9]+: warning: smtp_header_checks " "$out"
no_match "body_checks: PREPEND needs no header there" \
    "^$checks:$(line_of "$checks" X-Prepend):[0-9]+: warning: body_checks " "$out"

if [ "$INSTANCE_ORACLE" = yes ]; then
    config_dir_with "header_checks = regexp:$checks"
    send='/usr/bin/python3 -c "import smtplib
s = smtplib.SMTP(\"127.0.0.1\", 25, timeout=8)
s.sendmail(\"a@client.example\", [\"postmaster@mx.example.test\"], \"X-Typo: 1\r\nX-Filter: 1\r\nX-Redirect: 1\r\nX-Prepend: 1\r\nX-Replace: 1\r\nSubject: ham\r\n\r\nbody\r\n\")
print(\"FIRST accepted\")
try:
    s.sendmail(\"a@client.example\", [\"postmaster@mx.example.test\"], \"Subject: spam\r\n\r\nbody\r\n\")
    print(\"SECOND accepted\")
except smtplib.SMTPDataError as e:
    print(\"SECOND refused\", e.smtp_code)
s.quit()"'
    log=$(instance_log "$dir" "$send" 'reject: header Subject: spam')
    expect_match "real cleanup delivers the first message" '^FIRST accepted$' "$log"
    expect_match "real cleanup: REJCT is an unknown command" \
        'warning: unknown command in header_checks map: REJCT' "$log"
    expect_match "real cleanup: FILTER without transport:destination" \
        'warning: bad FILTER command nocolon in header_checks' "$log"
    expect_match "real cleanup: REDIRECT without user@domain" \
        'warning: bad REDIRECT target "nobody" in header_checks' "$log"
    expect_match "real cleanup: PREPEND without a header" \
        'warning: bad PREPEND header text "not a header" in header_checks' "$log"
    expect_match "real cleanup: REPLACE without text" \
        'warning: REPLACE action without text in header_checks' "$log"
    expect_match "real cleanup refuses the message the REJECT rule matches" \
        '^SECOND refused 550$' "$log"
fi
