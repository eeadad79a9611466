# alias_maps and alias_database out of step (alias-database-mismatch): local(8) reads the tables
# alias_maps lists, newaliases rebuilds the ones alias_database lists, a name without a type
# there taking default_database_type (which is no error: newaliases accepts it). The oracle, in
# the same run: real newaliases on the configuration, whose built files show which tables it
# rebuilds; mfcc must warn about exactly the alias_maps tables it leaves alone and the
# alias_database tables alias_maps does not read.
. "$MF_TOP/tests/integration/lib.sh"

dir=$(postfix_config_dir)
for name in shared maps_only database_only untyped; do
    printf 'root: postmaster\n' > "$dir/$name"
done
cat > "$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = mx.example.test
alias_maps = hash:$dir/shared, cdb:$dir/maps_only, hash:$dir/untyped
alias_database = hash:$dir/shared, hash:$dir/database_only,
    $dir/untyped
CF
touch -d '1 minute ago' "$dir/main.cf"

# Which tables real newaliases builds.
if MAIL_CONFIG=$dir newaliases > "$WORK/newaliases.out" 2>&1; then
    pass "real newaliases accepts the configuration (a name without a type included)"
else
    fail_case "real newaliases accepts the configuration" "$(cat "$WORK/newaliases.out")"
fi
rebuilt=""
for built in "$dir"/*.db "$dir"/*.cdb; do
    [ -e "$built" ] && rebuilt="$rebuilt ${built##*/}"
done
expect_equal "real newaliases builds shared, database_only and untyped" \
    " database_only.db shared.db untyped.db" "$rebuilt"
# mfalias builds the one newaliases leaves alone, so that file checks pass.
"$MF_BIN/mfalias" "cdb:$dir/maps_only"

out=$("$MF_BIN/mfcc" "$dir" 2>&1)
expect_equal "mfcc: warnings only, exit 0" 0 "$?"
no_code "mfcc: a name without a type in alias_database is no error" "$out" table-without-type
expect_match "mfcc: the alias_maps table newaliases does not rebuild, at its column" \
    "^$dir/main.cf:3:[0-9]+: warning: alias_maps reads cdb:$dir/maps_only, which alias_database does not list.*\[alias-database-mismatch\]$" "$out"
expect_match "mfcc: the alias_database table nothing reads" \
    "^$dir/main.cf:4:[0-9]+: warning: alias_database lists hash:$dir/database_only, which alias_maps does not.*\[alias-database-mismatch\]$" "$out"
count=$(printf '%s\n' "$out" | grep -c '\[alias-database-mismatch\]')
expect_equal "mfcc: no other mismatch (shared and the untyped name agree)" 2 "$count"

# A relay that turns aliases off (alias_maps empty) and leaves alias_database at its default:
# nothing to say, where the same leftover set by hand is reported.
printf 'compatibility_level = 3.6\nmyhostname = mx.example.test\nalias_maps =\n' > "$dir/main.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_code "alias_maps empty, alias_database at its default: no mismatch" "$out" alias-database-mismatch
printf 'alias_database = hash:/etc/aliases\n' >> "$dir/main.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
expect_match "alias_maps empty, alias_database set by hand: the table nothing reads" \
    "^$dir/main.cf:4:[0-9]+: warning: alias_database lists hash:/etc/aliases, which alias_maps does not.*\[alias-database-mismatch\]$" "$out"

# Debian's own main.cf (alias_maps = alias_database = hash:/etc/aliases): nothing to say.
cp /usr/share/postfix/main.cf.debian "$dir/main.cf"
out=$("$MF_BIN/mfcc" --no-file-checks "$dir" 2>&1)
no_code "Debian's main.cf: no mismatch" "$out" alias-database-mismatch
