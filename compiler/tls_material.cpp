// Reading TLS files once, and the snapshot's TLS section; see tls_material.hpp.
// Section layout (integers are 32-bit little-endian, a blob is a length then its bytes):
//   "MFTLS1\n", then for smtpd, smtp, lmtp in that order:
//     credential count, per credential: origin blob, PKCS#8 DER key blob, chain count,
//     DER certificate blobs; then authority count and DER certificate blobs.
#include "compiler/tls_material.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "util/unique_fd.hpp"

namespace mf::compiler {

namespace {

constexpr std::string_view magic = "MFTLS1\n";
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

void put_u32(std::string& out, std::size_t value)
{
    auto v = static_cast<std::uint32_t>(value);
    for (int i = 0; i < 4; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put_blob(std::string& out, std::string_view blob)
{
    put_u32(out, blob.size());
    out.append(blob);
}

class SectionReader {
public:
    explicit SectionReader(std::string_view bytes) : bytes_(bytes) {}

    Result<std::uint32_t> u32()
    {
        if (bytes_.size() - offset_ < 4)
            return fail("TLS section truncated");
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i)
            value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes_[offset_ + i]))
                     << (8 * i);
        offset_ += 4;
        return value;
    }

    Result<std::string_view> blob()
    {
        auto size = u32();
        if (!size)
            return tl::unexpected(size.error());
        if (bytes_.size() - offset_ < *size)
            return fail("TLS section truncated");
        std::string_view view = bytes_.substr(offset_, *size);
        offset_ += *size;
        return view;
    }

    bool at_end() const { return offset_ == bytes_.size(); }
    void skip(std::size_t count) { offset_ += count; }

private:
    std::string_view bytes_;
    std::size_t offset_ = 0;
};

Result<openssl::X509Ptr> certificate_from(std::string_view der)
{
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    openssl::X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
    if (!certificate)
        return fail("TLS section holds a corrupt certificate: " + openssl::take_errors());
    return certificate;
}

Result<void> decode_role(SectionReader& reader, TlsRoleMaterial& role)
{
    auto credentials = reader.u32();
    if (!credentials)
        return tl::unexpected(credentials.error());
    for (std::uint32_t i = 0; i < *credentials; ++i) {
        TlsCredential credential;
        auto origin = reader.blob();
        auto key_der = origin ? reader.blob() : origin;
        if (!key_der)
            return tl::unexpected(key_der.error());
        credential.origin = std::string(*origin);
        const auto* cursor = reinterpret_cast<const unsigned char*>(key_der->data());
        credential.key.reset(d2i_AutoPrivateKey(nullptr, &cursor, static_cast<long>(key_der->size())));
        if (!credential.key)
            return fail("TLS section holds a corrupt private key: " + openssl::take_errors());
        auto chain = reader.u32();
        if (!chain)
            return tl::unexpected(chain.error());
        for (std::uint32_t j = 0; j < *chain; ++j) {
            auto der = reader.blob();
            if (!der)
                return tl::unexpected(der.error());
            auto certificate = certificate_from(*der);
            if (!certificate)
                return tl::unexpected(certificate.error());
            credential.chain.push_back(std::move(*certificate));
        }
        role.credentials.push_back(std::move(credential));
    }
    auto authorities = reader.u32();
    if (!authorities)
        return tl::unexpected(authorities.error());
    for (std::uint32_t i = 0; i < *authorities; ++i) {
        auto der = reader.blob();
        if (!der)
            return tl::unexpected(der.error());
        auto certificate = certificate_from(*der);
        if (!certificate)
            return tl::unexpected(certificate.error());
        role.authorities.push_back(std::move(*certificate));
    }
    return {};
}

void encode_role(std::string& out, const TlsRoleMaterial& role)
{
    put_u32(out, role.credentials.size());
    for (const TlsCredential& credential : role.credentials) {
        put_blob(out, credential.origin);
        put_blob(out, openssl::der_of_private_key(*credential.key));
        put_u32(out, credential.chain.size());
        for (const openssl::X509Ptr& certificate : credential.chain)
            put_blob(out, openssl::der_of_certificate(*certificate));
    }
    put_u32(out, role.authorities.size());
    for (const openssl::X509Ptr& certificate : role.authorities)
        put_blob(out, openssl::der_of_certificate(*certificate));
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

bool TlsMaterial::empty() const
{
    for (const TlsRoleMaterial* role : {&smtpd, &smtp, &lmtp})
        if (!role->credentials.empty() || !role->authorities.empty())
            return false;
    return true;
}

bool TlsMaterial::holds_private_keys() const
{
    return !smtpd.credentials.empty() || !smtp.credentials.empty() || !lmtp.credentials.empty();
}

std::string encode_tls_material(const TlsMaterial& material)
{
    std::string out(magic);
    encode_role(out, material.smtpd);
    encode_role(out, material.smtp);
    encode_role(out, material.lmtp);
    return out;
}

Result<TlsMaterial> decode_tls_material(std::string_view bytes)
{
    if (bytes.substr(0, magic.size()) != magic)
        return fail("TLS section: unknown format (bad magic)");
    SectionReader reader(bytes);
    reader.skip(magic.size());
    TlsMaterial material;
    for (TlsRoleMaterial* role : {&material.smtpd, &material.smtp, &material.lmtp}) {
        auto decoded = decode_role(reader, *role);
        if (!decoded)
            return tl::unexpected(decoded.error());
    }
    if (!reader.at_end())
        return fail("TLS section: trailing bytes after the material");
    return material;
}

} // namespace mf::compiler
