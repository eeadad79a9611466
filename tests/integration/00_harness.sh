# The harness itself, against real peers: Postfix's smtp-sink on a per-run port, a real client
# (swaks), and stopping by PID; and Postfix's postconf answering from a private directory.
. "$MF_TOP/tests/integration/lib.sh"

port=$(free_port)
start_background smtp-sink -u "$(id -un)" "127.0.0.1:$port" 10
sink_pid=$LAST_PID
if wait_for_port "$port" 10; then
    pass "smtp-sink listens on 127.0.0.1:$port"
else
    fail_case "smtp-sink listens on 127.0.0.1:$port"
fi

reply=$(swaks --server "127.0.0.1:$port" --from a@example.test --to b@example.test \
    --timeout 10 2>&1)
expect_match "swaks delivers a message to smtp-sink" '^<- +250 .*' "$reply"

kill "$sink_pid"
sleep 0.2
if kill -0 "$sink_pid" 2>/dev/null; then
    fail_case "smtp-sink stops by PID"
else
    pass "smtp-sink stops by PID"
fi

config=$(postfix_config_dir)
printf 'myhostname = mail.example.test\n' > "$config/main.cf"
expect_equal "postconf answers from a private configuration directory" \
    "mail.example.test" "$(postconf -c "$config" -h myhostname)"
