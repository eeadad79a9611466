# Parameters Postfix knows but mfd does not implement get one note each, at their first
# setting (main.cf or a master.cf -o), never an error; implemented parameters get none.
. "$MF_TOP/tests/integration/lib.sh"

dir=$(postfix_config_dir)
cf="$dir/main.cf"
cat > "$cf" <<'CF'
compatibility_level = 3.6
biff = no
myhostname = mx.example.test
biff = no
CF
cat >> "$dir/master.cf" <<'CF'
2525      inet  n       -       y       -       -       smtpd
  -o biff=no
CF
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
status=$?
expect_match "a note for biff at its first line" "^$cf:2:1: note: mfd does not implement biff; accepted and ignored by mfd \[not-implemented\]\$" "$out"
expect_equal "one note per parameter" 1 "$(printf '%s\n' "$out" | grep -c 'does not implement biff')"
if printf '%s\n' "$out" | grep -q 'does not implement myhostname'; then
    fail_case "no note for an implemented parameter" "$out"
else
    pass "no note for an implemented parameter"
fi
# Notes alone do not fail the run (the duplicate biff is only a warning).
expect_equal "notes are not errors" 0 "$status"
out=$("$MF_BIN/mfcc" -q --no-file-checks "$dir" 2>&1)
if printf '%s\n' "$out" | grep -q 'not-implemented'; then
    fail_case "-q hides notes" "$out"
else
    pass "-q hides notes"
fi
# A parameter set only by -o gets its note at the -o.
printf 'compatibility_level = 3.6\n' > "$cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "a note at the -o when main.cf does not set it" \
    "^$dir/master.cf:$(grep -n -- '-o biff=no' "$dir/master.cf" | cut -d: -f1):[0-9]+: note: mfd does not implement biff" "$out"
