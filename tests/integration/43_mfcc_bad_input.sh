# Bad input: binary garbage, NUL bytes, invalid UTF-8, a 10 MB line, a 200,000-line file, deep
# `$` and brace nesting. Each gets a clear diagnostic naming FILE:LINE, within bounded time
# (timeout) and memory (ulimit -v), no crash (exit 0 or 1, never a signal), and no snapshot
# written when there is an error.
. "$MF_TOP/tests/integration/lib.sh"

# Memory bound: 2 GB of address space, except under AddressSanitizer, whose shadow memory
# reserves terabytes of address space up front (the asan run is bounded by time only).
memory_limit=2000000
[ -n "${ASAN_OPTIONS:-}" ] && memory_limit=unlimited

# run_bounded NAME EXPECTED_STATUS PATTERN DIR: mfcc -o under limits.
run_bounded() {
    name=$1
    expected=$2
    pattern=$3
    dir=$4
    rm -f "$WORK/out.snapshot"
    (ulimit -v "$memory_limit"; timeout 60 "$MF_BIN/mfcc" --no-file-checks -o "$WORK/out.snapshot" "$dir") > "$WORK/out.txt" 2>&1
    status=$?
    output=$(head -c 600 "$WORK/out.txt")
    if [ "$status" -ne "$expected" ]; then
        fail_case "$name: exit status $expected" "got $status" "$(printf '%s' "$output" | head -c 600)"
        return
    fi
    pass "$name: exit status $expected, no crash, in bounds"
    if grep -aEq -- "$pattern" "$WORK/out.txt"; then
        pass "$name: clear diagnostic"
    else
        fail_case "$name: clear diagnostic" "no line matches: $pattern" "$output"
    fi
    if [ "$expected" -ne 0 ]; then
        [ -e "$WORK/out.snapshot" ] && fail_case "$name: no snapshot written" || pass "$name: no snapshot written"
    fi
}

new_dir() {
    dir=$(postfix_config_dir)
    echo "$dir"
}

dir=$(new_dir)
head -c 65536 "$MF_BIN/mfcc" > "$dir/main.cf"
run_bounded "binary garbage" 1 "main.cf:[0-9]+:[0-9]+: error: " "$dir"

dir=$(new_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nmydomain = exa\000mple.test\n' > "$dir/main.cf"
run_bounded "NUL byte" 1 "main.cf:3:15: error: NUL byte" "$dir"

dir=$(new_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nsmtpd_banner = caf\351 $myhostname\n' > "$dir/main.cf"
run_bounded "invalid UTF-8 (a warning: Postfix reads bytes)" 0 "main.cf:3:19: warning: invalid UTF-8" "$dir"

dir=$(new_dir)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    f.write("x" * (10 * 1024 * 1024) + "\n")
' "$dir/main.cf"
run_bounded "a 10 MB line without '='" 1 "main.cf:3:[0-9]+: error: missing '=' after attribute name" "$dir"

dir=$(new_dir)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    f.write("smtpd_banner = $myhostname " + "y" * (10 * 1024 * 1024) + "\n")
    f.write("smtpd_use_tls = maybe\n")
' "$dir/main.cf"
run_bounded "a 10 MB value" 1 "main.cf:4:17: error: bad boolean" "$dir"

dir=$(new_dir)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    for i in range(200000):
        f.write("user_%d = $myhostname %d\n" % (i, i))
    f.write("soft_bounce = sometimes\n")
' "$dir/main.cf"
run_bounded "a 200,000-line file" 1 "main.cf:200003:15: error: bad boolean" "$dir"

# One value continued over 200,000 lines, each naming a table of an unknown type, after a
# $name that expands: every error is placed on its own line, and placing them stays linear.
dir=$(new_dir)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    f.write("first_table = hash:/etc/postfix/first\nvirtual_alias_maps = $first_table,\n")
    for i in range(200000):
        f.write("    nosuchtype%d:/etc/postfix/t%d\n" % (i, i))
' "$dir/main.cf"
run_bounded "200,000 continuation lines of tables after a \$name" 1 "main.cf:200004:5: error: unsupported dictionary type: nosuchtype199999" "$dir"

dir=$(new_dir)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    for i in range(5000):
        f.write("chain_%d = $chain_%d\n" % (i, i + 1))
    f.write("chain_5000 = end\nrelayhost = $chain_0\n")
' "$dir/main.cf"
run_bounded "5,000-deep \$name chain" 1 "error: unreasonable macro call nesting" "$dir"

dir=$(new_dir)
/usr/bin/python3 -c '
import sys
n = 3000000
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    f.write("relayhost = " + "${myhostname?" * n + "x" + "}" * n + "\n")
' "$dir/main.cf"
run_bounded "3,000,000 nested \${...?...}" 1 "main.cf:3:[0-9]+: error: .*nested more than 1000 levels" "$dir"

dir=$(new_dir)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
' "$dir/main.cf"
/usr/bin/python3 -c '
import sys
n = 3000000
with open(sys.argv[1], "w") as f:
    f.write("smtp inet n - n - - smtpd -o " + "{" * n + "a=b" + "}" * n + "\n")
' "$dir/master.cf"
run_bounded "master.cf: 3,000,000 nested { }" 1 "master.cf:1:[0-9]+: error: .*nested more than 1000 levels" "$dir"

# Tables nested 500,000 deep (unionmap inside unionmap): followed 8 levels, then a warning;
# time and memory stay linear in the line.
dir=$(new_dir)
/usr/bin/python3 -c '
import sys
n = 500000
with open(sys.argv[1], "w") as f:
    f.write("compatibility_level = 3.6\nmyhostname = mx.example.test\n")
    f.write("virtual_alias_maps = " + "unionmap:{" * n + "hash:/etc/postfix/virtual" + "}" * n + "\n")
' "$dir/main.cf"
run_bounded "unionmap nested 500,000 deep" 0 "main.cf:3:[0-9]+: warning: .*nested more than 8 levels deep.*\[table-nesting\]" "$dir"

# An unclosed brace in a table list: the scan for main.cf database parameters ends there (it
# recursed until the stack ran out: found by fuzz_expansion), and the element is an error.
dir=$(new_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nvirtual_alias_maps = {hash:/etc/postfix/virtual\n' > "$dir/main.cf"
run_bounded "an unclosed brace in a table list" 1 "main.cf:3:[0-9]+: error: .*unsupported dictionary type" "$dir"

dir=$(new_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\n' > "$dir/main.cf"
head -c 65536 "$MF_BIN/mfcc" > "$dir/master.cf"
run_bounded "binary master.cf" 1 "master.cf:[0-9]+:[0-9]+: error: " "$dir"

# myorigin = /path: Debian reads the file's first line. A file without newlines (here a device
# that never ends) is read only as far as a domain name can reach.
dir=$(new_dir)
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nmyorigin = /dev/zero\n' > "$dir/main.cf"
(ulimit -v "$memory_limit"; timeout 60 "$MF_BIN/mfcc" --no-file-checks -q "$dir") > "$WORK/out.txt" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
    pass "myorigin = /dev/zero: first line read in bounds, exit status 0"
else
    fail_case "myorigin = /dev/zero: first line read in bounds, exit status 0" "got $status" "$(head -c 600 "$WORK/out.txt")"
fi

# A main.cf path naming a device that never ends: refused at a size bound, nothing written.
run_bounded "main.cf = /dev/zero" 2 "cannot read /dev/zero: larger than [0-9]+ bytes" /dev/zero
