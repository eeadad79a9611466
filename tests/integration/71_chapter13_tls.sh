# The book's chapter 13.2 end to end (examples/chapter13-client-certs.sh: CA, server key and
# certificate, client certificate and .p12, relay_clientcerts built by mfmap, main.cf with
# permit_tls_clientcerts); mfcc accepts it. Then each way of breaking it, one at a time, on a
# fresh copy: mfcc must report it with its code at the line of the parameter concerned.
. "$MF_TOP/tests/integration/lib.sh"

mfcc=$MF_BIN/mfcc
base=$WORK/base
if output=$(MF_BIN=$MF_BIN sh "$MF_TOP/examples/chapter13-client-certs.sh" "$base" 2>&1); then
    pass "the chapter 13.2 example script runs to the end"
else
    fail_case "the chapter 13.2 example script runs to the end" "$output"
    exit 0
fi
expect_match "mfcc accepts the chapter 13.2 configuration" "^mfcc accepts" "$output"
expect_equal "mfcc prints nothing about the chapter 13.2 configuration" "" "$("$mfcc" "$base" 2>&1)"

c=$WORK/c
# A fresh copy of the working setup in $c, main.cf pointing at the copy.
fresh() {
    rm -rf "$c"
    cp -a "$base" "$c"
    sed -i "s|$base|$c|g" "$c/main.cf"
    cd "$c"
}
# set_param NAME VALUE: replace NAME's line in place, or append it.
set_param() {
    if grep -q "^$1 =" main.cf; then
        sed -i "s|^$1 = .*|$1 = $2|" main.cf
    else
        printf '%s = %s\n' "$1" "$2" >> main.cf
    fi
}
parameter_line() { grep -n "^$1 =" main.cf | cut -d: -f1; }
# A certificate for mail.example.com signed by the chapter's CA with given dates (openssl ca).
sign_server() {
    mkdir -p ca
    [ -f ca/ca.cnf ] || {
        printf '[ca]\ndefault_ca = d\n[d]\ndatabase = ca/index.txt\nnew_certs_dir = ca\n' > ca/ca.cnf
        printf 'serial = ca/serial\ndefault_md = %s\npolicy = p\nunique_subject = no\n' "${3:-sha256}" >> ca/ca.cnf
        printf '[p]\ncommonName = supplied\n' >> ca/ca.cnf
        : > ca/index.txt
        echo 1000 > ca/serial
    }
    openssl ca -batch -config ca/ca.cnf -cert cacert.pem -keyfile cakey.pem -in mailreq.pem \
        -startdate "$1" -enddate "$2" -out mail_signed_cert.pem > /dev/null 2>&1
}
# expect_report NAME SEVERITY CODE PARAM [MFCC OPTIONS...]: mfcc reports CODE at PARAM's line
# with SEVERITY, and exits 1 for an error, 0 for a warning.
expect_report() {
    name=$1 severity=$2 code=$3 parameter=$4
    shift 4
    line=$(parameter_line "$parameter")
    output=$("$mfcc" "$@" "$c" 2>&1)
    status=$?
    want=0
    [ "$severity" = error ] && want=1
    if printf '%s\n' "$output" | grep -Eq "^$c/main.cf:$line:[0-9]+: $severity: .*\[$code\]$" &&
        [ "$status" -eq "$want" ]; then
        pass "$name: $code at main.cf:$line"
    else
        fail_case "$name: $code at main.cf:$line (exit $want)" "exit status $status" "$output"
    fi
}

fresh
set_param smtpd_tls_cert_file "$c/missing.pem"
expect_report "missing certificate file" error tls-file-unreadable smtpd_tls_cert_file

fresh
openssl x509 -in mail_signed_cert.pem -outform DER -out mail.der
set_param smtpd_tls_cert_file "$c/mail.der"
expect_report "certificate in DER, not PEM" error tls-not-pem smtpd_tls_cert_file

fresh
set_param smtpd_tls_key_file "$c/mail_signed_cert.pem"
expect_report "key file holding no key" error tls-no-key smtpd_tls_key_file

fresh
set_param smtpd_tls_cert_file "$c/mailkey.pem"
expect_report "certificate file holding no certificate" error tls-no-certificate smtpd_tls_cert_file

fresh
openssl pkey -in mailkey.pem -aes256 -passout pass:secret -out mailkey.enc
mv mailkey.enc mailkey.pem
expect_report "key encrypted with a passphrase" error tls-encrypted-key smtpd_tls_key_file
expect_match "the encrypted-key message says how to write it unencrypted" \
    "openssl pkey -in $c/mailkey.pem -out $c/mailkey.pem.new" "$output"

fresh
set_param smtpd_tls_key_file "$c/clientkey.pem"
expect_report "key of another certificate" error tls-key-mismatch smtpd_tls_key_file

