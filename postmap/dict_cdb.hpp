// cdb: tables in tinycdb's format, as postfix-cdb reads and writes them (spec D.3): keys
// folded, no trailing NUL by default, read-only once built (no -i, no -d).
#pragma once

#include <memory>
#include <string>

#include "postmap/dict.hpp"

namespace mf::maps {

Result<std::unique_ptr<Dict>> open_cdb_dict(std::string name, const std::string& path,
                                            const DictOptions& options);

} // namespace mf::maps
