// Token locations in multi-line values (see value_locator.hpp).
#include "compiler/value_locator.hpp"

#include <map>
#include <memory>

#include "compiler/postfix_list_split.hpp"

namespace mf::compiler {

namespace {

// Byte offset of 1-based line/column in text, or npos.
std::size_t offset_of(std::string_view text, std::size_t line, std::size_t column)
{
    if (line == 0 || column == 0)
        return std::string_view::npos;
    std::size_t offset = 0;
    for (std::size_t current = 1; current < line; ++current) {
        offset = text.find('\n', offset);
        if (offset == std::string_view::npos)
            return std::string_view::npos;
        ++offset;
    }
    offset += column - 1;
    return offset <= text.size() ? offset : std::string_view::npos;
}

SourceLocation location_at(std::string_view text, std::size_t offset, const std::string& file)
{
    SourceLocation where{file, 1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++where.line;
            where.column = 1;
        } else {
            ++where.column;
        }
    }
    return where;
}

} // namespace

std::function<SourceLocation(std::size_t)> make_token_locator(std::string_view source_text,
                                                              const SourceLocation& value_start,
                                                              std::string_view value_text)
{
    auto found = std::make_shared<std::map<std::size_t, SourceLocation>>();
    std::size_t cursor = offset_of(source_text, value_start.line, value_start.column);
    if (cursor != std::string_view::npos) {
        for (const auto& token : split_postfix_list(value_text).tokens) {
            const std::size_t at = source_text.find(token.text, cursor);
            if (at == std::string_view::npos)
                break;
            (*found)[token.offset] = location_at(source_text, at, value_start.file);
            cursor = at + token.text.size();
        }
    }
    return [found, value_start](std::size_t offset) {
        // A token's own offset maps exactly; an offset inside a token (a nested table) maps
        // relative to the token that holds it when both sit on one line.
        auto it = found->upper_bound(offset);
        if (it == found->begin())
            return value_start;
        --it;
        SourceLocation where = it->second;
        where.column += offset - it->first;
        return where;
    };
}

} // namespace mf::compiler
