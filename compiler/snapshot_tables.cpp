// Table references for the snapshot: every table an explicitly set value names (main.cf and -o),
// found by the same parser as the table checks (table_reference.hpp), with the identity of the
// file the runtime will open
// (hash/btree: name.db, cdb: name.cdb, lmdb: name.lmdb; pattern and text tables: the file
// itself): size, mtime, inode and SHA-256, read under --sysroot. A missing file is recorded
// with a zero identity; the table checks say what to do about it.
#include <sys/stat.h>

#include <cstdint>

#include "compiler/snapshot.hpp"
#include "compiler/table_reference.hpp"
#include "util/read_to_end.hpp"

namespace mf::compiler {

namespace {

void identify(SnapshotTable& table, const CheckOptions& options)
{
    if (table.file.empty())
        return;
    const std::string path = options.resolve(table.file);
    struct stat info {};
    if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return;
    const auto bytes = read_file(path, SIZE_MAX);
    if (!bytes)
        return;
    table.size = static_cast<std::uint64_t>(info.st_size);
    table.mtime = static_cast<std::int64_t>(info.st_mtime);
    table.inode = static_cast<std::uint64_t>(info.st_ino);
    table.digest = sha256(*bytes);
}

void add_from(const Configuration& config, const std::string& label, const std::string& parameter,
              const std::string& value, const Service* service, const CheckOptions& options,
              Snapshot& out)
{
    for (const TableReference& reference :
         parameter_table_references(config, parameter, value, service)) {
        if (!find_table_type(reference.type))
            continue; // an unknown type: the table checks report it
        SnapshotTable table;
        table.parameter = label;
        table.type = reference.type;
        table.name = reference.name;
        table.file = opened_table_file(reference);
        identify(table, options);
        out.tables.push_back(std::move(table));
    }
}

} // namespace

void add_table_identities(const Configuration& config, const CheckOptions& options, Snapshot& out)
{
    for (const Setting& setting : config.main_cf_settings())
        if (!setting.overridden)
            add_from(config, setting.name, setting.name, config.expand(setting.name), nullptr,
                     options, out);
    for (const Service& service : config.services())
        for (const Setting& setting : service.overrides)
            add_from(config, service.key() + "/" + setting.name, setting.name,
                     config.expand_text(setting.value, &service), &service, options, out);
}

} // namespace mf::compiler
