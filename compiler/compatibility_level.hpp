// Postfix's compatibility levels as its programs read them (compat_level_from_string), for the
// compatibility_level parameter and the `level` relational operators of `$` expansion.
#pragma once

#include <optional>
#include <string_view>

namespace mf::compiler {

// "major[.minor[.patch]]": each part a decimal number as strtol(3) reads it (leading blanks
// and a sign allowed), none negative, minor and patch at most 1023, nothing after the last.
// The level as a number that orders levels as Postfix does; nullopt where Postfix says
// "malformed compatibility level syntax".
std::optional<long> compatibility_level_value(std::string_view text);

} // namespace mf::compiler
