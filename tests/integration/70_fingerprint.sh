# mfmap fingerprint against the oracles: openssl's own fingerprints (md5, sha1, sha256, for RSA
# and ECDSA certificates, certificate and public-key forms), postconf's idea of the digest in
# force, and real postmap reading the tables mfmap builds. Certificates are made here.
. "$MF_TOP/tests/integration/lib.sh"

mfmap=$MF_BIN/mfmap
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout ca.key -out ca.pem \
    -subj "/CN=Test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr \
    -subj "/CN=Kyle Dent/emailAddress=kdent@ora.com" 2>/dev/null
openssl x509 -req -in rsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out rsa.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.csr \
    -subj "/CN=client.example.com" 2>/dev/null
openssl x509 -req -in ec.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out ec.pem 2>/dev/null

# The fingerprint text openssl prints after "=".
openssl_fingerprint() { openssl x509 -noout -fingerprint "-$1" -in "$2" | sed 's/^[^=]*=//'; }
first_key() { sed -n '1s/ .*//p'; }

for cert in rsa ec; do
    for digest in md5 sha1 sha256; do
        expect_equal "$cert certificate $digest fingerprint equals openssl x509 -fingerprint" \
            "$(openssl_fingerprint $digest $cert.pem)" \
            "$("$mfmap" fingerprint --digest $digest $cert.pem | first_key)"
    done
    expected=$(openssl x509 -pubkey -noout -in $cert.pem | openssl pkey -pubin -outform DER |
        openssl dgst -sha256 -c | sed 's/^.*= //' | tr a-f A-F)
    expect_equal "$cert public-key sha256 fingerprint equals the openssl pkey | dgst pipeline" \
        "$expected" "$("$mfmap" fingerprint --digest sha256 --pubkey $cert.pem | first_key)"
done

expect_equal "the label is the email address, else the common name" \
    "kdent@ora.com|client.example.com" \
    "$("$mfmap" fingerprint --digest md5 rsa.pem | sed 's/^[^ ]* //')|$("$mfmap" fingerprint --digest md5 ec.pem | sed 's/^[^ ]* //')"

# Encodings: DER, a PEM bundle, PKCS#12 with each passphrase source, a directory.
openssl x509 -in ec.pem -outform DER -out ec.der
expect_equal "a DER certificate gives the same line as its PEM form" \
    "$("$mfmap" fingerprint --digest sha256 ec.pem)" "$("$mfmap" fingerprint --digest sha256 ec.der)"
cat rsa.pem ec.pem > bundle.pem
expect_equal "a PEM file with two certificates gives two lines" \
    "2" "$("$mfmap" fingerprint --digest sha256 bundle.pem | wc -l | tr -d ' ')"
openssl pkcs12 -export -in rsa.pem -inkey rsa.key -certfile ca.pem -passout pass:s3cret -out rsa.p12
printf 's3cret\n' > p12.pass
rsa_line=$("$mfmap" fingerprint --digest sha256 rsa.pem)
expect_equal "PKCS#12 with --passin pass: lists the client certificate first" \
    "$rsa_line" "$("$mfmap" fingerprint --digest sha256 --passin pass:s3cret rsa.p12 | head -n 1)"
expect_equal "PKCS#12 with --passin file: also lists the CA it carries" \
    "2" "$("$mfmap" fingerprint --digest sha256 --passin file:p12.pass rsa.p12 | wc -l | tr -d ' ')"
expect_equal "PKCS#12 with --passin env:" \
    "$rsa_line" "$(P12PASS=s3cret "$mfmap" fingerprint --digest sha256 --passin env:P12PASS rsa.p12 | head -n 1)"
output=$("$mfmap" fingerprint --digest sha256 --passin pass:wrong rsa.p12 2>&1)
status=$?
expect_match "a wrong PKCS#12 passphrase is an error naming the file" \
    "rsa.p12: PKCS#12 passphrase is wrong or missing" "$output"
