// How costly glibc's regcomp(3) makes a POSIX extended regular expression, estimated before it
// is compiled. regcomp copies the subexpression a quantifier applies to (a+ becomes aa*,
// a{3} aaa), so quantifiers stacked on quantified expressions grow the compiled form
// exponentially, and where they are optional (*, ?, {0,n}) the closure regcomp computes over it
// grows with the square: /0++++++++++++++++++++/ takes Postfix's postmap 720 MB,
// /C+++++*+++++++++++/ 25 seconds. Tables refuse such a pattern instead of compiling it. The
// estimate counts nodes the way those copies multiply them and how deep quantifiers stack
// (a+ is 1, (a+)+ and a++ are 2), in one pass over the pattern.
#pragma once

#include <cstdint>
#include <string_view>

namespace mf::maps {

struct PosixRegexCost {
    std::uint64_t nodes = 0;          // saturating at UINT64_MAX
    unsigned stacked_quantifiers = 0; // the deepest quantifier on quantified expressions
};

PosixRegexCost posix_regex_cost(std::string_view pattern);

// Above these a pattern is refused. Everyday patterns (header checks, address rewriting) stay
// below a thousand nodes and two stacked quantifiers; at the limits regcomp takes about a second.
inline constexpr std::uint64_t most_posix_regex_nodes = std::uint64_t{1} << 14;
inline constexpr unsigned most_stacked_quantifiers = 4;

} // namespace mf::maps
