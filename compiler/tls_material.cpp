// Reading TLS files once, and the snapshot's TLS entries; see tls_material.hpp.
#include "compiler/tls_material.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "util/unique_fd.hpp"

namespace mf::compiler {

namespace {

// A guard against naming a device or a huge file by mistake; real PEM bundles are far smaller.
constexpr std::size_t file_size_limit = 16 * 1024 * 1024;

void read_into(TlsFile& file)
{
    UniqueFd fd(::open(file.resolved_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd) {
        file.error_number = errno;
        if (::stat(file.resolved_path.c_str(), &file.status) == 0 && S_ISDIR(file.status.st_mode))
            file.is_directory = true;
        return;
    }
    if (::fstat(fd.get(), &file.status) != 0) {
        file.error_number = errno;
        return;
    }
    if (S_ISDIR(file.status.st_mode)) {
        file.is_directory = true;
        return;
    }
    if (!S_ISREG(file.status.st_mode)) {
        file.error_number = EINVAL;
        return;
    }
    char buffer[65536];
    for (;;) {
        ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            file.error_number = errno;
            return;
        }
        if (got == 0)
            break;
        file.bytes.append(buffer, static_cast<std::size_t>(got));
        if (file.bytes.size() > file_size_limit) {
            file.error_number = EFBIG;
            file.bytes.clear();
            return;
        }
    }
    file.objects = openssl::read_pem_objects(file.bytes);
}

using Kind = SnapshotTlsMaterial::Kind;

std::string pem_of_chain(const std::vector<openssl::X509Ptr>& chain)
{
    std::string pem;
    for (const openssl::X509Ptr& certificate : chain)
        pem += openssl::pem_of_certificate(*certificate);
    return pem;
}

void add_role_entries(const TlsRoleMaterial& role, std::vector<SnapshotTlsMaterial>& entries)
{
    for (const TlsCredential& credential : role.credentials) {
        entries.push_back({Kind::certificate_chain, credential.origin, credential.certificate_file,
                           pem_of_chain(credential.chain)});
        entries.push_back({Kind::private_key, credential.origin, credential.key_file,
                           openssl::pem_of_private_key(*credential.key)});
    }
    for (const TlsAuthorities& authorities : role.authorities)
        entries.push_back({Kind::ca_certificates, authorities.parameter, authorities.path,
                           pem_of_chain(authorities.certificates)});
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

TlsFileCache::TlsFileCache(std::function<std::string(const std::string&)> resolve)
    : resolve_(std::move(resolve))
{
}

std::string TlsFileCache::resolve(const std::string& path) const
{
    return resolve_ ? resolve_(path) : path;
}

const TlsFile& TlsFileCache::get(const std::string& path)
{
    auto found = files_.find(path);
    if (found != files_.end())
        return *found->second;
    auto file = std::make_unique<TlsFile>();
    file->path = path;
    file->resolved_path = resolve(path);
    read_into(*file);
    return *files_.emplace(path, std::move(file)).first->second;
}

std::vector<const TlsFile*> TlsFileCache::directory(const std::string& path)
{
    std::vector<std::string> names;
    std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(resolve(path).c_str()), ::closedir);
    while (handle) {
        const dirent* entry = ::readdir(handle.get());
        if (entry == nullptr)
            break;
        if (entry->d_name[0] != '.')
            names.emplace_back(entry->d_name);
    }
    std::sort(names.begin(), names.end());
    std::vector<const TlsFile*> files;
    for (const std::string& name : names) {
        const TlsFile& file = get(path + "/" + name);
        if (!file.is_directory && file.error_number == 0)
            files.push_back(&file);
    }
    return files;
}

std::vector<SnapshotTlsMaterial> snapshot_tls_entries(const TlsMaterial& material)
{
    std::vector<SnapshotTlsMaterial> entries;
    add_role_entries(material.smtpd, entries);
    add_role_entries(material.smtp, entries);
    add_role_entries(material.lmtp, entries);
    return entries;
}

Result<TlsMaterial> tls_material_from_snapshot(const std::vector<SnapshotTlsMaterial>& entries)
{
    TlsMaterial material;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const SnapshotTlsMaterial& entry = entries[i];
        TlsRoleMaterial* role = role_of(material, entry.parameter);
        if (role == nullptr)
            return fail("snapshot TLS entry for unknown parameter " + entry.parameter);
        switch (entry.kind) {
        case Kind::certificate_chain: {
            if (i + 1 >= entries.size() || entries[i + 1].kind != Kind::private_key ||
                entries[i + 1].parameter != entry.parameter)
                return fail("snapshot TLS entry " + entry.parameter +
                            ": certificate chain without its private key");
            auto chain = certificates_of(entry);
            if (!chain)
                return tl::unexpected(chain.error());
            const SnapshotTlsMaterial& key_entry = entries[++i];
            auto objects = openssl::read_pem_objects(key_entry.bytes);
            if (objects.size() != 1 || objects[0].kind != openssl::PemKind::private_key)
                return fail("snapshot TLS entry " + key_entry.parameter + " (" + key_entry.path +
                            "): not one unencrypted private key");
            if (!openssl::key_matches_certificate(*objects[0].private_key, *chain->front()))
                return fail("snapshot TLS entry " + key_entry.parameter +
                            ": the private key does not match its certificate");
            role->credentials.push_back({entry.parameter, entry.path, key_entry.path,
                                         std::move(objects[0].private_key), std::move(*chain)});
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
