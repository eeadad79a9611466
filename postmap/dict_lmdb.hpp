// lmdb: tables as postfix-lmdb writes them (spec D.3): one file (MDB_NOSUBDIR), no lock file
// (MDB_NOLOCK; Postfix and we use flock() instead), keys folded, key and value with a trailing
// NUL by default.
#pragma once

#include <memory>
#include <string>

#include "postmap/dict.hpp"
#include "postmap/table_writer.hpp"

namespace mf::maps {

Result<std::unique_ptr<Dict>> open_lmdb_dict(std::string name, const std::string& path,
                                             const DictOptions& options, bool writable);

std::unique_ptr<TableWriter> make_lmdb_writer(std::string path, bool nul);

} // namespace mf::maps
