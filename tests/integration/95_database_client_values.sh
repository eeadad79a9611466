# Database client files as the clients read them when a Postfix program opens the table
# (mysql:, pgsql:, sqlite:, ldap:, memcache:): a required setting empty or missing, a number or
# boolean the client cannot read, an unknown %-expansion in a query or result template, a port
# it cannot resolve, a table type or file in `domain` it cannot open. Real postmap, with the
# Debian postfix-mysql, -pgsql, -sqlite and -ldap modules, judges every file in the same run
# (postmap -q opens the table as the daemons do; no database server runs, so a file the client
# accepts gets as far as connecting or querying). Where postmap dies before that, mfcc must have
# a table-config-value error for that file, at the line of the setting postmap names (at the
# file itself when the setting is not written); where postmap gets past the open, mfcc must
# have no error for the file.
. "$MF_TOP/tests/integration/lib.sh"

postfix_dir=$(postfix_config_dir)
dir=$(postfix_config_dir)
cases=0
# client_case TYPE DESCRIPTION TEXT (a printf format): a case in $WORK/case.N, judged by postmap
# in the background (a client that dies sleeps a second first, as Postfix programs do: run one
# at a time, the cases would take minutes).
client_case() {
    cases=$((cases + 1))
    mkdir -p "$WORK/case.$cases"
    printf '%s\n' "$1" > "$WORK/case.$cases/type"
    printf '%s: %s\n' "$1" "$2" > "$WORK/case.$cases/what"
    printf "$3" > "$WORK/case.$cases/client.cf"
    chmod 640 "$WORK/case.$cases/client.cf"
    timeout 60 postmap -c "$postfix_dir" -q user@example.com "$1:$WORK/case.$cases/client.cf" \
        > /dev/null 2> "$WORK/case.$cases/postmap_says" &
}

# judge N: mfcc's verdict on case N against postmap's.
judge() {
    client="$WORK/case.$1/client.cf" type=$(cat "$WORK/case.$1/type") what=$(cat "$WORK/case.$1/what")
    printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nvirtual_alias_maps = %s:%s\n' \
        "$type" "$client" > "$dir/main.cf"
    out=$("$MF_BIN/mfcc" "$dir" 2>&1)
    errors=$(printf '%s\n' "$out" | grep -E "^$client(:[0-9]+:[0-9]+)?: error: ")
    # Past the open, a client fails at its query (no server runs here); before it, it dies on
    # its configuration.
    fatal=$(grep 'fatal:' "$WORK/case.$1/postmap_says" | grep -Ev 'query error|SQL prepare failed' |
        head -n 1)
    # Each server_host URL the LDAP library cannot parse is skipped with an error at the open,
    # in words mfcc must quote; with none left, the client has no server (an empty name where
    # it tries to bind) and every lookup fails, which mfcc must call an error.
    grep -o 'error parsing URL .*; skipping' "$WORK/case.$1/postmap_says" | while IFS= read -r said; do
        case $out in
            *"$said"*) pass "$what: mfcc quotes the client's \"$said\"" ;;
            *) fail_case "$what: mfcc quotes the client's \"$said\"" "$out" ;;
        esac
    done
    if grep -q 'error parsing URL' "$WORK/case.$1/postmap_says" &&
        grep -q 'Unable to bind to server  with' "$WORK/case.$1/postmap_says"; then
        expect_match "$what: no URL left: mfcc has the error" 'has no URL the client can parse.*\[table-config-value\]$' "$errors"
        return
    fi
    # Each pgsql host whose port libpq refuses fails every connection, in words mfcc must
    # quote; when every host the client tried was refused so, every lookup fails.
    refused=$(grep -o 'connect to pgsql server .*: invalid \(integer value "[^"]*" for connection option "port"\|port number: "[^"]*"\)' \
        "$WORK/case.$1/postmap_says" | sort -u)
    if [ -n "$refused" ]; then
        printf '%s\n' "$refused" > "$WORK/case.$1/refused"
        while IFS= read -r said; do
            case $out in
                *"$said"*) pass "$what: mfcc quotes libpq's \"$said\"" ;;
                *) fail_case "$what: mfcc quotes libpq's \"$said\"" "$out" ;;
            esac
        done < "$WORK/case.$1/refused"
        if [ "$(grep -c . "$WORK/case.$1/refused")" = "$(grep -o 'connect to pgsql server [^ ]*' "$WORK/case.$1/postmap_says" | sort -u | grep -c .)" ]; then
            expect_match "$what: no host left: mfcc has the error" 'has no host the client can connect to.*\[table-config-value\]$' "$errors"
            return
        fi
    fi
    if [ -z "$fatal" ]; then
        expect_equal "$what: postmap gets past the open, mfcc finds nothing to refuse" "" "$errors"
        # What the client warns about at the open (and the URLs it skips), and then reads otherwise.
        warned=$(($(grep -c 'warning: dict_ldap_open: \|error: dict_ldap_open: error parsing URL' "$WORK/case.$1/postmap_says") +
            $(printf '%s' "$refused" | grep -c .)))
        expect_equal "$what: as many warnings as postmap's at the open ($warned)" "$warned" \
            "$(printf '%s\n' "$out" | grep -cE "^$client:[0-9]+:[0-9]+: warning: .*\[table-config-value\]\$")"
        return
    fi
    opens_fail=$((opens_fail + 1))
    expect_match "$what: postmap dies at the open (${fatal#*fatal: }), mfcc has the error" \
        '\[table-config-(value|syntax)\]$' "$errors"
    name=$(printf '%s\n' "$fatal" | sed -n \
        's/.*\(bad string length [0-9]* [<>] [0-9]*\|bad numerical configuration\|bad boolean configuration\): \([A-Za-z_]*\) = .*/\2/p')
    [ -n "$name" ] || name=$(printf '%s\n' "$fatal" | sed -n 's/.*invalid \([A-Za-z_]*\) parameter value.*/\1/p')
    [ -n "$name" ] || return 0
    line=$(grep -n "^$name[ =]" "$client" | tail -n 1 | cut -d: -f1)
    if [ -n "$line" ]; then
        expect_match "$what: at the line of $name" "^$client:$line:[0-9]+: error: .*\[table-config-value\]\$" "$errors"
    else
        expect_match "$what: $name is not written: at the file" "^$client: error: .*$name.*\[table-config-value\]\$" "$errors"
    fi
}

