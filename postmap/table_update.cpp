// See table_update.hpp.
#include "postmap/table_update.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "postmap/registry.hpp"
#include "util/atomic_file.hpp"
#include "util/file_copy.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

Result<bool> update_table(const std::string& table_text, const std::string& default_type,
                          const DictOptions& options,
                          const std::function<Result<bool>(Dict& dict)>& edit,
                          const std::function<Result<void>(Dict& raw)>& raw_edit)
{
    TableRef table = parse_table_ref(table_text, default_type);
    const TableType* type = find_table_type(table.type);
    if (type == nullptr)
        return fail("unsupported dictionary type: " + table.type);
    // Tables read from text (regexp, cidr, texthash, ...) refuse writing when opened, in
    // their own words; cdb, which mfmap builds but cannot update, as its dict module does.
    if (!type->updatable && !type->buildable)
        return fail(table.spec() + " map requires O_RDONLY access mode");
    if (!type->updatable)
        return fail("inappropriate open flags for " + table.type + " database");
    std::string file = table_file(table);
    UniqueFd current(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!current)
        return fail("open database " + file + ": " + std::strerror(errno));
    while (::flock(current.get(), LOCK_EX) != 0)
        if (errno != EINTR)
            return fail("lock " + file + ": " + std::strerror(errno));
    struct stat info;
    if (::fstat(current.get(), &info) != 0)
        return fail("stat " + file + ": " + std::strerror(errno));
    auto copy = AtomicFile::create(file, info.st_mode & 07777);
    if (!copy)
        return tl::unexpected(copy.error());
    if (::geteuid() == 0)
        (void)!::fchown(copy->fd(), info.st_uid, info.st_gid);
    if (auto copied = copy_file_contents(current.get(), copy->fd(), info.st_size, file); !copied)
        return tl::unexpected(copied.error());
    bool changed = false;
    {
        auto dict = open_table(table, options, true, copy->temporary_path());
        if (!dict)
            return tl::unexpected(dict.error());
        auto edited = edit(**dict);
        if (!edited)
            return tl::unexpected(edited.error());
        changed = *edited;
        if (changed)
            if (auto committed = (*dict)->commit(); !committed)
                return tl::unexpected(committed.error());
    }
    if (changed && raw_edit) {
        DictOptions raw = options;
        raw.fold_case = false;
        raw.utf8_fold = false;
        raw.nul = NulMode::without_nul;
        auto dict = open_table(table, raw, true, copy->temporary_path());
        if (!dict)
            return tl::unexpected(dict.error());
        if (auto edited = raw_edit(**dict); !edited)
            return tl::unexpected(edited.error());
        if (auto committed = (*dict)->commit(); !committed)
            return tl::unexpected(committed.error());
    }
    if (!changed)
        return false;
    if (auto committed = copy->commit(); !committed)
        return tl::unexpected(committed.error());
    return true;
}

} // namespace mf::maps
