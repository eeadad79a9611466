// See regex_size.hpp.
#include "postmap/regex_size.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <vector>

namespace mf::maps {

namespace {

constexpr std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add(std::uint64_t a, std::uint64_t b)
{
    return a > saturated - b ? saturated : a + b;
}

std::uint64_t multiply(std::uint64_t a, std::uint64_t b)
{
    return b != 0 && a > saturated / b ? saturated : a * b;
}

// One group level: the size of its finished alternatives, of the branch being read, and of the
// last atom of that branch (what a quantifier applies to), with how deep quantifiers stack in
// that atom and anywhere in the group.
struct Level {
    std::uint64_t alternatives = 0;
    std::uint64_t branch = 0;
    std::uint64_t last = 0;
    unsigned last_depth = 0;
    unsigned deepest = 0;
};

// The pattern offset after a bracket expression that starts at `start` ('['): a ']' right
// after "[" or "[^" is literal, and [:class:], [=x=] and [.x.] hold their own ']'.
std::size_t bracket_end(std::string_view pattern, std::size_t start)
{
    std::size_t i = start + 1;
    if (i < pattern.size() && pattern[i] == '^')
        ++i;
    if (i < pattern.size() && pattern[i] == ']')
        ++i;
    while (i < pattern.size() && pattern[i] != ']') {
        if (pattern[i] == '[' && i + 1 < pattern.size() &&
            (pattern[i + 1] == ':' || pattern[i + 1] == '=' || pattern[i + 1] == '.')) {
            const char kind = pattern[i + 1];
            std::size_t close = i + 2;
            while (close + 1 < pattern.size() && !(pattern[close] == kind && pattern[close + 1] == ']'))
                ++close;
            i = close + 2;
            continue;
        }
        ++i;
    }
    return i < pattern.size() ? i + 1 : pattern.size();
}

// The copies an interval {m}, {m,} or {m,n} at `start` ('{') makes, and the offset after it;
// zero copies when the text is no interval (regcomp then takes '{' literally or refuses it).
std::uint64_t interval_copies(std::string_view pattern, std::size_t start, std::size_t& end)
{
    std::size_t i = start + 1;
    auto number = [&](std::uint64_t& value) {
        const std::size_t from = i;
        value = 0;
        while (i < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i])))
            value = std::min<std::uint64_t>(value * 10 + static_cast<unsigned>(pattern[i++] - '0'),
                                            1'000'000);
        return i > from;
    };
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    if (!number(low))
        return 0;
    high = low;
    if (i < pattern.size() && pattern[i] == ',') {
        ++i;
        if (!number(high))
            high = low + 1; // {m,}: m copies and a star
    }
    if (i >= pattern.size() || pattern[i] != '}')
        return 0;
    end = i + 1;
    return std::max<std::uint64_t>({low, high, 1});
}

} // namespace

PosixRegexCost posix_regex_cost(std::string_view pattern)
{
    std::vector<Level> levels(1);
    PosixRegexCost cost;
    auto atom = [&](std::uint64_t size, unsigned depth = 0) {
        Level& level = levels.back();
        level.branch = add(level.branch, size);
        level.last = size;
        level.last_depth = depth;
        level.deepest = std::max(level.deepest, depth);
    };
    auto quantify = [&](std::uint64_t copies) {
        Level& level = levels.back();
        const std::uint64_t grown = add(multiply(level.last, copies), 1);
        level.branch = add(level.branch - level.last, grown);
        level.last = grown;
        level.last_depth += 1;
        level.deepest = std::max(level.deepest, level.last_depth);
        cost.stacked_quantifiers = std::max(cost.stacked_quantifiers, level.last_depth);
    };
    for (std::size_t i = 0; i < pattern.size();) {
        const char c = pattern[i];
        if (c == '\\') {
            atom(1);
            i += 2;
        }
        else if (c == '[') {
            atom(1);
            i = bracket_end(pattern, i);
        }
        else if (c == '(') {
            levels.emplace_back();
            ++i;
        }
        else if (c == ')' && levels.size() > 1) {
            const Level inner = levels.back();
            levels.pop_back();
            atom(add(add(inner.alternatives, inner.branch), 1), inner.deepest);
            ++i;
        }
        else if (c == '|') {
            Level& level = levels.back();
            level.alternatives = add(level.alternatives, level.branch);
            level.branch = level.last = 0;
            level.last_depth = 0;
            ++i;
        }
        else if (c == '*' || c == '?') {
            quantify(1);
            ++i;
        }
        else if (c == '+') {
            quantify(2);
            ++i;
        }
        else if (c == '{') {
            std::size_t end = i + 1;
            if (const std::uint64_t copies = interval_copies(pattern, i, end)) {
                quantify(copies);
                i = end;
            }
            else {
                atom(1);
                ++i;
            }
        }
        else {
            atom(1);
            ++i;
        }
    }
    while (!levels.empty()) {
        cost.nodes = add(cost.nodes, add(levels.back().alternatives, levels.back().branch));
        levels.pop_back();
    }
    return cost;
}

} // namespace mf::maps
