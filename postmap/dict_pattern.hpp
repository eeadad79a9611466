// regexp: (POSIX regcomp) and pcre: (PCRE2) tables (spec F.3): rules tried in file order, the
// first match wins, if/endif blocks nest, results substitute $1..$9 / ${n}, and keys are
// never folded (patterns are case-insensitive unless the 'i' flag toggles it). Bad rules are
// reported and skipped, as Postfix does; the table still opens.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "postmap/dict.hpp"

namespace mf::maps {

// (line, message) for each rule that was skipped; may be empty.
using PatternWarning = std::function<void(std::size_t line, const std::string& message)>;

Result<std::unique_ptr<Dict>> open_regexp_dict(std::string name, const std::string& path,
                                               const PatternWarning& warn = {});
Result<std::unique_ptr<Dict>> open_pcre_dict(std::string name, const std::string& path,
                                             const PatternWarning& warn = {});

} // namespace mf::maps