mysql_query="query = SELECT goto FROM alias WHERE address = '%%s'\n"
socket='hosts = unix:/nonexistent/mysqld.sock\n'
client_case mysql "a minimal file" "dbname = mail\n$mysql_query$socket"
client_case mysql "the legacy query fields" \
    "dbname = mail\ntable = alias\nselect_field = goto\nwhere_field = address\nadditional_conditions = AND active = '1'\n$socket"
client_case mysql "every expansion, booleans in any case, a negative expansion_limit" \
    "dbname = mail\nquery = SELECT 1 FROM t WHERE u = '%%u' AND d = '%%d' AND k = '%%S%%U%%D%%1%%2' AND p = '100%%%%'\nresult_format = smtp:[%%s] %%u %%d %%%%\nrequire_result_set = NO\ntls_verify_cert = Yes\nexpansion_limit = -1\n$socket"
client_case mysql "ports by number and by service name" \
    "dbname = mail\n${mysql_query}hosts = unix:/nonexistent/sock:3306, inet:127.0.0.1:2599\n"
client_case mysql "a port name from Postfix's known_tcp_ports" "dbname = mail\n${mysql_query}hosts = 127.0.0.1:lmtp\n"
client_case mysql "an empty query: the legacy fields" \
    "dbname = mail\nquery =\ntable = alias\nselect_field = goto\nwhere_field = address\n$socket"
client_case mysql "\$ is not expanded" "dbname = \$dbname\n$mysql_query$socket"
client_case mysql "an empty file" ""
client_case mysql "dbname empty" "dbname =\n$mysql_query"
client_case mysql "DBNAME in capitals is another name" "DBNAME = mail\n$mysql_query"
client_case mysql "result_format empty" "dbname = mail\nresult_format =\n$mysql_query"
client_case mysql "legacy fields without table" "dbname = mail\nselect_field = goto\nwhere_field = address\n"
client_case mysql "legacy fields without where_field" "dbname = mail\ntable = alias\nselect_field = goto\n"
client_case mysql "an unknown expansion in the query" \
    "dbname = mail\nquery = SELECT goto FROM alias WHERE address LIKE '%%s%%'\n"
client_case mysql "an unknown expansion in additional_conditions" \
    "dbname = mail\ntable = alias\nselect_field = goto\nwhere_field = address\nadditional_conditions = AND domain LIKE '%%example'\n"
