#include "compiler/compatibility_level.hpp"

#include <climits>

namespace mf::compiler {

namespace {

constexpr int part_bits = 10;
constexpr long part_limit = (1L << part_bits) - 1;

bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// One part, read as strtol(3) base 10 would from `text` onwards; nullopt when it reads no
// digit or the number does not fit a long. `text` is left after the digits.
std::optional<long> read_part(std::string_view& text)
{
    std::size_t i = 0;
    while (i < text.size() && is_blank(text[i]))
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    const std::size_t digits_start = i;
    long value = 0;
    bool overflow = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        const int digit = text[i] - '0';
        if (value > (LONG_MAX - digit) / 10)
            overflow = true;
        else
            value = value * 10 + digit;
    }
    if (i == digits_start || overflow)
        return std::nullopt;
    text.remove_prefix(i);
    return negative ? -value : value;
}

} // namespace

std::optional<long> compatibility_level_value(std::string_view text)
{
    const long limits[] = {LONG_MAX >> (2 * part_bits), part_limit, part_limit};
    long level = 0;
    for (int part = 0; part < 3; ++part) {
        const auto number = read_part(text);
        if (!number || *number < 0 || *number > limits[part])
            return std::nullopt;
        level |= *number << (part_bits * (2 - part));
        if (text.empty())
            return level;
        if (text.front() != '.' || part == 2)
            return std::nullopt;
        text.remove_prefix(1);
    }
    return std::nullopt;
}

} // namespace mf::compiler
