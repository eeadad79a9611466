// TLS material as the compiled snapshot carries it: for each role (smtpd server, smtp and lmtp
// clients) the private keys with their certificate chains, and the CA certificates. Every
// file is read once through TlsFileCache, and the checks and the snapshot see the same bytes:
// the runtime never opens the files again, so it can never pair a new certificate with an old
// key during a rotation. encode/decode give the snapshot's TLS section (DER inside a
// length-prefixed layout); it holds private keys, so whoever writes it writes mode 0600.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/openssl.hpp"
#include "util/result.hpp"

namespace mf::compiler {

// One file named by the configuration, read once.
struct TlsFile {
    std::string path;          // as configured
    std::string resolved_path; // where it was read (after --sysroot)
    int error_number = 0;      // errno of stat/open/read; 0 when read
    struct stat status {};
    bool is_directory = false;
    std::string bytes;
    std::vector<openssl::PemObject> objects; // PEM blocks, in order

    bool readable() const { return error_number == 0 && !is_directory; }
};

// Reads each path once. `resolve` maps a configured path to the one to open (identity unless
// mfcc runs with --sysroot).
class TlsFileCache {
public:
    explicit TlsFileCache(std::function<std::string(const std::string&)> resolve = {});
    const TlsFile& get(const std::string& path);
    // Regular files of a directory (CApath), sorted, each read through the cache.
    std::vector<const TlsFile*> directory(const std::string& path);
    std::string resolve(const std::string& path) const;

private:
    std::function<std::string(const std::string&)> resolve_;
    std::map<std::string, std::unique_ptr<TlsFile>> files_;
};

// A private key and the certificate chain presented with it (leaf first).
struct TlsCredential {
    std::string origin; // the parameters it came from, e.g. "smtpd_tls_cert_file"
    openssl::PkeyPtr key;
    std::vector<openssl::X509Ptr> chain;
};

struct TlsRoleMaterial {
    std::vector<TlsCredential> credentials;
    std::vector<openssl::X509Ptr> authorities; // *_CAfile then *_CApath certificates
};

struct TlsMaterial {
    TlsRoleMaterial smtpd;
    TlsRoleMaterial smtp;
    TlsRoleMaterial lmtp;

    bool empty() const;
    bool holds_private_keys() const;
};

// The snapshot section: bytes that decode_tls_material() turns back into the same material.
std::string encode_tls_material(const TlsMaterial& material);
// Refuses truncated or corrupt input with a reason.
Result<TlsMaterial> decode_tls_material(std::string_view bytes);

} // namespace mf::compiler