client_case mysql "an unknown expansion in result_format" "dbname = mail\n${mysql_query}result_format = %%s@%%x\n"
client_case mysql "expansion_limit not a number" "dbname = mail\n${mysql_query}expansion_limit = 10x\n"
client_case mysql "expansion_limit beyond an int" "dbname = mail\n${mysql_query}expansion_limit = 2147483648\n"
client_case mysql "require_result_set = true" "dbname = mail\n${mysql_query}require_result_set = true\n"
client_case mysql "tls_verify_cert = on" "dbname = mail\n${mysql_query}tls_verify_cert = on\n"
client_case mysql "a port that is no service" "dbname = mail\n${mysql_query}hosts = db.example.com:mysqlport\n"
client_case mysql "port 65536" "dbname = mail\n${mysql_query}hosts = 127.0.0.1:65536\n"
client_case mysql "port 0" "dbname = mail\n${mysql_query}hosts = 127.0.0.1:0\n"
client_case mysql "a socket path with a colon" "dbname = mail\n${mysql_query}hosts = unix:/var/run/mysqld:sock\n"
client_case mysql "a domain table of an unknown type" \
    "dbname = mail\n${mysql_query}domain = example.com, nosuchtype:/etc/postfix/domains\n"
client_case mysql "a domain table not built" "dbname = mail\n${mysql_query}domain = hash:$WORK/no-domains\n"

pgsql_query="query = SELECT goto FROM alias WHERE address = '%%s'\n"
pgsql_socket='hosts = unix:/nonexistent/pgsql\n'
client_case pgsql "a minimal file" "${pgsql_socket}dbname = mail\n$pgsql_query"
client_case pgsql "select_function" "${pgsql_socket}dbname = mail\nselect_function = lookup_alias\n"
client_case pgsql "a port name: libpq takes numbers only" "hosts = inet:127.0.0.1:notaport\ndbname = mail\n$pgsql_query"
client_case pgsql "ports libpq refuses, one host left" \
    "hosts = 127.0.0.1:99999 inet:127.0.0.1:5432x, 127.0.0.1:0 unix:/nonexistent/pgsql\ndbname = mail\n$pgsql_query"
client_case pgsql "ports libpq takes" \
    "hosts = 127.0.0.1:+2597 inet:127.0.0.1: unix:/nonexistent/pgsql:2597\ndbname = mail\n$pgsql_query"
client_case pgsql "query wins over a bad select_function" \
    "${pgsql_socket}dbname = mail\n${pgsql_query}select_function = bad%%x\n"
client_case pgsql "mysql's booleans mean nothing here" \
    "${pgsql_socket}dbname = mail\n${pgsql_query}require_result_set = maybe\n"
client_case pgsql "dbname not written" "${pgsql_socket}$pgsql_query"
client_case pgsql "no query, select_function or table" "${pgsql_socket}dbname = mail\n"
client_case pgsql "an unknown expansion from select_function" \
    "${pgsql_socket}dbname = mail\nselect_function = lookup%%\n"
client_case pgsql "an unknown expansion in result_format" "${pgsql_socket}dbname = mail\n${pgsql_query}result_format = %%0\n"
client_case pgsql "a '!' without a pattern in domain" "${pgsql_socket}dbname = mail\n${pgsql_query}domain = example.com, !\n"

sqlite_query="query = SELECT '%%s'\n"
client_case sqlite "an in-memory database" "dbpath = :memory:\n$sqlite_query"
client_case sqlite "every expansion and a domain list" \
    "dbpath = :memory:\nquery = SELECT '%%s|%%u|%%d|%%S|%%U|%%D|%%1|%%2|%%%%'\nresult_format = <%%s> %%u %%%%\ndomain = example.com, inline:{example.net=yes}\n"
client_case sqlite "a database file to be created" "dbpath = $WORK/new.sqlite\n$sqlite_query"
client_case sqlite "dbpath not written" "$sqlite_query"
client_case sqlite "dbpath empty" "dbpath =\n$sqlite_query"
client_case sqlite "a database whose directory does not exist" \
    "dbpath = $WORK/no-such-directory/aliases.sqlite\n$sqlite_query"
