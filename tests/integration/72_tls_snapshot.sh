# The TLS material of the compiled snapshot: every certificate and key file is opened once per
# compile (strace counts it), master.cf -o certificates and tls_server_sni_maps certificates are
# validated and carried like main.cf's, SNI tables built by real `postmap -F` and by
# `mfmap -F` are read from their built files, and `mfcc --dump`/`--diff` show each
# certificate (subject, issuer, not-after, fingerprint) so that a rotation is visible.
. "$MF_TOP/tests/integration/lib.sh"

mfcc=$MF_BIN/mfcc
mfmap=$MF_BIN/mfmap
c=$WORK/c
mkdir -p "$c"
cd "$c"
umask 077

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
# sign NAME DNS...: NAME.key and NAME.pem for those DNS names, signed by the CA.
sign() {
    name=$1
    shift
    [ -f "$name.key" ] || ec_key "$name.key"
    san=""
    for dns in "$@"; do san="$san${san:+,}DNS:$dns"; done
    printf 'subjectAltName = %s\nbasicConstraints = CA:FALSE\n' "$san" > "$name.ext"
    openssl req -new -key "$name.key" -subj "/CN=$1" -out "$name.csr" 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "${DAYS:-200}" \
        -sha256 -extfile "$name.ext" -out "$name.pem" 2>/dev/null
}
ec_key ca.key
openssl req -x509 -new -key ca.key -days 400 -subj "/CN=Test CA" -out ca.pem 2>/dev/null
sign mail mail.example.com
sign submission submission.example.com mail.example.com
sign www www.example.org '*.example.org'
sign shop shop.example.net
sha256_of() { openssl x509 -noout -fingerprint -sha256 -in "$1" | sed 's/^[^=]*=//'; }

cp /etc/postfix/master.cf master.cf
cat >> master.cf <<EOF
smtps     inet  n       -       n       -       -       smtpd
  -o smtpd_tls_security_level=encrypt
submission inet n       -       n       -       -       smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_cert_file=$c/submission.pem
  -o smtpd_tls_key_file=$c/submission.key
EOF
cat > main.cf <<EOF
compatibility_level = 3.6
myhostname = mail.example.com
smtpd_client_restrictions = check_client_access cdb:$c/access
smtpd_tls_security_level = may
smtpd_tls_cert_file = $c/mail.pem
smtpd_tls_key_file = $c/mail.key
smtpd_tls_CAfile = $c/ca.pem
tls_server_sni_maps = cdb:$c/sni
EOF
printf 'www.example.org %s/www.key, %s/www.pem\n.example.org %s/www.key %s/www.pem\nshop.example.net %s/shop.key,%s/shop.pem\n' \
    "$c" "$c" "$c" "$c" "$c" "$c" > sni
postmap -c "$c" -F "cdb:$c/sni"
chmod 600 sni.cdb
printf '192.0.2.1 REJECT\n' > access
postmap -c "$c" "cdb:$c/access"

# --- read once ------------------------------------------------------------------------------
# submission's certificate would be checked twice (main.cf's context and its own) and the
# snapshot would read everything a third time if the files were not shared.
# (LeakSanitizer cannot run under ptrace: off for this run when make asan runs the suite.)
output=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -e trace=open,openat -o "$WORK/trace" "$mfcc" -o "$WORK/s1" "$c" 2>&1)
expect_equal "mfcc accepts main.cf, the submission -o certificate and the postmap -F SNI table" \
    "" "$output"
opened() { grep -c "open[^\"]*\"$1\"" "$WORK/trace"; }
counts=""
for file in mail.pem mail.key ca.pem submission.pem submission.key www.pem shop.key; do
    counts="$counts $file=$(opened "$c/$file")"
done
# (www.pem and shop.key are read only to see whether the SNI table is still current.)
expect_equal "mfcc -o opens every certificate and key file once (strace)" \
    " mail.pem=1 mail.key=1 ca.pem=1 submission.pem=1 submission.key=1 www.pem=1 shop.key=1" \
    "$counts"
# The table checks and the snapshot's table identities open every table; TLS adds one.
expect_equal "the TLS checks and snapshot open the SNI table once between them (strace)" \
    "$(($(opened "$c/access.cdb") + 1))" "$(opened "$c/sni.cdb")"

dump=$("$mfcc" --dump "$WORK/s1")
expect_match "--dump shows main.cf's certificate with subject, issuer, not-after, fingerprint" \
    "^    certificate #1: subject=CN=mail.example.com issuer=CN=Test CA not-after=\"[0-9-]+ [0-9:]+ UTC\" sha256=$(sha256_of mail.pem)$" \
    "$dump"
