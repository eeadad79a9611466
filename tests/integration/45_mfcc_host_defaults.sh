# Host-dependent defaults as real postconf computes them, compared in the same run: myhostname
# takes main.cf's mydomain when the system name has no dot, mydomain follows the effective
# myhostname, and what is built from them (myorigin, mydestination, smtpd_banner, ...) agrees.
. "$MF_TOP/tests/integration/lib.sh"

names="myhostname mydomain myorigin mydestination smtpd_banner smtp_helo_name local_transport"
n=0
compare() {
    n=$((n + 1))
    dir="$WORK/case$n"
    mkdir -p "$dir"
    printf '%b' "$2" > "$dir/main.cf"
    cp /etc/postfix/master.cf "$dir/master.cf" 2> /dev/null || : > "$dir/master.cf"
    # shellcheck disable=SC2086
    expected=$(postconf -c "$dir" -x -h $names 2>&1)
    # shellcheck disable=SC2086
    actual=$("$MF_BIN/mfcc" -q --no-file-checks -p $names "$dir" 2>&1)
    expect_equal "host defaults: $1" "$expected" "$actual"
}

compare "nothing set" ''
compare "mydomain set" 'mydomain = example.org\n'
compare "mydomain set through another parameter" 'mydomain = $base\nbase = ex.net\n'
compare "myhostname with one dot" 'myhostname = mail.example\n'
compare "myhostname with two dots" 'myhostname = a.b.example\n'
compare "myhostname without a dot" 'myhostname = mail\n'
compare "both set" 'myhostname = mx.a.example\nmydomain = b.example\n'
compare "myhostname built from mydomain" 'mydomain = c.example\nmyhostname = mx.$mydomain\n'
