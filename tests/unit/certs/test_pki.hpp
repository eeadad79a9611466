// A tiny test-time PKI built with OpenSSL's C API: keys, CA and leaf certificates with chosen
// names, validity and signature digest, written as PEM into a private temporary directory.
// Nothing here is committed: every key is generated when the test runs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "util/openssl.hpp"

namespace mf::test {

struct TemporaryDirectory {
    std::filesystem::path path;
    TemporaryDirectory();
    ~TemporaryDirectory();
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    std::string file(const std::string& name) const { return (path / name).string(); }
};

openssl::PkeyPtr make_ec_key();
openssl::PkeyPtr make_rsa_key(int bits);

struct CertificateSpec {
    std::string common_name = "test";
    std::string email;                  // subject emailAddress when not empty
    std::vector<std::string> dns_names; // subjectAltName DNS entries
    long valid_from_seconds = -3600;    // relative to now
    long valid_until_seconds = 365L * 86400;
    bool ca = false;
    std::string digest = "sha256";
};

// Signs with `issuer_key` as `issuer` (both null: self-signed with `key`).
openssl::X509Ptr make_certificate(const CertificateSpec& spec, EVP_PKEY& key,
                                  const X509* issuer = nullptr, EVP_PKEY* issuer_key = nullptr);

std::string pem_of(const X509& certificate);
std::string pem_of(const EVP_PKEY& key);
std::string encrypted_pem_of(const EVP_PKEY& key, const std::string& passphrase);
std::string der_bytes_of(const X509& certificate);
std::string pkcs12_of(const EVP_PKEY& key, const X509& certificate, const std::string& passphrase,
                      const std::vector<const X509*>& authorities = {});

void write_file(const std::string& path, const std::string& bytes, unsigned mode = 0600);

} // namespace mf::test
