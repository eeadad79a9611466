// The names in a directory, sorted, without "." and "..": the one directory listing that table
// building (fingerprint tables), the TLS checks (CApath) and the host checks (postfix check's
// walks) share.
#pragma once

#include <string>
#include <vector>

#include "util/result.hpp"

namespace mf {

// Fails with "DIRECTORY: REASON" when the directory cannot be opened.
Result<std::vector<std::string>> directory_names(const std::string& directory);

} // namespace mf
