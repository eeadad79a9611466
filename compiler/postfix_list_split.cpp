// Postfix list tokenizer (see postfix_list_split.hpp).
#include "compiler/postfix_list_split.hpp"

namespace mf::compiler {

namespace {

bool is_separator(char c) { return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

} // namespace

SplitList split_postfix_list(std::string_view value)
{
    SplitList result;
    std::size_t pos = 0;
    while (pos < value.size()) {
        while (pos < value.size() && is_separator(value[pos]))
            ++pos;
        if (pos >= value.size())
            break;
        const std::size_t start = pos;
        int depth = 0;
        std::size_t open_at = std::string_view::npos;
        // A token runs to the next separator outside braces; braces may also open mid-token
        // (`inline:{a=1, b=2}`), exactly as mystrtokq() treats them.
        while (pos < value.size() && (depth > 0 || !is_separator(value[pos]))) {
            if (value[pos] == '{') {
                if (depth == 0)
                    open_at = pos;
                ++depth;
            } else if (value[pos] == '}' && depth > 0) {
                --depth;
            }
            ++pos;
        }
        if (depth > 0 && result.unclosed_brace == std::string_view::npos)
            result.unclosed_brace = open_at;
        result.tokens.push_back({std::string(value.substr(start, pos - start)), start});
    }
    return result;
}

std::string_view strip_outer_braces(std::string_view token)
{
    if (token.size() < 2 || token.front() != '{' || token.back() != '}')
        return token;
    token = token.substr(1, token.size() - 2);
    while (!token.empty() && is_blank(token.front()))
        token.remove_prefix(1);
    while (!token.empty() && is_blank(token.back()))
        token.remove_suffix(1);
    return token;
}

} // namespace mf::compiler
