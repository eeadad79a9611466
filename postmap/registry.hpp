// The table registry: type name -> how to open it (and, for buildable types, how to write it),
// after Postfix's dict_open registry. A table is named "type:name"; for the file types the
// name is the path without the suffix the type adds (.db, .cdb, .lmdb).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "postmap/dict.hpp"
#include "postmap/table_writer.hpp"

namespace mf::maps {

struct TableRef {
    std::string type;
    std::string name;
    std::string spec() const { return type + ":" + name; }
};

// "type:name", or "name" with `default_type`. inline:{...} and static:... keep their text.
TableRef parse_table_ref(std::string_view text, std::string_view default_type);

struct TableType {
    std::string_view name;
    std::string_view suffix;  // file suffix for file-backed types, empty otherwise
    bool buildable;           // mfmap can write it
    bool updatable;           // -i and -d work on it
    bool fixed_keys;          // keys are folded and matched exactly (not a pattern table)
    bool nul_by_default;      // what the writer stores unless -N / -n
};

// nullptr for an unknown type.
const TableType* find_table_type(std::string_view type);

// The file a table lives in: name + suffix.
std::string table_file(const TableRef& table);

// Opens a table for lookups (or, with `writable`, for update; only updatable types).
// `file_override` opens another file with the same type (the builder's private copy).
Result<std::unique_ptr<Dict>> open_table(const TableRef& table, const DictOptions& options,
                                         bool writable = false,
                                         const std::string& file_override = {});

// A writer for a buildable type into `path`.
Result<std::unique_ptr<TableWriter>> make_table_writer(const TableRef& table,
                                                       const std::string& path, bool nul);

} // namespace mf::maps
