// hash: and btree: tables in Berkeley DB 5.3, byte-compatible with Postfix (spec D.3): keys and
// values carry a trailing NUL by default, keys are stored folded, DB_HASH with page size 4096
// or DB_BTREE with the default comparator. The reader probes the NUL convention as Postfix does.
#pragma once

#include <memory>
#include <string>

#include "postmap/dict.hpp"
#include "postmap/table_writer.hpp"

namespace mf::maps {

enum class DbKind { hash, btree };

// Opens `path` (the .db file) for lookups, or for update when `writable` (mfmap -i/-d work on a
// private copy, so updates never race readers).
Result<std::unique_ptr<Dict>> open_db_dict(DbKind kind, std::string name, const std::string& path,
                                           const DictOptions& options, bool writable);

std::unique_ptr<TableWriter> make_db_writer(DbKind kind, std::string path, bool nul);

} // namespace mf::maps
