// See registry.hpp. One table lists every type; opening dispatches on its name.
#include "postmap/registry.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <array>
#include <cerrno>

#include "postmap/cdb_writer.hpp"
#include "postmap/dict_cdb.hpp"
#include "postmap/dict_cidr.hpp"
#include "postmap/dict_db.hpp"
#include "postmap/dict_lmdb.hpp"
#include "postmap/dict_pattern.hpp"
#include "postmap/dict_text.hpp"
#include "postmap/locked_dict.hpp"
#include "postmap/utf8_checked_dict.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

constexpr std::array<TableType, 10> table_types{{
    {"hash", ".db", true, true, true, true},
    {"btree", ".db", true, true, true, true},
    {"cdb", ".cdb", true, false, true, false},
    {"lmdb", ".lmdb", true, true, true, true},
    {"texthash", "", false, false, true, false},
    {"inline", "", false, false, true, false},
    {"static", "", false, false, true, false},
    {"regexp", "", false, false, false, false},
    {"pcre", "", false, false, false, false},
    {"cidr", "", false, false, false, false},
}};

} // namespace

TableRef parse_table_ref(std::string_view text, std::string_view default_type)
{
    // A colon inside a path ("./a:b") is not a type separator when what precedes it cannot be
    // a type name.
    auto colon = text.find(':');
    if (colon != std::string_view::npos && colon > 0) {
        std::string_view type = text.substr(0, colon);
        bool word = true;
        for (char c : type)
            word = word && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '_');
        if (word)
            return {std::string(type), std::string(text.substr(colon + 1))};
    }
    return {std::string(default_type), std::string(text)};
}

const TableType* find_table_type(std::string_view type)
{
    for (const TableType& known : table_types)
        if (known.name == type)
            return &known;
    return nullptr;
}

std::string table_file(const TableRef& table)
{
    const TableType* type = find_table_type(table.type);
    return table.name + std::string(type ? type->suffix : "");
}

Result<std::unique_ptr<Dict>> open_table(const TableRef& table, const DictOptions& options,
                                         bool writable, const std::string& file_override)
{
    const TableType* type = find_table_type(table.type);
    if (type == nullptr)
        return fail("unsupported dictionary type: " + table.type);
    if (writable && !type->updatable)
        return fail("inappropriate open flags for " + table.type + " database");
    std::string file = file_override.empty() ? table_file(table) : file_override;
    if (options.require_utf8 && !writable) {
        DictOptions unchecked = options;
        unchecked.require_utf8 = false;
        auto dict = open_table(table, unchecked, false, file_override);
        if (!dict)
            return dict;
        return std::unique_ptr<Dict>(
            std::make_unique<Utf8CheckedDict>(std::move(*dict), options.on_lookup_warning));
    }
    if (options.hold_lock && !writable && !type->suffix.empty()) {
        // Locked before the backend opens the file, as Postfix locks around its open too. A
        // file that cannot be opened is left to the backend to report.
        UniqueFd lock_fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
        if (lock_fd) {
            while (::flock(lock_fd.get(), LOCK_SH) != 0 && errno == EINTR) {
            }
            DictOptions unlocked = options;
            unlocked.hold_lock = false;
            unlocked.lock_per_lookup = false;
            auto dict = open_table(table, unlocked, false, file_override);
            if (!dict)
                return dict;
            return std::unique_ptr<Dict>(
                std::make_unique<LockedDict>(std::move(lock_fd), std::move(*dict)));
        }
    }
    DictOptions effective = options;
    if (!type->fixed_keys)
        effective.fold_case = false;
    if (table.type == "hash")
        return open_db_dict(DbKind::hash, table.spec(), file, effective, writable);
    if (table.type == "btree")
        return open_db_dict(DbKind::btree, table.spec(), file, effective, writable);
    if (table.type == "cdb")
        return open_cdb_dict(table.spec(), file, effective);
    if (table.type == "lmdb")
        return open_lmdb_dict(table.spec(), file, effective, writable);
    if (table.type == "texthash")
        return open_texthash_dict(table.spec(), table.name, effective);
    if (table.type == "inline")
        return open_inline_dict(table.spec(), table.name, effective);
    if (table.type == "static")
        return open_static_dict(table.spec(), table.name);
    if (table.type == "regexp")
        return open_regexp_dict(table.spec(), table.name, options.on_warning);
    if (table.type == "pcre")
        return open_pcre_dict(table.spec(), table.name, options.on_warning);
    return open_cidr_dict(table.spec(), table.name, options.on_warning);
}

Result<std::unique_ptr<TableWriter>> make_table_writer(const TableRef& table,
                                                       const std::string& path, bool nul)
{
    if (table.type == "hash")
        return make_db_writer(DbKind::hash, path, nul);
    if (table.type == "btree")
        return make_db_writer(DbKind::btree, path, nul);
    if (table.type == "cdb")
        return make_cdb_writer(path, nul);
    if (table.type == "lmdb")
        return make_lmdb_writer(path, nul);
    if (find_table_type(table.type) == nullptr)
        return fail("unsupported dictionary type: " + table.type);
    return fail("unsupported dictionary type: " + table.type +
                    " does not support bulk-mode creation.");
}

} // namespace mf::maps
