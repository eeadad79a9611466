# The snapshot's restriction lists on the fidelity corpus (Debian's default main.cf, the large
# realistic one, the one exercising every syntax feature, with their master.cf): each compiles,
# and every list of main.cf and of each running smtpd service in `mfcc --dump` holds what real
# `postconf -x -h` (`-P` for -o) prints, with every entry located at its own text or $name.
. "$MF_TOP/tests/integration/lib.sh"

corpus="$MF_TOP/tests/integration/mfcc_corpus"
checker="$MF_TOP/tests/integration/snapshot_restrictions_check.py"

check_config() {
    label=$1 dir=$2
    if ! "$MF_BIN/mfcc" -q --no-file-checks -o "$WORK/$label.snapshot" "$dir" > "$WORK/$label.out" 2>&1; then
        fail_case "$label: compiles" "$(head -n 20 "$WORK/$label.out")"
        return
    fi
    pass "$label: compiles"
    "$MF_BIN/mfcc" --dump "$WORK/$label.snapshot" > "$WORK/$label.dump"
    # The scopes: main.cf and the smtpd services postconf -M lists (one per endpoint here).
    scopes="main.cf $(postconf -c "$dir" -M 2>/dev/null | awk '$8 == "smtpd" { print $1 "/" $2 }')"
    /usr/bin/python3 "$checker" "$WORK/$label.dump" "$dir" $scopes | grep -v '^located ' |
        sed "s/^\(not \)\{0,1\}ok /&$label: /"
}

debian=$(postfix_config_dir)
cp /usr/share/postfix/main.cf.debian "$debian/main.cf"
check_config debian "$debian"
for name in large syntax; do
    dir=$(postfix_config_dir)
    cp "$corpus/$name.main.cf" "$dir/main.cf"
    [ -f "$corpus/$name.master.cf" ] && cp "$corpus/$name.master.cf" "$dir/master.cf"
    check_config "$name" "$dir"
done
