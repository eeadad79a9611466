// Test-time PKI; see test_pki.hpp.
#include "tests/unit/certs/test_pki.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <stdexcept>

namespace mf::test {

namespace {

void require(bool condition, const char* what)
{
    if (!condition)
        throw std::runtime_error(std::string(what) + ": " + openssl::take_errors());
}

std::string bio_bytes(BIO* bio)
{
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void add_extension(X509* certificate, const X509* issuer, int nid, const char* value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, const_cast<X509*>(issuer), certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    require(extension != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

} // namespace

TemporaryDirectory::TemporaryDirectory()
{
    char pattern[] = "/tmp/mf-certs.XXXXXX";
    path = ::mkdtemp(pattern);
}

TemporaryDirectory::~TemporaryDirectory() { std::filesystem::remove_all(path); }

openssl::PkeyPtr make_ec_key()
{
    openssl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    require(key != nullptr, "EC keygen");
    return key;
}

openssl::PkeyPtr make_rsa_key(int bits)
{
    openssl::PkeyPtr key(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
    require(key != nullptr, "RSA keygen");
    return key;
}

openssl::X509Ptr make_certificate(const CertificateSpec& spec, EVP_PKEY& key, const X509* issuer,
                                  EVP_PKEY* issuer_key)
{
    static long serial = 1000;
    openssl::X509Ptr certificate(X509_new());
    require(certificate != nullptr, "X509_new");
    X509* cert = certificate.get();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), ++serial);
    X509_gmtime_adj(X509_getm_notBefore(cert), spec.valid_from_seconds);
    X509_gmtime_adj(X509_getm_notAfter(cert), spec.valid_until_seconds);
    X509_set_pubkey(cert, &key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("mf tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.common_name.c_str()),
                               -1, -1, 0);
    if (!spec.email.empty())
        X509_NAME_add_entry_by_txt(name, "emailAddress", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(spec.email.c_str()), -1,
                                   -1, 0);
    const X509* signer = issuer != nullptr ? issuer : cert;
    X509_set_issuer_name(cert, X509_get_subject_name(signer));
    add_extension(cert, signer, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
    add_extension(cert, signer, NID_subject_key_identifier, "hash");
    if (!spec.dns_names.empty()) {
        std::string alt;
        for (const std::string& dns : spec.dns_names)
            alt += (alt.empty() ? "DNS:" : ",DNS:") + dns;
        add_extension(cert, signer, NID_subject_alt_name, alt.c_str());
    }
    const EVP_MD* md = EVP_get_digestbyname(spec.digest.c_str());
    require(md != nullptr, "digest");
    require(X509_sign(cert, issuer_key != nullptr ? issuer_key : &key, md) > 0, "X509_sign");
    return certificate;
}

std::string pem_of(const X509& certificate)
{
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    require(PEM_write_bio_X509(bio.get(), &certificate) == 1, "PEM_write_bio_X509");
    return bio_bytes(bio.get());
}

std::string pem_of(const EVP_PKEY& key)
{
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    require(PEM_write_bio_PrivateKey(bio.get(), &key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
            "PEM_write_bio_PrivateKey");
    return bio_bytes(bio.get());
}

std::string encrypted_pem_of(const EVP_PKEY& key, const std::string& passphrase)
{
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    require(PEM_write_bio_PKCS8PrivateKey(bio.get(), &key, EVP_aes_256_cbc(), passphrase.data(),
                                          static_cast<int>(passphrase.size()), nullptr,
                                          nullptr) == 1,
            "PEM_write_bio_PKCS8PrivateKey");
    return bio_bytes(bio.get());
}

std::string der_bytes_of(const X509& certificate)
{
    return openssl::der_of_certificate(certificate);
}

std::string pkcs12_of(const EVP_PKEY& key, const X509& certificate, const std::string& passphrase,
                      const std::vector<const X509*>& authorities)
{
    openssl::X509StackPtr stack(sk_X509_new_null());
    for (const X509* authority : authorities)
        sk_X509_push(stack.get(), openssl::share(const_cast<X509*>(authority)).release());
    openssl::Pkcs12Ptr p12(PKCS12_create(passphrase.c_str(), "test", const_cast<EVP_PKEY*>(&key),
                                         const_cast<X509*>(&certificate), stack.get(), 0, 0, 0,
                                         0, 0));
    require(p12 != nullptr, "PKCS12_create");
    openssl::BioPtr bio(BIO_new(BIO_s_mem()));
    require(i2d_PKCS12_bio(bio.get(), p12.get()) == 1, "i2d_PKCS12_bio");
    return bio_bytes(bio.get());
}

void write_file(const std::string& path, const std::string& bytes, unsigned mode)
{
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    ::chmod(path.c_str(), mode);
}

} // namespace mf::test