client_case sqlite "no query nor table" "dbpath = :memory:\n"
client_case sqlite "a lone %% at the end of result_format" "dbpath = :memory:\n${sqlite_query}result_format = 100%%\n"
client_case sqlite "a domain file that does not exist" "dbpath = :memory:\n${sqlite_query}domain = $WORK/no-domains\n"
client_case sqlite "an inline domain table with two entries" \
    "dbpath = :memory:\n${sqlite_query}domain = inline:{example.com=yes, example.net=yes}\n"
client_case sqlite "an inline domain table never closed" "dbpath = :memory:\n${sqlite_query}domain = inline:{example.com=yes\n"
client_case sqlite "an inline domain table with text after its }" "dbpath = :memory:\n${sqlite_query}domain = inline:{example.com=yes}x\n"
client_case sqlite "an inline domain table closed twice" "dbpath = :memory:\n${sqlite_query}domain = inline:{example.com=yes}}\n"
client_case sqlite "a static domain table with text after its }" "dbpath = :memory:\n${sqlite_query}domain = static:{example.com}x\n"
client_case sqlite "a static domain table in nested braces" "dbpath = :memory:\n${sqlite_query}domain = static:{{example.com}}\n"

memcache_socket='memcache = unix:/nonexistent/memcached.sock\n'
client_case memcache "an empty file: every default" ""
client_case memcache "every setting" \
    "memcache = inet:127.0.0.1:2598\nkey_format = k:%%s:%%u:%%d:%%%%\ntimeout = 1\nttl = -5\nflags = 0\nretry_pause = 1\nmax_try = 1\nline_size_limit = 1024\ndata_size_limit = 10240\ndomain = example.com\n"
client_case memcache "a backup table that answers" "${memcache_socket}backup = inline:{user@example.com=found}\n"
client_case memcache "the local transport" 'memcache = local:/nonexistent/memcached.sock\n'
client_case memcache "an empty key_format" "${memcache_socket}key_format =\n"
client_case memcache "timeout with a unit" "${memcache_socket}timeout = 2s\n"
client_case memcache "flags empty" "${memcache_socket}flags =\n"
client_case memcache "retry_pause 0" "${memcache_socket}retry_pause = 0\n"
client_case memcache "max_try below 1" "${memcache_socket}max_try = -3\n"
client_case memcache "data_size_limit 0" "${memcache_socket}data_size_limit = 0\n"
client_case memcache "memcache empty" 'memcache =\n'
client_case memcache "memcache without a transport" 'memcache = 127.0.0.1:11211\n'
client_case memcache "memcache's transport in capitals" 'memcache = INET:127.0.0.1:11211\n'
client_case memcache "memcache without an endpoint" 'memcache = inet:\n'
client_case memcache "a backup table of an unknown type" "${memcache_socket}backup = nosuchtype:/etc/postfix/x\n"
client_case memcache "a backup that is no table" "${memcache_socket}backup = /etc/postfix/backup\n"
client_case memcache "a backup table not built" "${memcache_socket}backup = btree:$WORK/no-backup\n"
client_case memcache "an unknown expansion in key_format" "${memcache_socket}key_format = key-%%k\n"

ldap_server='server_host = ldap://127.0.0.1:2596\n'
client_case ldap "an empty file: every default" ""
client_case ldap "a typical file" \
    "${ldap_server}search_base = dc=example, dc=com\nquery_filter = (&(objectClass=inetOrgPerson)(mail=%%s))\nresult_attribute = mailRoutingAddress\nscope = sub\nbind = yes\nbind_dn = cn=postfix, dc=example, dc=com\nbind_pw = secret\nversion = 3\n"
client_case ldap "every setting, bind = none" \
    "server_host = 127.0.0.1:2596, ldap://127.0.0.1:2595\nserver_port = 389\nscope = ONE\nsearch_base = ou=%%d, dc=%%1, dc=%%2\ntimeout = 5\nquery_filter = (|(mail=%%s)(uid=%%u))\nresult_format = smtp:[%%s] %%u %%%%\nresult_filter = %%x is not read with result_format\ndomain = example.com\nterminal_result_attribute = t1 t2\nbind = none\ncache = no\ncache_expiry = -1\nrecursion_limit = 1\nsize_limit = 0\ndereference = 3\nchase_referrals = yes\nstart_tls = no\ntls_require_cert = no\ndebuglevel = 0\n"