fresh
cat clientkey.pem mail_signed_cert.pem > pair.pem
set_param smtpd_tls_chain_files "$c/pair.pem"
expect_report "smtpd_tls_chain_files key followed by another key's certificate" error \
    tls-key-mismatch smtpd_tls_chain_files

fresh
chmod 644 mailkey.pem
expect_report "key readable by others" warning tls-key-permissions smtpd_tls_key_file
expect_match "the permissions message gives the chmod" "chmod 600 $c/mailkey.pem" "$output"
expect_report "key readable by others, with -Werror" error tls-key-permissions \
    smtpd_tls_key_file -Werror

if [ "$(id -u)" -eq 0 ]; then
    fresh
    chown nobody mailkey.pem
    expect_report "key not owned by root, run as root" warning tls-key-owner smtpd_tls_key_file

    # A file that exists but that the user running mfcc cannot read: mfcc as nobody, the
    # key root's and mode 0600, everything else readable to all.
    fresh
    chmod 755 "$WORK"
    chmod -R a+rX "$c"
    chmod 600 mailkey.pem
    printf '#!/bin/sh\nexec setpriv --reuid=nobody --regid=nogroup --clear-groups "%s" "$@"\n' \
        "$MF_BIN/mfcc" > "$WORK/mfcc_as_nobody"
    chmod 755 "$WORK/mfcc_as_nobody"
    mfcc=$WORK/mfcc_as_nobody
    expect_report "key file that exists but cannot be read" error tls-file-unreadable \
        smtpd_tls_key_file
    mfcc=$MF_BIN/mfcc
    chmod 700 "$WORK"
else
    pass "key owner and unreadable-key cases # skipped: they need root"
fi

fresh
sign_server 20200101000000Z 20210101000000Z
expect_report "expired certificate" error tls-certificate-expired smtpd_tls_cert_file

fresh
sign_server 20300101000000Z 20310101000000Z
expect_report "certificate not yet valid" error tls-certificate-not-yet-valid smtpd_tls_cert_file

fresh
openssl x509 -req -in mailreq.pem -CA cacert.pem -CAkey cakey.pem -days 10 -sha256 \
    -extfile server.ext -out mail_signed_cert.pem 2>/dev/null
expect_report "certificate expiring in 10 days" warning tls-certificate-expiring smtpd_tls_cert_file
expect_report "certificate expiring in 10 days, --min-validity=14d" error \
    tls-certificate-expiring smtpd_tls_cert_file --min-validity=14d
expect_equal "--min-validity=7d leaves it a warning" "0" \
    "$("$mfcc" --min-validity=7d "$c" > /dev/null 2>&1; echo $?)"

fresh
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout interkey.pem \
    -out inter.csr.pem -subj "/CN=Intermediate" 2>/dev/null
openssl x509 -x509toreq -in inter.csr.pem -signkey interkey.pem -out inter.req 2>/dev/null
printf 'basicConstraints = critical,CA:TRUE\nkeyUsage = keyCertSign\n' > inter.ext
openssl x509 -req -in inter.req -CA cacert.pem -CAkey cakey.pem -days 90 -extfile inter.ext \
    -out inter.pem 2>/dev/null
openssl x509 -req -in mailreq.pem -CA inter.pem -CAkey interkey.pem -CAcreateserial -days 60 \
    -extfile server.ext -out leaf.pem 2>/dev/null
cat leaf.pem cacert.pem inter.pem > mail_signed_cert.pem
expect_report "chain out of order" warning tls-chain-order smtpd_tls_cert_file
cp leaf.pem mail_signed_cert.pem
expect_report "chain missing its intermediate" warning tls-chain-untrusted smtpd_tls_cert_file
cat leaf.pem inter.pem > mail_signed_cert.pem
expect_equal "leaf then intermediate: nothing to report" "" "$("$mfcc" "$c" 2>&1)"

fresh
mkdir cadir
cp cacert.pem cadir/
sed -i '/^smtpd_tls_CAfile =/d' main.cf
set_param smtpd_tls_CApath "$c/cadir"
expect_report "CApath without hash links" warning tls-capath-not-hashed smtpd_tls_CApath
openssl rehash cadir 2>/dev/null || c_rehash cadir > /dev/null 2>&1
expect_equal "after openssl rehash the CApath is accepted" "" "$("$mfcc" "$c" 2>&1)"

fresh
set_param myhostname other.example.com
expect_report "certificate not naming myhostname" warning tls-name-mismatch smtpd_tls_cert_file

fresh
openssl req -newkey rsa:1024 -nodes -keyout mailkey.pem -out mailreq.pem \
    -subj "/CN=mail.example.com" 2>/dev/null
openssl x509 -req -in mailreq.pem -CA cacert.pem -CAkey cakey.pem -days 60 -sha256 \
    -extfile server.ext -out mail_signed_cert.pem 2>/dev/null
