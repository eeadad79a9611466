// How large glibc's regcomp(3) makes a POSIX extended regular expression, estimated before it
// is compiled. regcomp copies the subexpression a quantifier applies to (a+ becomes aa*,
// a{3} aaa), so stacked quantifiers grow the compiled form exponentially: /0++++++++++++++++++++/
// takes Postfix's postmap 720 MB, five more '+' all the memory there is. Tables refuse such a
// pattern instead of compiling it. The estimate counts nodes the way those copies multiply
// them; it never underestimates the copies, and costs one pass over the pattern.
#pragma once

#include <cstdint>
#include <string_view>

namespace mf::maps {

// The estimated node count, saturating at UINT64_MAX.
std::uint64_t posix_regex_size(std::string_view pattern);

// Above this, a pattern is refused: about 180 MB of glibc's nodes, where real patterns
// (header checks, address rewriting) stay below a thousand.
inline constexpr std::uint64_t most_posix_regex_nodes = std::uint64_t{1} << 18;

} // namespace mf::maps