client_case ldap "bind = SASL with its options" "${ldap_server}bind = SASL\nsasl_mechs = GSSAPI\nsasl_minssf = 4096\n"
client_case ldap "sasl_minssf is not read without bind = sasl" "${ldap_server}bind = simple\nsasl_minssf = 99999\n"
client_case ldap "version 4" "${ldap_server}version = 4\n"
client_case ldap "version 2 with an ldaps URL" 'server_host = ldaps://127.0.0.1:2594\nversion = 2\n'
client_case ldap "version 2 with start_tls" "${ldap_server}version = 2\nstart_tls = yes\n"
client_case ldap "scope = subtree" "${ldap_server}scope = subtree\n"
client_case ldap "dereference = 4" "${ldap_server}dereference = 4\n"
client_case ldap "a query_filter without expansions" "${ldap_server}query_filter = (objectClass=*)\n"
client_case ldap "the cache settings" "${ldap_server}cache = yes\ncache_expiry = 30\ncache_size = 32256\n"
client_case ldap "an empty result_format: result_filter" "${ldap_server}result_format =\nresult_filter = relay:[%%s]\n"
client_case ldap "server_host empty" 'server_host =\n'
# server_host URLs as the LDAP library parses them: each one it refuses is skipped.
for url in '<ldap://127.0.0.1:2596' 'ldap://127.0.0.1:2596/dc=x??bogus' 'ldap://127.0.0.1:2596/dc=x???%%zz' \
    'ldap://127.0.0.1:2596/dc=x????' 'ldap://127.0.0.1:2596/dc=x?????' 'ldap://[::1]x:2596' \
    'ldap://127.0.0.1:' 'ldap://127.0.0.1:%%zz' 'ldap://127.0.0.1:25x' 'ldap://[::1:2596' \
    'ldap://127.0.0.1:2596/dc=x??%%zz' 'ldap://127.0.0.1:2596/dc=x??ONE' \
    'ldap://127.0.0.1:2596/dc=x??children?(x)?!e' '<URL:LDAP://127.0.0.1:%%2b2596>' \
    'pldap://127.0.0.1:2596' 'ldapi://%%2fnonexistent%%2fldapi' 'ldap://127.0.0.1?x:3' \
    'ldap://127.0.0.1:2596/dc=x??base?' 'ldap://%%zz:2596' 'ldap://127.0.0.1:2596/dc=x???%%00'; do
    client_case ldap "server_host = $url" "server_host = $url\nversion = 3\n"
done
client_case ldap "server_host: one URL skipped, one left" \
    'server_host = ldap://127.0.0.1:x, ldap://127.0.0.1:2596\nversion = 3\n'
client_case ldap "version 2 with two ldaps URLs and start_tls: one warning" \
    'server_host = ldaps://127.0.0.1:2594 ldaps://127.0.0.1:2593\nversion = 2\nstart_tls = yes\n'
client_case ldap "server_port by name" 'server_port = ldap\n'
client_case ldap "version 1" 'version = 1\n'
client_case ldap "version 3.0" 'version = 3.0\n'
client_case ldap "scope empty" 'scope =\n'
client_case ldap "result_filter empty without result_format" 'result_filter =\n'
client_case ldap "an unknown expansion in search_base" 'search_base = ou=%%o, dc=example, dc=com\n'
client_case ldap "an unknown expansion in query_filter" 'query_filter = (mail=%%m)\n'
client_case ldap "an unknown expansion in result_filter" 'result_filter = smtp:[%%h]\n'
client_case ldap "bind = anonymous" 'bind = anonymous\n'
client_case ldap "cache = off" 'cache = off\n'
client_case ldap "recursion_limit 0" 'recursion_limit = 0\n'
client_case ldap "chase_referrals = 1" 'chase_referrals = 1\n'
client_case ldap "sasl_minssf above 4096" 'bind = sasl\nsasl_minssf = 4097\n'
client_case ldap "start_tls = true" 'start_tls = true\n'
client_case ldap "tls_require_cert = demand" 'tls_require_cert = demand\n'

wait
opens_fail=0
case_number=1
while [ "$case_number" -le "$cases" ]; do
    judge "$case_number"
    case_number=$((case_number + 1))
done
expect_equal "postmap dies at the open of 63 of the $cases files" 63 "$opens_fail"

