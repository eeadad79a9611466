# mfcc against real postconf on random main.cf and master.cf files
# (mfcc_corpus/random_configurations.py): effective values (-n, -p) and services (-M) equal
# postconf's where postconf accepts the files, and an mfcc error where postconf dies on them
# or finds a brace error in master.cf (master dies on it). Three fixed seeds, so a change is measured against the same
# files, and one new seed per run, printed in the case name so that a failure can be re-run.
. "$MF_TOP/tests/integration/lib.sh"

generator="$MF_TOP/tests/integration/mfcc_corpus/random_configurations.py"
fresh_seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
for seed in 1 2 3 "$fresh_seed"; do
    check "random configurations, seed $seed: mfcc agrees with postconf" \
        /usr/bin/python3 "$generator" "$MF_BIN/mfcc" "$WORK" "$seed" 40
done
