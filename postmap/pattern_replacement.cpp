// See pattern_replacement.hpp.
#include "postmap/pattern_replacement.hpp"
#include "util/ascii.hpp"

namespace mf::maps {

namespace {

bool name_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::optional<Replacement> Replacement::parse(std::string_view text,
                                              std::string_view out_of_range_words,
                                              std::vector<std::string>& warnings)
{
    Replacement replacement;
    std::string literal;
    auto end_literal = [&] {
        if (!literal.empty())
            replacement.pieces_.push_back({std::move(literal), 0});
        literal.clear();
    };
    for (std::size_t at = 0; at < text.size();) {
        if (text[at] != '$') {
            literal.push_back(text[at++]);
            continue;
        }
        if (at + 1 < text.size() && text[at + 1] == '$') {
            literal.push_back('$');
            at += 2;
            continue;
        }
        end_literal();
        ++at;
        std::string_view name;
        if (at < text.size() && (text[at] == '{' || text[at] == '(')) {
            const char open = text[at];
            const char close = open == '{' ? '}' : ')';
            int level = 1;
            std::size_t end = at + 1;
            for (; end < text.size(); ++end) {
                level += text[end] == open;
                level -= text[end] == close;
                if (level == 0)
                    break;
            }
            if (level != 0) {
                warnings.push_back("truncated macro reference: \"" + std::string(text) + "\"");
                return std::nullopt;
            }
            name = text.substr(at + 1, end - at - 1);
            at = end + 1;
        } else {
            std::size_t end = at;
            while (end < text.size() && name_character(text[end]))
                ++end;
            name = text.substr(at, end - at);
            at = end;
        }
        if (name.empty()) {
            warnings.push_back("empty macro name: \"" + std::string(text) + "\"");
            return std::nullopt;
        }
        if (!all_digits(name)) {
            warnings.push_back("non-numeric replacement index \"" + std::string(name) + "\"");
            return std::nullopt;
        }
        // atoi() as Postfix: a number too long for an int is not a substring anyone has.
        std::size_t number = 0;
        for (char digit : name)
            number = std::min<std::size_t>(number * 10 + static_cast<std::size_t>(digit - '0'),
                                           1u << 30);
        if (number < 1) {
            warnings.push_back(std::string(out_of_range_words) + " replacement index \"" +
                               std::string(name) + "\"");
            return std::nullopt;
        }
        replacement.highest_group_ = std::max(replacement.highest_group_, number);
        replacement.pieces_.push_back({{}, number});
    }
    end_literal();
    return replacement;
}

std::string Replacement::expand(std::string_view key, const Groups& groups) const
{
    std::string out;
    for (const Piece& piece : pieces_) {
        if (piece.group == 0) {
            out += piece.literal;
            continue;
        }
        const std::size_t begin = 2 * piece.group;
        if (begin + 1 < groups.size() && groups[begin] >= 0)
            out.append(key.substr(static_cast<std::size_t>(groups[begin]),
                                  static_cast<std::size_t>(groups[begin + 1] - groups[begin])));
    }
    return out;
}

} // namespace mf::maps
