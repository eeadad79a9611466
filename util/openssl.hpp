// OpenSSL objects owned through RAII, and loading of certificates and private keys from the
// encodings administrators keep them in: PEM (any number of blocks per file), DER, PKCS#12.
// Nothing here ever prompts for a passphrase: an encrypted private key is reported as such
// (a refusing password callback is installed), and PKCS#12 passphrases come from an explicit
// openssl-style source (file:PATH, env:VAR, pass:TEXT). Nothing mail-specific lives here.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mf::openssl {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* object) const { Free(object); }
};

using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12, PKCS12_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using X509StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;

inline void free_x509_stack(STACK_OF(X509) * stack) { sk_X509_pop_free(stack, X509_free); }
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), free_x509_stack>>;

// Makes OpenSSL use its built-in providers and never read openssl.cnf, whose providers and
// engines it would dlopen: mfcc calls this first, since its C library is static (see the
// Makefile) and a static glibc cannot safely load a shared library. What mfcc asks of OpenSSL
// (reading certificates and keys, digests) needs nothing but the built-in default provider.
void ignore_system_configuration();

// Drains OpenSSL's error queue of this thread into one line ("" when it was empty).
std::string take_errors();

// A read-only memory BIO over `bytes` (which must outlive it).
BioPtr memory_bio(std::string_view bytes);

// An owning copy of a certificate (reference count bump).
X509Ptr share(X509* certificate);
PkeyPtr share(EVP_PKEY* key);

// --- passphrases -------------------------------------------------------------------------

// Resolves an openssl-style passphrase source: "pass:TEXT", "env:VAR", "file:PATH" (first
// line, without its newline).
Result<std::string> resolve_passphrase(std::string_view spec);

// --- PEM ---------------------------------------------------------------------------------

enum class PemKind {
    certificate,           // CERTIFICATE, X509 CERTIFICATE, TRUSTED CERTIFICATE
    private_key,           // an unencrypted private key, decoded
    encrypted_private_key, // needs a passphrase (PKCS#8 ENCRYPTED or legacy Proc-Type)
    malformed,             // a block whose content does not decode
    other,                 // anything else (CRL, DH PARAMETERS, PUBLIC KEY...)
};

// One PEM block, in file order, with the 1-based line of its BEGIN line.
struct PemObject {
    PemKind kind = PemKind::other;
    std::string label; // the text between "-----BEGIN " and "-----"
    std::size_t line = 0;
    X509Ptr certificate;  // set for PemKind::certificate
    PkeyPtr private_key;  // set for PemKind::private_key
    std::string problem;  // for PemKind::malformed: what OpenSSL said
};

// Every PEM block of `text`, in order. Text outside blocks is ignored, as OpenSSL does; an
// empty result means the text holds no PEM at all.
std::vector<PemObject> read_pem_objects(std::string_view text);

// True if `bytes` look like PEM (hold a BEGIN line).
bool looks_like_pem(std::string_view bytes);

// --- certificates in any encoding --------------------------------------------------------

enum class CertificateEncoding { pem, der, pkcs12 };

struct CertificateBundle {
    CertificateEncoding encoding = CertificateEncoding::pem;
    std::vector<X509Ptr> certificates; // leaf first for PKCS#12, file order for PEM
};

// Certificates from the content of one file: PEM with one or many certificates (other blocks
// are ignored), a DER certificate, or a PKCS#12 bundle (its own certificate first, then the
// CA certificates it carries). `passphrase` is used only for PKCS#12; an unencrypted or
// empty-password bundle needs none. `name` goes into messages. A file that holds no
// certificate is an error.
Result<CertificateBundle> read_certificates(std::string_view bytes, std::string_view name,
                                            const std::optional<std::string>& passphrase);

// --- inspecting ----------------------------------------------------------------------------

// DER encodings.
std::string der_of_certificate(const X509& certificate);
std::string der_of_public_key(const X509& certificate); // SubjectPublicKeyInfo
std::string der_of_public_key(const EVP_PKEY& key);     // SubjectPublicKeyInfo of its public half
// PEM encodings ("" on failure).
std::string pem_of_certificate(const X509& certificate);
std::string pem_of_private_key(const EVP_PKEY& key); // PKCS#8, unencrypted

// Digest `name` ("md5", "sha256"...) of `bytes`.
Result<std::string> digest(std::string_view name, std::string_view bytes);

// True when `key` is the private half of the certificate's public key.
bool key_matches_certificate(const EVP_PKEY& key, const X509& certificate);

// Subject and issuer as one line (RFC 2253 order, e.g. "CN=mail.example.com,O=Example").
std::string subject_line(const X509& certificate);
std::string issuer_line(const X509& certificate);
// The first commonName of the subject, if any.
std::optional<std::string> subject_common_name(const X509& certificate);
// Email addresses: subject emailAddress first, then rfc822Name subjectAltNames.
std::vector<std::string> email_addresses(const X509& certificate);
// DNS names of the subjectAltName extension.
std::vector<std::string> dns_names(const X509& certificate);

// Validity in seconds since the epoch.
std::int64_t not_before(const X509& certificate);
std::int64_t not_after(const X509& certificate);

bool is_self_issued(const X509& certificate);
bool is_ca(const X509& certificate);
// True when `issuer` issued `subject` (names match and the signature verifies).
bool issued_by(const X509& subject, const X509& issuer);

// "RSA", "EC", "ED25519"... and the key size in bits.
std::string key_type_name(const EVP_PKEY& key);
int key_bits(const EVP_PKEY& key);
// The signature algorithm's digest ("sha256", "sha1"; "" when the algorithm has none).
std::string signature_digest_name(const X509& certificate);

} // namespace mf::openssl
