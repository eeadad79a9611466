// In-memory tables read at open time: texthash:FILE (a postmap source, no .db; spec F.5),
// inline:{ key=value, ... } and static:VALUE (spec F.1). All are immutable once open, so
// lookups from many threads need no lock.
#pragma once

#include <memory>
#include <string>

#include "postmap/dict.hpp"

namespace mf::maps {

Result<std::unique_ptr<Dict>> open_texthash_dict(std::string name, const std::string& path,
                                                 const DictOptions& options);
Result<std::unique_ptr<Dict>> open_inline_dict(std::string name, const std::string& text,
                                               const DictOptions& options);
Result<std::unique_ptr<Dict>> open_static_dict(std::string name, const std::string& text);

} // namespace mf::maps
