// Splits a Postfix list value (restriction lists, table lists, mydestination...) into tokens the
// way Postfix's mystrtokq() does: separators are any run of ", \t\r\n", and a `{...}` group
// (braces nest) is one token even when it holds separators. Each token keeps its byte offset in
// the value so a diagnostic can point at the token's own column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

struct ListToken {
    std::string text;       // the token as written, braces included
    std::size_t offset = 0; // byte offset of its first character in the value
};

struct SplitList {
    std::vector<ListToken> tokens;
    // Offset of a `{` that is never closed (npos when braces balance). Postfix then takes the
    // rest of the value as one token, which is what `tokens` holds too.
    std::size_t unclosed_brace = std::string_view::npos;
};

SplitList split_postfix_list(std::string_view value);

// The text inside a `{...}` token with the outer braces and surrounding blanks removed, as
// Postfix's extpar() gives it; a token without braces comes back unchanged.
std::string_view strip_outer_braces(std::string_view token);

} // namespace mf::compiler
