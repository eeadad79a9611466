# The values of access tables (access-table-value): smtpd reads a value by its first word, and
# mfcc reports what it would misread, at the line of the table's source. The oracle, in the same
# run where the host allows it: real smtpd answers HELO for every key of the same table
# (check_helo_access, smtpd_delay_reject = no so that each HELO is judged at once); a key mfcc
# calls an error gets 451 4.3.5 Server configuration error, or 250 where the value meant to
# refuse, and a key it passes gets the answer its value asks for.
. "$MF_TOP/tests/integration/lib.sh"
. "$MF_TOP/tests/integration/smtpd_oracle_lib.sh"

# key, value, what mfcc says (error, warning or none), the reply real smtpd gives.
cases='typo.test|REJCT|error|451
code.test|554|error|250
lookup.test|hash:/etc/postfix/other|error|451
unknown-class.test|myclas|error|451
good.test|OK|none|250
lower.test|reject|none|554
codetext.test|554 5.7.1 go away|none|554
class.test|myclass|none|554
list.test|permit_mynetworks, reject|none|250
stamp.test|1234567890|none|250
warn.test|WARN looked at|none|250
filter.test|FILTER nocolon|warning|250
bcc.test|BCC nobody|warning|250
redirect.test|REDIRECT nobody|warning|250
prepend.test|PREPEND not a header|warning|250
rbl.test|reject_rbl_client|warning|250'

table="$WORK/helo_access"
printf '%s\n' "$cases" | awk -F'|' '{ print $1 " " $2 }' > "$table"
config_dir_with "smtpd_restriction_classes = myclass
myclass = reject
smtpd_helo_required = yes
smtpd_delay_reject = no
smtpd_helo_restrictions = check_helo_access hash:$table"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
printf '%s\n' "$cases" | while IFS='|' read -r key value verdict reply; do
    line=$(awk -v key="$key" '$1 == key { print NR; exit }' "$table")
    expect_verdict "$key ($value)" "$out" "$table" "$line" "$verdict" access-table-value
done
expect_match "a typo gets a suggestion" 'key "typo.test": "REJCT" .*did you mean "REJECT"' "$out"
expect_match "the diagnostic points at the value's column" "^$table:1:11: error: .*typo.test" "$out"
expect_match "and shows the table's line" '^typo.test REJCT$' "$out"

# The same values in a regexp table, rule by rule; a value that substitutes $1 is not judged.
printf '/^typo/ REJCT\n/^(x.*)/ $1\n/^ok/ OK\n' > "$WORK/helo_patterns"
config_dir_with "smtpd_helo_restrictions = regexp:$WORK/helo_patterns"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_diag "regexp: the typo at its rule" "$out" "$WORK/helo_patterns" 1 access-table-value
expect_equal "regexp: nothing else" 1 "$(printf '%s\n' "$out" | grep -c '\[access-table-value\]')"

# And in a cidr table, the usual table of client networks.
printf '192.0.2.0/24 REJCT\n198.51.100.0/24 554\n203.0.113.0/24 REJECT go away\n' > "$WORK/clients.cidr"
config_dir_with "smtpd_client_restrictions = check_client_access cidr:$WORK/clients.cidr"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_diag "cidr: the typo at its rule" "$out" "$WORK/clients.cidr" 1 access-table-value
expect_diag "cidr: the lone code at its rule" "$out" "$WORK/clients.cidr" 2 access-table-value
no_match "cidr: the good rule is fine" "^$WORK/clients.cidr:3:" "$out"

# An -o override of a service and a restriction class body are read too; each table once.
printf 'x.test REJCT\n' > "$WORK/sender_access"
printf 'y.test DEFFER\n' > "$WORK/class_access"
config_dir_with "smtpd_restriction_classes = senders
senders = check_sender_access hash:$WORK/class_access" \
"submission inet n - y - - smtpd
  -o smtpd_sender_restrictions=check_sender_access,hash:$WORK/sender_access"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_diag "a table of a master.cf override" "$out" "$WORK/sender_access" 1 access-table-value
expect_diag "a table of a restriction class" "$out" "$WORK/class_access" 1 access-table-value

# A source with lines the reader doubts or skips (an alias file's "key: value", a key without a
# value) is read without a crash: mfcc once died there with "bad_function_call" (exit 2),
# found by the random differential test (seed 215: smtpd_client_restrictions = $(alias_maps)).
printf 'postmaster:    root\nlonely\nz.test REJCT\n' > "$WORK/aliases_as_access"
config_dir_with "smtpd_client_restrictions = check_client_access hash:$WORK/aliases_as_access"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_equal "alias-format lines in an access table: exit 1 (the bad value), not 2" 1 "$?"
expect_diag "and the values are still judged" "$out" "$WORK/aliases_as_access" 3 access-table-value

if [ "$SMTPD_ORACLE" = yes ]; then
    config_dir_with "smtpd_restriction_classes = myclass
myclass = reject
smtpd_helo_required = yes
smtpd_delay_reject = no
smtpd_helo_restrictions = check_helo_access hash:$table"
    postmap -c "$dir" "hash:$table"
    commands=$(printf '%s\n' "$cases" | awk -F'|' '{ printf "HELO %s|", $1 }')
    replies=$(smtpd_log "$dir" "${commands}QUIT" | grep -E '^[0-9]{3} ' | sed 1d)
    i=1
    printf '%s\n' "$cases" | while IFS='|' read -r key value verdict reply; do
        got=$(printf '%s\n' "$replies" | sed -n "${i}p" | cut -c1-3)
        expect_equal "real smtpd answers HELO $key ($value) with $reply" "$reply" "$got"
        i=$((i + 1))
    done
fi