expect_match "the snapshot carries submission's -o certificate, scoped to the service" \
    "^submission/inet smtpd_tls_cert_file: certificate-chain $c/submission.pem " "$dump"
expect_match "and submission's -o key" \
    "^submission/inet smtpd_tls_cert_file: private-key $c/submission.key " "$dump"
expect_match "--dump shows submission's certificate" \
    "^    certificate #1: subject=CN=submission.example.com .* sha256=$(sha256_of submission.pem)$" "$dump"
expect_equal "a service whose -o overrides leave main.cf's material has no copy of its own" \
    "0" "$(printf '%s\n' "$dump" | sed -n '/^\[tls\]/,$p' | grep -c '^smtps/inet ')"
expect_match "the snapshot carries each SNI entry's chain, from the table" \
    "^tls_server_sni_maps shop.example.net: certificate-chain cdb:$c/sni " "$dump"
expect_match "and its key" "^tls_server_sni_maps .example.org: private-key cdb:$c/sni " "$dump"
expect_match "--dump shows the SNI certificate" \
    "^    certificate #1: subject=CN=shop.example.net .* sha256=$(sha256_of shop.pem)$" "$dump"

# --- rotations show in --diff -------------------------------------------------------------
# rotate_and_diff NAME FILE DNS SCOPE PATH LINES: re-issue FILE.pem for DNS, compile, diff
# against s1: the certificate of SCOPE read from PATH changes, and the diff has LINES lines.
rotate_and_diff() {
    rm -f "$2.pem"
    sign "$2" "$3"
    [ "$2" = shop ] && postmap -c "$c" -F "cdb:$c/sni"
    "$mfcc" -o "$WORK/s2" "$c" > "$WORK/compile.log" 2>&1
    diff=$("$mfcc" --diff "$WORK/s1" "$WORK/s2")
    status=$?
    expect_equal "$1: --diff exits 1" "1" "$status"
    expect_match "$1: --diff shows the new certificate's fingerprint" \
        "^  -> $4: certificate-chain $5 certificate #1: subject=CN=$3 .*sha256=$(sha256_of "$2.pem")$" \
        "$diff"
    expect_equal "$1: --diff changes nothing else" "$6" "$(printf '%s\n' "$diff" | wc -l | tr -d ' ')"
}
cp mail.pem mail.pem.s1
cp submission.pem submission.pem.s1
DAYS=300 rotate_and_diff "main.cf certificate renewed" mail mail.example.com \
    smtpd_tls_cert_file "$c/mail.pem" 2
cp mail.pem.s1 mail.pem
DAYS=300 rotate_and_diff "submission -o certificate renewed" submission submission.example.com \
    "submission/inet smtpd_tls_cert_file" "$c/submission.pem" 2
cp submission.pem.s1 submission.pem
# The submission service's own material includes the SNI certificates too (main.cf's and its),
# and the rebuilt table's identity changes as well.
DAYS=300 rotate_and_diff "SNI certificate renewed and the table rebuilt" shop shop.example.net \
    "tls_server_sni_maps shop.example.net" "cdb:$c/sni" 6
expect_match "the old fingerprint is on the line before" "^~ tls .*shop.example.net.*sha256=" "$diff"

# --- broken pairs in SNI tables, built by postmap -F and by mfmap -F ---------------------------
sed -i "s|^tls_server_sni_maps = .*|tls_server_sni_maps = hash:$c/sni|" main.cf
printf 'www.example.org %s/www.key, %s/www.pem\nshop.example.net %s/www.key %s/shop.pem\n' \
    "$c" "$c" "$c" "$c" > sni
postmap -c "$c" -F "hash:$c/sni"
output=$("$mfcc" "$c" 2>&1)
status=$?
expect_match "postmap -F table: a key with another name's certificate is reported at the source line" \
    "^$c/sni:2:1: error: tls_server_sni_maps hash:$c/sni, shop.example.net: the private key .* does not match .*\[tls-key-mismatch\]$" \
    "$output"
expect_equal "and mfcc exits 1" "1" "$status"
"$mfmap" -c "$c" -F "lmdb:$c/sni"
sed -i "s|^tls_server_sni_maps = .*|tls_server_sni_maps = lmdb:$c/sni|" main.cf
output=$("$mfcc" "$c" 2>&1)
expect_match "mfmap -F lmdb table: the same pair is reported at the same source line" \
    "^$c/sni:2:1: error: tls_server_sni_maps lmdb:$c/sni, shop.example.net: .*\[tls-key-mismatch\]$" \
    "$output"
