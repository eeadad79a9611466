# Sourced by the tests of mfmap's own Berkeley DB page writers (30 btree, 31 hash), after
# lib.sh, with DB_TYPE (btree or hash), config (a Postfix configuration directory) and MFMAP
# set and the working directory $WORK: one table built by real postmap (theirs) and by mfmap
# (ours) from the same source and compared through libdb's tools and both programs.

# contents FILE: what must be the same in both files: for btree everything db5.3_dump prints
# (header with the page size, then the pairs in key order); for hash the pairs, sorted, as
# the buckets' order and page size may differ.
contents() {
    if [ "$DB_TYPE" = btree ]; then
        db5.3_dump "$1"
    else
        db5.3_dump "$1" | sed '1,/^HEADER=END$/d; /^DATA=END$/d' | paste - - | sort
    fi
}

# same_files VERIFY_LABEL SAME_LABEL: libdb's verifier accepts ours.db, and theirs.db and
# ours.db hold the same (contents).
same_files() {
    check "$1" db5.3_verify -q ours.db
    contents theirs.db > theirs.contents
    contents ours.db > ours.contents
    check "$2" cmp theirs.contents ours.contents
}

# same_table LABEL SOURCE [FLAG...]: builds SOURCE with postmap (theirs) and mfmap (ours) and
# compares them; leaves theirs.db and ours.db for more cases.
same_table() {
    label=$1 source=$2
    shift 2
    rm -f theirs theirs.db ours ours.db
    cp "$source" theirs
    cp "$source" ours
    postmap -c "$config" "$@" "$DB_TYPE:theirs" 2> theirs.err
    "$MFMAP" -c "$config" "$@" "$DB_TYPE:ours" 2> ours.err
    same_files "$label: db5.3_verify accepts mfmap's file" \
        "$label: db5.3_dump prints the same as for postmap's file"
    listed=$(postmap -c "$config" "$@" -s "$DB_TYPE:theirs" | sort)
    expect_equal "$label: postmap -s lists the same" "$listed" \
        "$(postmap -c "$config" "$@" -s "$DB_TYPE:ours" | sort)"
    expect_equal "$label: mfmap -s lists the same" "$listed" \
        "$("$MFMAP" -c "$config" "$@" -s "$DB_TYPE:ours" | sort)"
    # Every 7th key, and absent ones, through real postmap and mfmap in bulk, and mfmap on
    # postmap's file.
    { awk 'NR % 7 == 1 { print $1 }' "$source"; echo absent.example; echo zzz; } > keys
    answers=$(postmap -c "$config" "$@" -q - "$DB_TYPE:theirs" < keys)
    expect_equal "$label: real postmap -q - answers the same" "$answers" \
        "$(postmap -c "$config" "$@" -q - "$DB_TYPE:ours" < keys)"
    expect_equal "$label: mfmap -q - answers the same" "$answers" \
        "$("$MFMAP" -c "$config" "$@" -q - "$DB_TYPE:ours" < keys)"
    expect_equal "$label: mfmap -q - on postmap's file answers the same" "$answers" \
        "$("$MFMAP" -c "$config" "$@" -q - "$DB_TYPE:theirs" < keys)"
}

# same_after_update LABEL [FLAG...]: the same postmap -i and -d on both tables of the last
# same_table (3,000 entries added, some with values for overflow pages; every third key of its
# source deleted), then both files compared and old and new keys looked up.
same_after_update() {
    label=$1
    shift
    /usr/bin/python3 - > increment <<'PY'
import random
random.seed(11)
for i in range(3000):
    print("added%d@example%d.org value-%d%s" % (random.randrange(10**6), i % 50, i,
                                                "v" * (5000 if i % 97 == 0 else 0)))
PY
    postmap -c "$config" "$@" -i "$DB_TYPE:theirs" < increment
    postmap -c "$config" "$@" -i "$DB_TYPE:ours" < increment
    awk 'NR % 3 == 0 { print $1 }' "$source" > removed
    postmap -c "$config" "$@" -d - "$DB_TYPE:theirs" < removed
    postmap -c "$config" "$@" -d - "$DB_TYPE:ours" < removed
    same_files "$label: db5.3_verify after postmap -i and -d" \
        "$label: the same pairs after postmap -i and -d"
    { awk 'NR % 5 == 1 { print $1 }' increment "$source"; echo absent.example; } > keys
    answers=$(postmap -c "$config" "$@" -q - "$DB_TYPE:theirs" < keys)
    expect_equal "$label: old and new keys through real postmap -q - after the update" \
        "$answers" "$(postmap -c "$config" "$@" -q - "$DB_TYPE:ours" < keys)"
    expect_equal "$label: and through mfmap -q -" "$answers" \
        "$("$MFMAP" -c "$config" "$@" -q - "$DB_TYPE:ours" < keys)"
}
