// A number as Postfix's conv_int()/conv_long() read a parameter value: strtol() over the
// whole text in base 10, with nothing before the number (not even a blank) or after it.
#pragma once

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

namespace mf {

// nullopt for an empty text, text around the number, or a value out of long's range.
inline std::optional<long> postfix_long(const std::string& text)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
        return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long number = std::strtol(text.c_str(), &end, 10);
    if (errno != 0 || !end || *end != '\0')
        return std::nullopt;
    return number;
}

} // namespace mf