expect_equal "a wrong PKCS#12 passphrase exits 1" "1" "$status"
mkdir certs
cp rsa.pem ec.pem ca.pem rsa.key certs/
openssl x509 -in ec.pem -outform DER -out certs/ec.der
echo "not a certificate" > certs/README
expect_equal "a directory gives each distinct certificate once, skipping keys and notes" \
    "$(cat ca.pem ec.pem rsa.pem > all.pem; "$mfmap" fingerprint --digest sha256 all.pem | sort)" \
    "$("$mfmap" fingerprint --digest sha256 certs | sort)"

# The default digest is the one the configuration puts in force, as postconf evaluates it.
for level in "" "compatibility_level = 2" "compatibility_level = 3.6" "compatibility_level = 3.7" \
    "smtpd_tls_fingerprint_digest = sha1"; do
    config=$(postfix_config_dir)
    printf '%s\n' "$level" > "$config/main.cf"
    digest=$(postconf -c "$config" -xh smtpd_tls_fingerprint_digest)
    expect_equal "with '${level:-an empty main.cf}' the default digest is postconf's $digest" \
        "$(openssl_fingerprint "$digest" rsa.pem)" \
        "$("$mfmap" fingerprint -c "$config" rsa.pem | first_key)"
done

# Tables mfmap builds are found by real postmap, key by key, for each buildable type.
config=$(postfix_config_dir)
printf 'compatibility_level = 3.6\n' > "$config/main.cf"
for type in hash cdb lmdb; do
    table=$WORK/relay_clientcerts_$type
    if ! "$mfmap" fingerprint -c "$config" -o "$type:$table" certs > build.log 2>&1; then
        fail_case "mfmap fingerprint -o $type: builds" "$(cat build.log)"
        continue
    fi
    found=0
    total=0
    while read -r key label; do
        total=$((total + 1))
        [ "$(postmap -c "$config" -q "$key" "$type:$table")" = "$label" ] && found=$((found + 1))
    done < "$table"
    expect_equal "real postmap -q finds all $total entries of the $type table mfmap built" \
        "3 3" "$found $total"
done
"$mfmap" fingerprint -c "$config" -o "texthash:$WORK/relay_text" certs
key=$(head -n 1 "$WORK/relay_text" | cut -d' ' -f1)
expect_equal "-o texthash: writes the source, which real postmap -q reads" \
    "$(head -n 1 "$WORK/relay_text" | cut -d' ' -f2-)" \
    "$(postmap -c "$config" -q "$key" "texthash:$WORK/relay_text")"
table=$WORK/relay_clientcerts_hash
check "--check passes when the table lists every certificate" \
    "$mfmap" fingerprint -c "$config" --check "hash:$table" certs
check "--check accepts a certificate listed by its public-key fingerprint" \
    sh -c "'$mfmap' fingerprint -c '$config' --pubkey -o 'hash:$WORK/by_key' rsa.pem &&
           '$mfmap' fingerprint -c '$config' --check 'hash:$WORK/by_key' rsa.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -keyout new.key \
    -out new.pem -subj "/CN=newcomer" 2>/dev/null
printf '%s old-laptop\n' "$(openssl_fingerprint md5 ec.pem)" >> "$table"
postmap -c "$config" "hash:$table"
output=$("$mfmap" fingerprint -c "$config" --check "hash:$table" certs new.pem 2>&1)
status=$?
expect_equal "--check exits 1 on differences" "1" "$status"
expect_match "--check names the certificate missing from the table" \
    "^missing from hash:$table: [0-9A-F:]+ newcomer \(new.pem\)" "$output"
expect_match "--check names the entry matching no certificate and its digest" \
    "looks like md5, the digest in use is sha256.*old-laptop" "$output"

# A failed input never touches an existing table.
before=$(cksum < "$table.db")
"$mfmap" fingerprint -c "$config" -o "hash:$table" certs missing.pem > /dev/null 2>&1
expect_equal "-o with an unreadable input exits 1 and leaves the table as it was" \
    "$before" "$(cksum < "$table.db")"
check_fails "an unknown digest is a usage error" "$mfmap" fingerprint --digest sha3 rsa.pem
