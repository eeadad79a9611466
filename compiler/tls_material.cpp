// The snapshot's TLS entries and the runtime's decoding of them; see tls_material.hpp.
#include "compiler/tls_material.hpp"

#include <algorithm>

namespace mf::compiler {

namespace {

using Kind = SnapshotTlsMaterial::Kind;

std::string pem_of_chain(const std::vector<openssl::X509Ptr>& chain)
{
    std::string pem;
    for (const openssl::X509Ptr& certificate : chain)
        pem += openssl::pem_of_certificate(*certificate);
    return pem;
}

void add_role_entries(const TlsRoleMaterial& role, const std::string& service,
                      std::vector<SnapshotTlsMaterial>& entries)
{
    for (const TlsCredential& credential : role.credentials) {
        entries.push_back({Kind::certificate_chain, service, credential.origin,
                           credential.server_name, credential.certificate_file,
                           pem_of_chain(credential.chain)});
        entries.push_back({Kind::private_key, service, credential.origin, credential.server_name,
                           credential.key_file, openssl::pem_of_private_key(*credential.key)});
    }
    for (const TlsAuthorities& authorities : role.authorities)
        entries.push_back({Kind::ca_certificates, service, authorities.parameter, "",
                           authorities.path, pem_of_chain(authorities.certificates)});
}

// The role a parameter belongs to: smtpd_*, smtp_*, lmtp_* (tls_server_sni_maps is smtpd's).
TlsRoleMaterial* role_of(TlsMaterial& material, std::string_view parameter)
{
    if (parameter.rfind("smtpd_", 0) == 0 || parameter.rfind("tls_server_", 0) == 0)
        return &material.smtpd;
    if (parameter.rfind("smtp_", 0) == 0)
        return &material.smtp;
    if (parameter.rfind("lmtp_", 0) == 0)
        return &material.lmtp;
    return nullptr;
}

Result<std::vector<openssl::X509Ptr>> certificates_of(const SnapshotTlsMaterial& entry)
{
    std::vector<openssl::X509Ptr> certificates;
    for (openssl::PemObject& object : openssl::read_pem_objects(entry.bytes)) {
        if (object.kind != openssl::PemKind::certificate)
            return fail("snapshot TLS entry " + entry.parameter + " (" + entry.path +
                        "): holds something other than certificates");
        certificates.push_back(std::move(object.certificate));
    }
    if (certificates.empty())
        return fail("snapshot TLS entry " + entry.parameter + " (" + entry.path +
                    "): holds no certificate");
    return certificates;
}

} // namespace

std::vector<SnapshotTlsMaterial> snapshot_tls_entries(const TlsMaterial& material,
                                                      const std::string& service)
{
    std::vector<SnapshotTlsMaterial> entries;
    add_role_entries(material.smtpd, service, entries);
    add_role_entries(material.smtp, service, entries);
    add_role_entries(material.lmtp, service, entries);
    return entries;
}

Result<TlsMaterial> tls_material_from_snapshot(const std::vector<SnapshotTlsMaterial>& all,
                                               std::string_view service)
{
    bool has_own = std::any_of(all.begin(), all.end(), [&](const SnapshotTlsMaterial& entry) {
        return entry.service == service;
    });
    std::string_view scope = has_own ? service : std::string_view();
    std::vector<const SnapshotTlsMaterial*> entries;
    for (const SnapshotTlsMaterial& entry : all)
        if (entry.service == scope)
            entries.push_back(&entry);

    TlsMaterial material;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const SnapshotTlsMaterial& entry = *entries[i];
        TlsRoleMaterial* role = role_of(material, entry.parameter);
        if (role == nullptr)
            return fail("snapshot TLS entry for unknown parameter " + entry.parameter);
        switch (entry.kind) {
        case Kind::certificate_chain: {
            if (i + 1 >= entries.size() || entries[i + 1]->kind != Kind::private_key ||
                entries[i + 1]->parameter != entry.parameter ||
                entries[i + 1]->server_name != entry.server_name)
                return fail("snapshot TLS entry " + entry.parameter +
                            ": certificate chain without its private key");
            auto chain = certificates_of(entry);
            if (!chain)
                return tl::unexpected(chain.error());
            const SnapshotTlsMaterial& key_entry = *entries[++i];
            auto objects = openssl::read_pem_objects(key_entry.bytes);
            if (objects.size() != 1 || objects[0].kind != openssl::PemKind::private_key)
                return fail("snapshot TLS entry " + key_entry.parameter + " (" + key_entry.path +
                            "): not one unencrypted private key");
            if (!openssl::key_matches_certificate(*objects[0].private_key, *chain->front()))
                return fail("snapshot TLS entry " + key_entry.parameter +
                            ": the private key does not match its certificate");
            role->credentials.push_back({entry.parameter, entry.server_name, entry.path,
                                         key_entry.path, std::move(objects[0].private_key),
                                         std::move(*chain)});
            break;
        }
        case Kind::ca_certificates: {
            auto certificates = certificates_of(entry);
            if (!certificates)
                return tl::unexpected(certificates.error());
            role->authorities.push_back({entry.parameter, entry.path, std::move(*certificates)});
            break;
        }
        case Kind::private_key:
            return fail("snapshot TLS entry " + entry.parameter +
                        ": private key without a certificate chain before it");
        }
    }
    return material;
}

} // namespace mf::compiler
