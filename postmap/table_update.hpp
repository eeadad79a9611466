// In-place style edits (mfmap -i, -d) done safely: the current table file is copied to a
// temporary file beside it, the edit runs on the copy through the Dict update interface, and
// the copy is fsynced and renamed over the table under the target's flock(). Readers keep
// seeing the old table until the rename; a failed edit changes nothing. The copy is made as
// cheaply as the file system allows (util/file_copy.hpp: a reflink where supported, else an
// in-kernel copy), so the price of atomicity is mostly the final fsync of the copy.
#pragma once

#include <functional>
#include <string>

#include "postmap/dict.hpp"
#include "util/result.hpp"

namespace mf::maps {

// `edit` returns whether it changed anything; when it did not, the table is left alone.
// When it did, `raw_edit` (if given) then runs on the same copy opened without folding and
// without NUL bytes, for records stored verbatim (postalias's YP_* records).
Result<bool> update_table(const std::string& table, const std::string& default_type,
                          const DictOptions& options,
                          const std::function<Result<bool>(Dict& dict)>& edit,
                          const std::function<Result<void>(Dict& raw)>& raw_edit = {});

} // namespace mf::maps
