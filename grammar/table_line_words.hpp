// The lexical pieces that Postfix's rule tables (regexp:, pcre:, cidr:) share, as its ISSPACE
// and ISALNUM read them in the C locale: blanks, keywords in any case (if, endif) not followed by
// a letter or digit, and the run of '!' and blanks before a pattern, each '!' toggling it.
#pragma once

#include <string_view>

namespace mf::grammar::table_line {

constexpr bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

constexpr bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr std::string_view skip_space(std::string_view text)
{
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    return text;
}

constexpr std::string_view trim_trailing_space(std::string_view text)
{
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

// `text` starts with `keyword` (lower case) in any case, not followed by a letter or digit.
constexpr bool starts_with_keyword(std::string_view text, std::string_view keyword)
{
    if (text.size() < keyword.size())
        return false;
    for (std::size_t i = 0; i < keyword.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != keyword[i])
            return false;
    }
    return text.size() == keyword.size() || !is_alnum(text[keyword.size()]);
}

// Consumes the '!' and blanks before a pattern; true when they negate it.
constexpr bool take_negation(std::string_view& text)
{
    bool negated = false;
    while (!text.empty() && (text.front() == '!' || is_space(text.front()))) {
        negated ^= text.front() == '!';
        text.remove_prefix(1);
    }
    return negated;
}

} // namespace mf::grammar::table_line