# A domain list of separators only holds no pattern: real postmap answers from the same file
# without it and skips the lookup with it, silently; mfcc warns at the line.
printf "dbpath = :memory:\nquery = SELECT 'found'\n" > "$WORK/answers.cf"
printf "dbpath = :memory:\nquery = SELECT 'found'\ndomain = ,\n" > "$WORK/skips.cf"
expect_equal "without domain, real postmap answers" found \
    "$(postmap -c "$postfix_dir" -q user@example.com "sqlite:$WORK/answers.cf" 2>&1)"
expect_equal "with domain = , it skips the lookup, silently" "" \
    "$(postmap -c "$postfix_dir" -q user@example.com "sqlite:$WORK/skips.cf" 2>&1)"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nvirtual_alias_maps = sqlite:%s\n' \
    "$WORK/skips.cf" > "$dir/main.cf"
expect_diag "mfcc warns at the domain line" "$("$MF_BIN/mfcc" "$dir" 2>&1)" "$WORK/skips.cf" 3 \
    table-config-value

# A table named without a path (ldap:corp) takes its settings from main.cf parameters
# (corp_server_host...), judged alike: at the parameter's main.cf line, or at the table when a
# required one is not set. postmap -q judges each in the same run.
main_cases=0
main_case() { # TYPE DESCRIPTION MAIN.CF-LINES (a printf format)
    main_cases=$((main_cases + 1))
    mdir="$WORK/main.$main_cases"
    mkdir -p "$mdir"
    cp /etc/postfix/master.cf "$mdir/master.cf"
    printf "compatibility_level = 3.6\nmyhostname = mx.example.test\nvirtual_alias_maps = $1:corp\n$3" \
        > "$mdir/main.cf"
    printf '%s: %s (main.cf)\n' "$1" "$2" > "$mdir/what"
    timeout 60 postmap -c "$mdir" -q user@example.com "$1:corp" > /dev/null 2> "$mdir/postmap_says" &
}
main_case ldap "a server and a filter" 'corp_server_host = ldap://127.0.0.1:2596\ncorp_query_filter = (mail=%%s)\n'
main_case ldap "server_port by name" 'corp_server_host = ldap://127.0.0.1:2596\ncorp_server_port = ldap\n'
main_case ldap "an unknown expansion in query_filter" 'corp_query_filter = (mail=%%m)\n'
main_case ldap "start_tls = true" 'corp_start_tls = true\n'
main_case mysql "a minimal database" "corp_dbname = mail\ncorp_query = SELECT a FROM t WHERE k = '%%s'\ncorp_hosts = unix:/nonexistent/mysqld.sock\n"
main_case mysql "no dbname" "corp_query = SELECT a FROM t WHERE k = '%%s'\n"
wait
main_number=1
while [ "$main_number" -le "$main_cases" ]; do
    mdir="$WORK/main.$main_number" what=$(cat "$WORK/main.$main_number/what")
    out=$("$MF_BIN/mfcc" "$mdir" 2>&1)
    fatal=$(grep 'fatal:' "$mdir/postmap_says" | grep -Ev 'query error' | head -n 1)
    if [ -z "$fatal" ]; then
        no_code "$what: postmap gets past the open, mfcc finds nothing to refuse" "$out" table-config-value
    else
        name=$(printf '%s\n' "$fatal" | sed -n 's/.*\(configuration\|bad string length [0-9]* < [0-9]*\): \([a-z_]*\) = .*/\2/p')
        line=$(grep -n "^${name:-corp_query_filter}[ =]" "$mdir/main.cf" | cut -d: -f1)
        # Not written: at the table, on line 3.
        expect_diag "$what: postmap dies (${fatal#*fatal: }), mfcc has the error at line ${line:-3}" \
            "$out" "$mdir/main.cf" "${line:-3}" table-config-value
    fi
    main_number=$((main_number + 1))
done

# postconf does not read those parameters' values for database files: an ldap: URL in
# corp_server_host names no file.
mdir="$WORK/main.$((main_cases + 1))"
mkdir -p "$mdir"
cp /etc/postfix/master.cf "$mdir/master.cf"
printf 'virtual_alias_maps = ldap:corp\ncorp_server_host = ldap://127.0.0.1:2596\ncorp_search_base = ldap:%s/no-such.cf\n' \
    "$WORK" > "$mdir/main.cf"
expect_equal "real postconf reads no database file in corp_ parameters" "" \
    "$(postconf -c "$mdir" -n 2>&1 > /dev/null | grep 'configuration')"
no_code "... and mfcc names none missing" "$("$MF_BIN/mfcc" "$mdir" 2>&1)" table-missing
