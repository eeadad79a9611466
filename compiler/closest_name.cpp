// Edit-distance suggestions (see closest_name.hpp).
#include "compiler/closest_name.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace mf::compiler {

namespace {

char folded(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    // Optimal string alignment distance over three rolling rows.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = folded(a[i - 1]) == folded(b[j - 1]) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && folded(a[i - 1]) == folded(b[j - 2]) &&
                folded(a[i - 2]) == folded(b[j - 1]))
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_name(std::string_view misspelt,
                                        std::span<const std::string_view> candidates)
{
    // A third of the name, at least 1 and at most 4 edits: "permit_mynetwork" finds
    // "permit_mynetworks", while "foo" suggests nothing.
    const std::size_t limit = std::clamp<std::size_t>(misspelt.size() / 3, 1, 4);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (auto candidate : candidates) {
        const std::size_t longer = std::max(candidate.size(), misspelt.size());
        const std::size_t shorter = std::min(candidate.size(), misspelt.size());
        if (longer - shorter > limit)
            continue;
        const std::size_t distance = edit_distance(misspelt, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = std::string(candidate);
        }
    }
    return best;
}

std::string did_you_mean(std::string_view misspelt, std::span<const std::string_view> candidates)
{
    if (auto best = closest_name(misspelt, candidates))
        return " (did you mean \"" + *best + "\"?)";
    return "";
}

} // namespace mf::compiler
