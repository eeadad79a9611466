// TLS material as the compiled snapshot carries it: for each role (smtpd server, smtp and lmtp
// clients) the private keys with their certificate chains (tls_server_sni_maps' ones tagged with
// their server name), and the CA certificates; for main.cf and for each master.cf service whose
// -o overrides give it other material. Every file is read once through TlsFileCache, and the
// checks and the snapshot see the same bytes: the runtime never opens the files again, so it
// can never pair a new certificate with an old key during a rotation. In the snapshot's TLS
// section each credential is a certificate_chain entry directly followed by its private_key
// entry (same service, parameter and server name); the section holds private keys, so the
// snapshot is written mode 0600.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/snapshot.hpp"
#include "util/openssl.hpp"
#include "util/result.hpp"

namespace mf::compiler {

// A private key and the certificate chain presented with it (leaf first).
struct TlsCredential {
    std::string origin;           // the parameter that named it, e.g. "smtpd_tls_cert_file"
    std::string server_name;      // tls_server_sni_maps: the SNI name (table key); else ""
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

// The snapshot's TLS entries for `material` (PEM of what was read and validated), tagged with
// `service` ("name/type" of a master.cf service, "" for main.cf).
std::vector<SnapshotTlsMaterial> snapshot_tls_entries(const TlsMaterial& material,
                                                      const std::string& service = {});

// The runtime's side: the material `service` uses (its own entries when it has any, else
// main.cf's), refusing entries that do not decode, a key that does not follow its chain, or a
// parameter of no known role.
Result<TlsMaterial> tls_material_from_snapshot(const std::vector<SnapshotTlsMaterial>& entries,
                                               std::string_view service = {});

} // namespace mf::compiler
