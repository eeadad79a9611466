# Shared helpers for integration scripts; source it first: . "$MF_TOP/tests/integration/lib.sh"
# Every script works in its own mktemp -d folder, starts servers on 127.0.0.1 on ports chosen
# per run, and stops what it started by PID on exit. Each case prints "ok NAME" or
# "not ok NAME" (tests/run_tests.sh counts them).
set -u

MF_TOP=${MF_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
MF_BIN=${MF_BIN:-$MF_TOP/build/bin}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mftest.XXXXXX")
STARTED_PIDS=""

cleanup() {
    for pid in $STARTED_PIDS; do
        kill "$pid" 2>/dev/null
    done
    for pid in $STARTED_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A TCP port on 127.0.0.1 that is free now (above 2500: the kernel's ephemeral range).
free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_background COMMAND...: runs COMMAND in the background, remembered for cleanup.
# Sets LAST_PID.
start_background() {
    "$@" &
    LAST_PID=$!
    STARTED_PIDS="$STARTED_PIDS $LAST_PID"
}

# wait_for_port PORT [SECONDS]: until something accepts on 127.0.0.1:PORT.
wait_for_port() {
    port=$1
    deadline=$(( $(date +%s) + ${2:-10} ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if /usr/bin/python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

pass() { echo "ok $1"; }
fail_case() {
    echo "not ok $1"
    shift
    [ $# -gt 0 ] && printf '    %s\n' "$@"
    return 0
}

# check NAME COMMAND...: the case passes when COMMAND exits 0.
check() {
    name=$1
    shift
    if output=$("$@" 2>&1); then
        pass "$name"
    else
        fail_case "$name" "command: $*" "$(printf '%s' "$output" | head -n 20)"
    fi
}

# check_fails NAME COMMAND...: the case passes when COMMAND exits non-zero.
check_fails() {
    name=$1
    shift
    if output=$("$@" 2>&1); then
        fail_case "$name" "expected failure: $*" "$(printf '%s' "$output" | head -n 20)"
    else
        pass "$name"
    fi
}

# expect_equal NAME EXPECTED ACTUAL
expect_equal() {
    if [ "$2" = "$3" ]; then
        pass "$1"
    else
        fail_case "$1" "expected: $2" "actual:   $3"
    fi
}

# expect_match NAME EXTENDED_REGEX TEXT
expect_match() {
    if printf '%s\n' "$3" | grep -Eq -- "$2"; then
        pass "$1"
    else
        fail_case "$1" "no line matches: $2" "$(printf '%s' "$3" | head -n 20)"
    fi
}

# Diagnostics as mfcc prints them (FILE:LINE:COL: SEVERITY: MESSAGE [CODE]).
# line_of FILE TEXT: the number of the first line of FILE containing TEXT.
line_of() { grep -n -F -- "$2" "$1" | head -n 1 | cut -d: -f1; }
# expect_diag NAME OUTPUT FILE LINE CODE: OUTPUT has a diagnostic with CODE at FILE:LINE.
expect_diag() {
    expect_match "$1" "^$3:$4:[0-9]+: (error|warning|note): .*\[$5\]\$" "$2"
}
# expect_verdict NAME OUTPUT FILE LINE VERDICT CODE: OUTPUT has a diagnostic of severity VERDICT
# (error or warning) with CODE at FILE:LINE; with VERDICT none, it has no diagnostic with CODE
# there.
expect_verdict() {
    found=$(printf '%s\n' "$2" | grep -E "^$3:$4:[0-9]+: [a-z]+: .*\[$6\]\$")
    case $5 in
    none) expect_equal "$1: nothing to report" "" "$found" ;;
    *) expect_match "$1: $5 at its line" "^$3:$4:[0-9]+: $5: " "$found" ;;
    esac
}
# no_match NAME EXTENDED_REGEX TEXT: no line of TEXT matches.
no_match() {
    if printf '%s\n' "$3" | grep -Eq -- "$2"; then
        fail_case "$1" "a line matches: $2" "$(printf '%s' "$3" | head -n 20)"
    else
        pass "$1"
    fi
}
# no_code NAME OUTPUT CODE: OUTPUT has no diagnostic with CODE.
no_code() { no_match "$1" "\[$3\]" "$2"; }

# config_dir_with SETTINGS [MASTER_LINES]: a new configuration directory, in $dir: main.cf holds
# a compatibility level, a host name and SETTINGS; master.cf is Debian's plus MASTER_LINES.
config_dir_with() {
    dir=$(postfix_config_dir)
    printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\n%s\n' "$1" > "$dir/main.cf"
    [ -n "${2:-}" ] && printf '%s\n' "$2" >> "$dir/master.cf"
    return 0
}

# test_certificate: a self-signed certificate for mx.example.test in $WORK/cert.pem, its key
# in $WORK/key.pem (readable by the postfix user the daemons run as).
test_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
        -days 30 -subj /CN=mx.example.test 2> /dev/null
    chmod 644 "$WORK/key.pem"
}

# A private Postfix configuration directory for postconf/postmap -c (no /etc/postfix/main.cf
# exists with the "No configuration" install). Prints its path.
postfix_config_dir() {
    dir=$(mktemp -d "$WORK/postfix.XXXXXX")
    : > "$dir/main.cf"
    cp /etc/postfix/master.cf "$dir/master.cf"
    echo "$dir"
}
