// TLS material as the compiled snapshot carries it: for each role (smtpd server, smtp and lmtp
// clients) the private keys with their certificate chains, and the CA certificates. Every
// file is read once through TlsFileCache, and the checks and the snapshot see the same bytes:
// the runtime never opens the files again, so it can never pair a new certificate with an old
// key during a rotation. In the snapshot's TLS section each credential is a certificate_chain
// entry directly followed by its private_key entry (same parameter); the section holds private
// keys, so the snapshot is written mode 0600.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/snapshot.hpp"
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
};

// Reads each path once. `resolve` maps a configured path to the one to open (identity unless
// mfcc runs with --sysroot).
class TlsFileCache {
public:
    explicit TlsFileCache(std::function<std::string(const std::string&)> resolve = {});
    const TlsFile& get(const std::string& path);
    // Readable files of a directory (CApath), sorted, each read through the cache.
    std::vector<const TlsFile*> directory(const std::string& path);

private:
    std::string resolve(const std::string& path) const;

    std::function<std::string(const std::string&)> resolve_;
    std::map<std::string, std::unique_ptr<TlsFile>> files_;
};

// A private key and the certificate chain presented with it (leaf first).
struct TlsCredential {
    std::string origin;           // the parameter that named it, e.g. "smtpd_tls_cert_file"
    std::string certificate_file; // where the leaf was read
    std::string key_file;         // where the key was read
    openssl::PkeyPtr key;
    std::vector<openssl::X509Ptr> chain;
};

// The CA certificates one parameter (*_tls_CAfile or *_tls_CApath) provides.
struct TlsAuthorities {
    std::string parameter;
    std::string path;
    std::vector<openssl::X509Ptr> certificates;
};

struct TlsRoleMaterial {
    std::vector<TlsCredential> credentials;
    std::vector<TlsAuthorities> authorities;
};

struct TlsMaterial {
    TlsRoleMaterial smtpd;
    TlsRoleMaterial smtp;
    TlsRoleMaterial lmtp;
};

// The snapshot's TLS entries for `material` (PEM of what was read and validated).
std::vector<SnapshotTlsMaterial> snapshot_tls_entries(const TlsMaterial& material);

// The runtime's side: decodes a snapshot's TLS entries, refusing any that do not decode, a key
// that does not follow its chain, or a parameter of no known role.
Result<TlsMaterial> tls_material_from_snapshot(const std::vector<SnapshotTlsMaterial>& entries);

} // namespace mf::compiler
