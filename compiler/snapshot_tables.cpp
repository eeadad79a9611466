// Table references for the snapshot: every `type:name` in an explicitly set list, table-list or
// restriction-list value (main.cf and -o), with the identity of the file the runtime will open
// (hash/btree: name.db, cdb: name.cdb, lmdb: name.lmdb; pattern and text tables: the file
// itself): size, mtime, inode and SHA-256, read under --sysroot. A missing file is recorded
// with a zero identity; the table checks say what to do about it.
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "compiler/snapshot.hpp"

namespace mf::compiler {

namespace {

constexpr std::array<std::string_view, 27> table_types = {
    "btree", "cdb",    "cidr",  "environ", "fail",     "hash",      "inline",   "internal",
    "ldap",  "lmdb",   "memcache", "mysql", "nis",     "pcre",      "pgsql",    "pipemap",
    "proxy", "randmap", "regexp", "socketmap", "sqlite", "static",  "tcp",      "texthash",
    "unionmap", "unix", "nisplus"};

std::string built_file(std::string_view type, std::string_view name)
{
    if (name.empty() || name.front() != '/')
        return {};
    if (type == "hash" || type == "btree")
        return std::string(name) + ".db";
    if (type == "cdb")
        return std::string(name) + ".cdb";
    if (type == "lmdb")
        return std::string(name) + ".lmdb";
    if (type == "inline" || type == "static" || type == "fail" || type == "environ" ||
        type == "internal" || type == "randmap" || type == "pipemap" || type == "unionmap" ||
        type == "socketmap" || type == "tcp" || type == "unix" || type == "nis")
        return {};
    return std::string(name); // regexp, pcre, cidr, texthash, ldap/mysql/pgsql/sqlite configs
}

void identify(SnapshotTable& table, const CheckOptions& options)
{
    if (table.file.empty())
        return;
    const std::string path = options.resolve(table.file);
    struct stat info {};
    if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    table.size = static_cast<std::uint64_t>(info.st_size);
    table.mtime = static_cast<std::int64_t>(info.st_mtime);
    table.inode = static_cast<std::uint64_t>(info.st_ino);
    table.digest = sha256(bytes.str());
}

void add_from(const std::string& parameter, const std::string& value, const CheckOptions& options,
              Snapshot& out)
{
    for (std::string_view item : split_list(value)) {
        const auto colon = item.find(':');
        if (colon == std::string_view::npos)
            continue;
        std::string_view type = item.substr(0, colon);
        std::string_view name = item.substr(colon + 1);
        if (std::find(table_types.begin(), table_types.end(), type) == table_types.end())
            continue;
        while (type == "proxy") { // proxy:hash:/x is hash:/x read through proxymap
            const auto inner = name.find(':');
            if (inner == std::string_view::npos)
                break;
            type = name.substr(0, inner);
            name = name.substr(inner + 1);
        }
        SnapshotTable table;
        table.parameter = parameter;
        table.type = type;
        table.name = name;
        table.file = built_file(type, name);
        identify(table, options);
        out.tables.push_back(std::move(table));
    }
}

bool names_tables(const CatalogEntry* entry)
{
    return entry && (entry->type == ParamType::table_list || entry->type == ParamType::list ||
                     entry->type == ParamType::restriction_list);
}

} // namespace

void add_table_identities(const Configuration& config, const CheckOptions& options, Snapshot& out)
{
    for (const Setting& setting : config.main_cf_settings())
        if (!setting.overridden && names_tables(config.catalog_entry(setting.name)))
            add_from(setting.name, config.expand(setting.name), options, out);
    for (const Service& service : config.services())
        for (const Setting& setting : service.overrides)
            if (names_tables(config.catalog_entry(setting.name)))
                add_from(service.key() + "/" + setting.name,
                         config.expand_text(setting.value, &service), options, out);
}

} // namespace mf::compiler
