// ASCII text tests as Postfix makes them (alldig(), strcasecmp(), lowercase()): configuration
// and table syntax is ASCII, and the locale must not change how it reads.
#pragma once

#include <string>
#include <string_view>

namespace mf {

// Non-empty and '0'..'9' only.
inline bool all_digits(std::string_view text)
{
    for (char c : text)
        if (c < '0' || c > '9')
            return false;
    return !text.empty();
}

// '0'..'9', 'A'..'F', 'a'..'f': isxdigit() as the C locale answers it.
inline bool is_ascii_hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool equal_ignoring_case(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    return true;
}

inline std::string ascii_lowercase(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

} // namespace mf
