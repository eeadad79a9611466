// Numbers and times as Postfix reads a parameter value. conv_int()/conv_long(): strtol() over
// the whole text in base 10, with nothing before the number (not even a blank) or after it.
// conv_time(): strtol() (a sign may come first; a unit letter alone reads as 0), then one unit
// letter s, m, h, d or w, of which only the first character counts.
#pragma once

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

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

struct PostfixTime {
    enum class Problem { none, malformed, negative, too_large };
    Problem problem = Problem::none;
    long seconds = 0;
    // Where the number ends (the unit letter, if any, is at this offset); what follows the
    // unit letter Postfix ignores.
    std::size_t number_length = 0;
};

// `default_unit`: the unit of a bare number ('\0': seconds).
inline PostfixTime postfix_time(std::string_view text, char default_unit)
{
    PostfixTime time;
    const std::size_t sign = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
    std::size_t digits_end = sign;
    while (digits_end < text.size() && std::isdigit(static_cast<unsigned char>(text[digits_end])))
        ++digits_end;
    time.number_length = digits_end;
    // strtol reads nothing from "+" or "-s" and leaves the sign as the unit; from "s" it reads
    // nothing either, but then the unit is a unit.
    const bool no_digits = digits_end == sign;
    const char unit = digits_end < text.size() ? text[digits_end]
                      : default_unit ? default_unit
                                     : 's';
    if (text.empty() || (no_digits && sign) || unit == '\0' || !std::strchr("smhdw", unit)) {
        time.problem = PostfixTime::Problem::malformed;
        return time;
    }
    errno = 0;
    const long number =
        no_digits ? 0 : std::strtol(std::string(text.substr(0, digits_end)).c_str(), nullptr, 10);
    if (number < 0 || (errno != 0 && sign && text[0] == '-')) {
        time.problem = PostfixTime::Problem::negative;
        return time;
    }
    if (errno != 0 || number > INT_MAX) {
        time.problem = PostfixTime::Problem::too_large;
        return time;
    }
    const long scale = unit == 'w' ? 7 * 86400 : unit == 'd' ? 86400 : unit == 'h' ? 3600
                     : unit == 'm' ? 60 : 1;
    // A count of minutes, hours, days or weeks must stay below INT_MAX seconds / unit.
    if (scale > 1 && number >= INT_MAX / scale) {
        time.problem = PostfixTime::Problem::too_large;
        return time;
    }
    time.seconds = number * scale;
    return time;
}

} // namespace mf
