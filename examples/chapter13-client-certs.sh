#!/bin/sh
# The client-certificate workflow of "Postfix: The Definitive Guide", chapter 13.2, with today's
# openssl command line: a private CA, the server's key and certificate, a client certificate
# and its PKCS#12 bundle for a mail client, the relay_clientcerts fingerprint table built by
# `mfmap fingerprint`, and the main.cf that lets certificate holders relay; `mfcc` checks it.
# Every key is generated here, into DIR (default: a new temporary directory), never reused.
# Usage: examples/chapter13-client-certs.sh [DIR]     (MF_BIN: where mfmap and mfcc are)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${MF_BIN:-$top/build/bin}
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/chapter13.XXXXXX")}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cd "$dir"
umask 077
say() { printf '\n$ %s\n' "$*"; }

# 1. A certificate authority of our own (the book used CA.pl -newca).
say openssl req -x509 -newkey rsa:2048 -nodes -keyout cakey.pem -out cacert.pem ...
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -keyout cakey.pem -out cacert.pem \
    -subj "/O=Example Corp/CN=Example Corp CA" 2>/dev/null

# 2. The mail server's key and a certificate signed by that CA, naming myhostname.
say openssl req -newkey rsa:2048 -nodes -keyout mailkey.pem -out mailreq.pem ...
openssl req -newkey rsa:2048 -nodes -keyout mailkey.pem -out mailreq.pem \
    -subj "/O=Example Corp/CN=mail.example.com" 2>/dev/null
printf 'subjectAltName = DNS:mail.example.com\nbasicConstraints = CA:FALSE\n' > server.ext
say openssl x509 -req -in mailreq.pem -CA cacert.pem -CAkey cakey.pem -out mail_signed_cert.pem ...
openssl x509 -req -in mailreq.pem -CA cacert.pem -CAkey cakey.pem -CAcreateserial -days 365 \
    -sha256 -extfile server.ext -out mail_signed_cert.pem 2>/dev/null

# 3. A client certificate for Kyle, and the PKCS#12 bundle his mail client imports.
say openssl req -newkey rsa:2048 -nodes -keyout clientkey.pem -out clientreq.pem ...
openssl req -newkey rsa:2048 -nodes -keyout clientkey.pem -out clientreq.pem \
    -subj "/O=Example Corp/CN=Kyle Dent/emailAddress=kdent@ora.com" 2>/dev/null
printf 'basicConstraints = CA:FALSE\nextendedKeyUsage = clientAuth\n' > client.ext
openssl x509 -req -in clientreq.pem -CA cacert.pem -CAkey cakey.pem -CAcreateserial -days 365 \
    -sha256 -extfile client.ext -out client_cert.pem 2>/dev/null
printf 'change me\n' > client.pass
say openssl pkcs12 -export -in client_cert.pem -inkey clientkey.pem -certfile cacert.pem -out client.p12
openssl pkcs12 -export -in client_cert.pem -inkey clientkey.pem -certfile cacert.pem \
    -name "Kyle Dent" -passout file:client.pass -out client.p12

# 4. The fingerprint table. The book ran `openssl x509 -fingerprint` and typed the result into
#    relay_clientcerts; mfmap computes it with the digest main.cf puts in force (md5 here, as
#    compatibility_level is unset) and builds the table atomically. The .p12 holds the CA
#    certificate too: only the client's own certificate belongs in the table.
cp /etc/postfix/master.cf master.cf 2>/dev/null || : > master.cf
cat > main.cf <<EOF
myhostname = mail.example.com
mydomain = example.com
mynetworks = 127.0.0.0/8
smtpd_use_tls = yes
smtpd_tls_cert_file = $dir/mail_signed_cert.pem
smtpd_tls_key_file = $dir/mailkey.pem
smtpd_tls_CAfile = $dir/cacert.pem
smtpd_tls_ask_ccert = yes
relay_clientcerts = hash:$dir/relay_clientcerts
smtpd_recipient_restrictions = permit_mynetworks permit_tls_clientcerts reject_unauth_destination
EOF
say mfmap fingerprint -c "$dir" -o "hash:$dir/relay_clientcerts" client_cert.pem
"$bin/mfmap" fingerprint -c "$dir" -o "hash:$dir/relay_clientcerts" client_cert.pem
cat relay_clientcerts
say mfmap fingerprint -c "$dir" --check "hash:$dir/relay_clientcerts" client_cert.pem
"$bin/mfmap" fingerprint -c "$dir" --check "hash:$dir/relay_clientcerts" client_cert.pem
echo "every certificate is in the table"
say mfmap fingerprint -c "$dir" --passin file:client.pass client.p12
"$bin/mfmap" fingerprint -c "$dir" --passin file:client.pass client.p12
say openssl x509 -noout -fingerprint -md5 -in client_cert.pem
openssl x509 -noout -fingerprint -md5 -in client_cert.pem

# 5. The configuration, checked the way CI would.
say mfcc "$dir"
"$bin/mfcc" "$dir"
echo "mfcc accepts the configuration in $dir"