expect_report "RSA key of 1024 bits" warning tls-weak-key smtpd_tls_cert_file

fresh
openssl x509 -req -in mailreq.pem -CA cacert.pem -CAkey cakey.pem -days 60 -sha1 \
    -extfile server.ext -out mail_signed_cert.pem 2>/dev/null
expect_report "certificate signed with SHA-1" warning tls-weak-signature smtpd_tls_cert_file

fresh
sed -i '/^smtpd_tls_CAfile =/d' main.cf
expect_report "smtpd_tls_ask_ccert with no CA" warning tls-ccert-no-ca smtpd_tls_ask_ccert
set_param smtpd_tls_req_ccert yes
expect_report "smtpd_tls_req_ccert with no CA" error tls-ccert-no-ca smtpd_tls_req_ccert

fresh
sed -i '/^relay_clientcerts =/d' main.cf
expect_report "permit_tls_clientcerts with no relay_clientcerts" error tls-clientcerts-no-table \
    smtpd_recipient_restrictions
# In a list continued over lines, the report is at the permit_tls_clientcerts word itself.
sed -i '/^smtpd_recipient_restrictions =/d' main.cf
printf 'smtpd_recipient_restrictions =\n    permit_mynetworks,\n    permit_tls_clientcerts,\n    reject_unauth_destination\n' >> main.cf
output=$("$mfcc" "$c" 2>&1)
expect_match "permit_tls_clientcerts on a continuation line: reported at that word" \
    "^$c/main.cf:$(grep -n '^    permit_tls_clientcerts' main.cf | cut -d: -f1):5: error: .*\[tls-clientcerts-no-table\]\$" "$output"

# The book's own table, as written, under the digest in force.
fresh
printf '57:8E:95:63:67:CD:2B:96:7C:0A:3A:61:46:A5:95:EA kdent@ora.com\n' > relay_clientcerts
postmap -c "$c" "hash:$c/relay_clientcerts"
expect_equal "the book's md5 table passes with compatibility_level unset (md5)" "" \
    "$("$mfcc" "$c" 2>&1)"
set_param compatibility_level 3.6
output=$("$mfcc" "$c" 2>&1)
expect_match "the book's table under compatibility_level = 3.6 is reported at its line" \
    "^$c/relay_clientcerts:1:1: error: .*looks like a md5 fingerprint \(16 bytes\), but the digest in force is sha256.*\[tls-fingerprint-digest\]$" \
    "$output"
expect_match "and a note at relay_clientcerts says where the digest comes from" \
    "^$c/main.cf:$(parameter_line relay_clientcerts):[0-9]+: note: .*compatibility_level = 3.6" "$output"
"$MF_BIN/mfmap" fingerprint -c "$c" -o "hash:$c/relay_clientcerts" client_cert.pem
expect_equal "rebuilt by mfmap fingerprint under 3.6 (sha256), the table passes again" "" \
    "$("$mfcc" "$c" 2>&1)"

# Keys that are no fingerprint at all, each reported at its own line of the table source.
fresh
printf '578E956367CD2B967C0A3A6146A595EA bare-hex\n%s/client_cert.pem a-file-name\n' "$c" \
    > relay_clientcerts
postmap -c "$c" "hash:$c/relay_clientcerts"
output=$("$mfcc" "$c" 2>&1)
expect_match "hex without colons in relay_clientcerts is reported at its line" \
    "^$c/relay_clientcerts:1:1: error: .*hex without colons.*\[tls-fingerprint-malformed\]$" "$output"
expect_match "a file name in relay_clientcerts is reported at its line" \
    "^$c/relay_clientcerts:2:1: error: .*is not a fingerprint.*\[tls-fingerprint-malformed\]$" "$output"

# The snapshot carries the key, so it is written mode 0600.
fresh
"$mfcc" -o "$c/mf.snapshot" "$c" > /dev/null 2>&1
expect_equal "the snapshot holding the server key is mode 600" "600" "$(stat -c %a "$c/mf.snapshot")"
expect_match "the snapshot lists the key, its chain and the CA" \
    "private-key $c/mailkey.pem" "$("$mfcc" --dump "$c/mf.snapshot" 2>&1)"

# A master.cf service's -o overrides are checked in that service's context, at the -o.
fresh
printf 'submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_cert_file=%s/nothere.pem\n' \
    "$c" >> master.cf
line=$(grep -n "smtpd_tls_cert_file=$c/nothere.pem" master.cf | cut -d: -f1)
output=$("$mfcc" "$c" 2>&1)
expect_match "a -o smtpd_tls_cert_file of a master.cf service is checked at its line" \
    "^$c/master.cf:$line:[0-9]+: error: .*nothere.pem.*\[tls-file-unreadable\]$" "$output"
expect_equal "and reported once" "1" "$(printf '%s\n' "$output" | grep -c 'tls-file-unreadable')"
