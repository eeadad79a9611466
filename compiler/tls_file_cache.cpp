// Reading TLS files and built SNI tables once per compile; see tls_file_cache.hpp.
#include "compiler/tls_file_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "postmap/base64.hpp"
#include "postmap/registry.hpp"
#include "util/directory_names.hpp"
#include "util/read_to_end.hpp"
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
    file.error_number = read_to_end(fd.get(), file.bytes, file_size_limit);
    if (file.error_number != 0) {
        file.bytes.clear();
        return;
    }
    file.objects = openssl::read_pem_objects(file.bytes);
}

void read_table_into(TlsSniTable& table, const std::string& type, const std::string& resolved_name)
{
    if (::stat(table.resolved_file.c_str(), &table.status) != 0) {
        table.error_number = errno;
        table.problem = table.file + ": " + std::strerror(errno);
        return;
    }
    maps::DictOptions options;
    options.fold_case = false; // keys as stored: postmap folded them when it built the table
    auto dict = maps::open_table(maps::TableRef{type, resolved_name}, options);
    if (!dict) {
        table.problem = dict.error().message;
        return;
    }
    auto listed = (*dict)->sequence([&](std::string_view key, std::string_view value) {
        TlsSniEntry entry;
        entry.server_name = std::string(key);
        entry.value.path = table.spec + "[" + entry.server_name + "]";
        entry.value.table = table.spec;
        entry.value.resolved_path = table.resolved_file;
        entry.value.status = table.status;
        if (auto bytes = maps::base64_decode(value)) {
            entry.decoded = true;
            entry.value.bytes = std::move(*bytes);
            entry.value.objects = openssl::read_pem_objects(entry.value.bytes);
        } else {
            entry.value.bytes = std::string(value);
        }
        table.entries.push_back(std::move(entry));
        return true;
    });
    if (!listed)
        table.problem = listed.error().message;
}

} // namespace

TlsFileCache::TlsFileCache(Resolver resolve) : resolve_(std::move(resolve)) {}

std::string TlsFileCache::resolve(const std::string& path) const
{
    return resolve_ ? resolve_(path) : path;
}

const TlsFile& TlsFileCache::get(const std::string& path)
{
    std::lock_guard lock(mutex_);
    auto found = files_.find(path);
    if (found != files_.end())
        return *found->second;
    auto file = std::make_unique<TlsFile>();
    file->path = path;
    file->resolved_path = resolve(path);
    read_into(*file);
    ++opens_;
    return *files_.emplace(path, std::move(file)).first->second;
}

std::vector<const TlsFile*> TlsFileCache::directory(const std::string& path)
{
    std::vector<const TlsFile*> files;
    for (const std::string& name :
         directory_names(resolve(path)).value_or(std::vector<std::string>{})) {
        if (name.front() == '.')
            continue;
        const TlsFile& file = get(path + "/" + name);
        if (!file.is_directory && file.error_number == 0)
            files.push_back(&file);
    }
    return files;
}

const TlsSniTable& TlsFileCache::table(const std::string& type, const std::string& name)
{
    std::lock_guard lock(mutex_);
    std::string spec = type + ":" + name;
    auto found = tables_.find(spec);
    if (found != tables_.end())
        return *found->second;
    auto table = std::make_unique<TlsSniTable>();
    table->spec = spec;
    const maps::TableType* kind = maps::find_table_type(type);
    std::string suffix = kind != nullptr ? std::string(kind->suffix) : std::string();
    table->file = name + suffix;
    table->resolved_file = resolve(name) + suffix;
    if (kind == nullptr || suffix.empty())
        table->problem = spec + ": not an indexed table type";
    else
        read_table_into(*table, type, resolve(name));
    ++opens_;
    return *tables_.emplace(spec, std::move(table)).first->second;
}

std::size_t TlsFileCache::opens() const
{
    std::lock_guard lock(mutex_);
    return opens_;
}

void share_tls_files(CheckOptions& options)
{
    CheckOptions resolver; // only the sysroot: a copy holding the cache would own itself
    resolver.sysroot = options.sysroot;
    options.tls_files = std::make_shared<TlsFileCache>(
        [resolver](const std::string& path) { return resolver.resolve(path); });
}

} // namespace mf::compiler