expect_equal "real postmap -F -q reads the value mfmap -F stored" \
    "$(cat www.key; echo; cat www.pem)" "$(postmap -c "$c" -F -q www.example.org "lmdb:$c/sni")"
mv sni sni.source
output=$("$mfcc" "$c" 2>&1)
expect_match "without the source, the pair is reported at the built file" \
    "^$c/sni.lmdb: error: .*shop.example.net.*\[tls-key-mismatch\]$" "$output"
mv sni.source sni

printf 'www.example.org %s/www.key, %s/www.pem\n' "$c" "$c" > sni
postmap -c "$c" "hash:$c/sni"
sed -i "s|^tls_server_sni_maps = .*|tls_server_sni_maps = hash:$c/sni|" main.cf
output=$("$mfcc" "$c" 2>&1)
expect_match "a table built without -F is reported, saying to use postmap -F" \
    "^$c/sni:1:1: error: .*postmap -F hash:$c/sni.*\[tls-sni-not-base64\]$" "$output"
postmap -c "$c" -F "hash:$c/sni"
chmod 600 sni.db
expect_equal "rebuilt with -F it passes" "" "$("$mfcc" "$c" 2>&1)"
rm www.pem
sign www www.example.org '*.example.org'
output=$("$mfcc" "$c" 2>&1)
expect_match "a certificate renewed without rebuilding the table is reported" \
    "^$c/sni:1:1: warning: .*rebuild it with postmap -F hash:$c/sni \[tls-sni-table-stale\]$" "$output"
postmap -c "$c" -F "hash:$c/sni"
chmod 644 sni.db
output=$("$mfcc" "$c" 2>&1)
expect_match "an SNI table readable by others is reported at tls_server_sni_maps" \
    "^$c/main.cf:$(grep -n '^tls_server_sni_maps' main.cf | cut -d: -f1):[0-9]+: warning: .*chmod 600 $c/sni.db.*\[tls-key-permissions\]$" "$output"
chmod 600 sni.db
printf 'mail.example.net %s/mail.key %s/mail.pem\n' "$c" "$c" > sni
postmap -c "$c" -F "hash:$c/sni"
output=$("$mfcc" "$c" 2>&1)
expect_match "an SNI certificate not naming its key's server name is reported" \
    "^$c/sni:1:1: warning: .*names mail.example.com, not mail.example.net.*\[tls-name-mismatch\]$" "$output"

# --- a service with an SNI table of its own ------------------------------------------------------
printf 'shop.example.net %s/mail.key %s/shop.pem\n' "$c" "$c" > sni.submission
postmap -c "$c" -F "cdb:$c/sni.submission"
chmod 600 sni.submission.cdb
printf '  -o tls_server_sni_maps=cdb:%s/sni.submission\n' "$c" >> master.cf
output=$("$mfcc" "$c" 2>&1)
expect_match "a -o tls_server_sni_maps table of a service is checked: its broken pair is reported" \
    "^$c/sni.submission:1:1: error: .*shop.example.net.*\[tls-key-mismatch\]$" "$output"
printf 'shop.example.net %s/shop.key %s/shop.pem\n' "$c" "$c" > sni.submission
postmap -c "$c" -F "cdb:$c/sni.submission"
"$mfcc" -o "$WORK/s4" "$c" > /dev/null 2>&1
expect_match "and once good, its certificates are in the snapshot, scoped to the service" \
    "^submission/inet tls_server_sni_maps shop.example.net: certificate-chain cdb:$c/sni.submission " \
    "$("$mfcc" --dump "$WORK/s4")"
sed -i '$d' master.cf

# --- a broken -o certificate keeps the snapshot from being written ----------------------------
printf 'smtp.example.net %s/shop.key %s/shop.pem\n' "$c" "$c" > sni
postmap -c "$c" -F "hash:$c/sni"
chmod 600 sni.db
sed -i "s|-o smtpd_tls_key_file=$c/submission.key|-o smtpd_tls_key_file=$c/mail.key|" master.cf
rm -f "$WORK/s3"
output=$("$mfcc" -o "$WORK/s3" "$c" 2>&1)
expect_match "a -o key that does not match the -o certificate is reported at master.cf" \
    "^$c/master.cf:[0-9]+:[0-9]+: error: .*\[tls-key-mismatch\]$" "$output"
expect_equal "and no snapshot is written" "no" "$([ -e "$WORK/s3" ] && echo yes || echo no)"
