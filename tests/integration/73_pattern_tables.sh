# regexp:, pcre: and cidr: tables the configuration names are read as the daemons read them, and every
# rule Postfix skips or reads other than written is a table-rule warning at the table's own
# line. The oracle is real Postfix's table code: `postmap -q` opens the table with the same
# dict_regexp/dict_pcre/dict_cidr the daemons use and logs the same warnings, which must be exactly
# mfcc's, line for line and word for word. A clean table gets none, and a table named by several
# parameters and services is reported once.
. "$MF_TOP/tests/integration/lib.sh"

oracle=$(postfix_config_dir)
printf 'compatibility_level = 3.6\n' > "$oracle/main.cf"
touch -d '1 minute ago' "$oracle/main.cf"

tables="$WORK/tables"
mkdir -p "$tables"
cat > "$tables/header_checks" <<'TABLE'
# header_checks with the mistakes administrators make
/^Subject:.*viagra/        REJECT spam
/^Subject: (.*)$/          WARN subject $1
/^From: .*@example\.com$/
/^X-Spam-Flag: YES         DISCARD
/^Received: from (\[/      REJECT bad pattern
/^To: (.*)$/               REDIRECT $2
/^Cc: (.*)$/               WARN $0
!/^Date: (.*)$/            WARN no date $1
endif
REJECT everything
/^(X-.*)$/                 WARN ${1
/^Subject: x/q             REJECT unknown flag
if /^X-Mailer:/ REJECT
/^X-Mailer: bulk/          REJECT bulk
endif trailing
/^Reply-To: (.*)/          WARN $x
/^Subject: y/              WARN $
if /^Sender:/
/^Sender: z/               REJECT z
TABLE
cp "$tables/header_checks" "$tables/body_checks"
printf '/^Subject: (.*)$/X   WARN obsolete flag\n/^a/i!/b/  PCRE has no second pattern\n' >> "$tables/body_checks"
cat > "$tables/clean_checks" <<'TABLE'
# a header_checks table as the Postfix documentation writes them
/^Subject: .*(viagra|lottery)/          REJECT spam subject
/^Received: from .*\.example\.invalid/  DISCARD
if /^X-/
/^X-Spam-Flag: YES/                     REJECT spam flag
!/^X-Ok:/                               WARN unknown X- header
endif
/^(From|To): .*<(.*)>$/                 WARN $1 address $2
/^Content-Type: .*name="?.*\.(exe|scr)"?/ REJECT attachment ${1}
|^Content-Disposition: .*\.bat| REJECT batch file
TABLE

cat > "$tables/client_access.cidr" <<'TABLE'
# client networks, with the mistakes administrators make
192.0.2.0/24        REJECT known spammers
198.51.100.7/24     REJECT host bits set
10.0.0.0/33         REJECT bad prefix length
203.0.113.0/24
[2001:db8::]/32     REJECT documentation network
2001:db8:1::1/129   REJECT bad IPv6 prefix
endif
if 172.16.0.0/12
172.16.5.0/24       OK
TABLE

dir=$(postfix_config_dir)
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = mx.example.test
header_checks = regexp:$tables/header_checks
mime_header_checks = \$header_checks
body_checks = pcre:$tables/body_checks
nested_header_checks = regexp:$tables/clean_checks
smtpd_sender_restrictions = check_sender_access pcre:$tables/clean_checks
smtpd_client_restrictions = check_client_access cidr:$tables/client_access.cidr
CF
printf 'submission inet n - y - - smtpd\n  -o header_checks=regexp:%s/header_checks\n' "$tables" \
    >> "$dir/master.cf"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
status=$?
check "table-rule findings are warnings (exit status 0)" test "$status" -eq 0

# Postfix's warnings as FILE:LINE: MESSAGE. Postfix logs a macro syntax problem without the map
# and line; it belongs to the rule of the "bad replacement syntax" warning that follows it.
postfix_findings() {
    postmap -c "$oracle" -q probe "$1:$2" 2>&1 >/dev/null | sed -n 's/^postmap: warning: //p' |
        awk -v file="$2" '
            /^(regexp|pcre|cidr) map / {
                line = $0; sub(/^[a-z]+ map [^,]*, line /, "", line)
                number = line; sub(/:.*/, "", number); sub(/^[0-9]+: /, "", line)
                for (i = 0; i < pending; i++) print file ":" number ": " held[i]
                pending = 0
                print file ":" number ": " line
                next
            }
            { held[pending++] = $0 }'
}
# mfcc's table-rule warnings of TYPE:FILE as FILE:LINE: MESSAGE.
mfcc_findings() {
    printf '%s\n' "$out" | sed -n "s|^\($2\):\([0-9]*\):1: warning: $1:$2 ([a-z_]*): \(.*\) \[table-rule\]\$|\1:\2: \3|p"
}
for type_file in regexp:header_checks pcre:body_checks cidr:client_access.cidr; do
    type=${type_file%%:*} file="$tables/${type_file#*:}"
    expected=$(postfix_findings "$type" "$file")
    check "$type: Postfix warns about the defect table" test -n "$expected"
    expect_equal "$type: every warning Postfix logs, and only those, at its line" \
        "$(printf '%s\n' "$expected" | sort -u)" "$(mfcc_findings "$type" "$file" | sort -u)"
done
no_match "a clean table gets no table-rule warning" "^$tables/clean_checks:" "$out"
expect_equal "the clean table is clean for Postfix too" "" \
    "$(postmap -c "$oracle" -q probe "regexp:$tables/clean_checks" 2>&1 >/dev/null)"
expect_equal "a table named by two parameters and a master.cf override is read once" 1 \
    "$(printf '%s\n' "$out" | grep -c "^$tables/header_checks:5:1: warning")"

# Under --sysroot the table is found, and reported, below the sysroot.
root="$WORK/sysroot"
mkdir -p "$root/etc/postfix"
cp "$tables/header_checks" "$root/etc/postfix/header_checks"
cp "$dir/master.cf" "$root/etc/postfix/master.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nheader_checks = regexp:/etc/postfix/header_checks\n' \
    > "$root/etc/postfix/main.cf"
out=$("$MF_BIN/mfcc" --sysroot "$root" "$root/etc/postfix" 2>&1)
expect_diag "--sysroot: the warning names the file under the sysroot" "$out" \
    "$root/etc/postfix/header_checks" 5 table-rule

# A table that is not there is the file check's to report, not a crash or a table-rule.
config_dir_with "header_checks = regexp:$tables/absent"
out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_match "a missing table is table-missing" "\[table-missing\]" "$out"
no_code "and not table-rule" "$out" table-rule

# Only regular files are read: a FIFO would block, /dev/zero would never end.
mkfifo "$WORK/fifo"
config_dir_with "header_checks = regexp:$WORK/fifo
body_checks = pcre:/dev/zero
smtpd_client_restrictions = check_client_access cidr:/dev/zero"
check "a FIFO and /dev/zero as tables: mfcc finishes" timeout 20 "$MF_BIN/mfcc" --no-file-checks "$dir"

# Stacked quantifiers grow glibc's compiled pattern exponentially: real postmap's regcomp eats
# all the memory it may have on /0+++++++++++++++++++++++++/ ("Memory exhausted" under a 1 GB
# limit here, every byte of the machine without one); mfmap and mfcc refuse that rule before
# compiling it, say why, and keep the other rules.
printf '/0%s/ OK\n/^1/ REJECT one\n' "$(printf '+%.0s' $(seq 25))" > "$WORK/explosive"
warning=$(ulimit -v 1000000; postmap -c "$dir" -q 1 "regexp:$WORK/explosive" 2>&1 > /dev/null)
expect_match "real postmap exhausts its memory on the stacked quantifiers" \
    "line 1: Memory exhausted" "$warning"
answer=$("$MF_BIN/mfmap" -q 1 "regexp:$WORK/explosive" 2> "$WORK/explosive.err")
expect_equal "mfmap keeps the other rules" "REJECT one" "$answer"
expect_match "and says why it skipped the first" "line 1: pattern too complex: .*regcomp runs out of memory" \
    "$(cat "$WORK/explosive.err")"
config_dir_with "header_checks = regexp:$WORK/explosive"
expect_diag "mfcc reports the rule at its line" "$("$MF_BIN/mfcc" "$dir" 2>&1)" "$WORK/explosive" 1 table-rule
