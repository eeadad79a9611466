// "Did you mean ...?" suggestions: the candidate closest to a misspelt name by edit distance
// (insertions, deletions, substitutions and swaps of neighbours, case-insensitive), provided it
// is close enough to be a plausible typo rather than a different word.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mf::compiler {

std::size_t edit_distance(std::string_view a, std::string_view b);

std::optional<std::string> closest_name(std::string_view misspelt,
                                        std::span<const std::string_view> candidates);

// " (did you mean \"x\"?)" or "" when no candidate is close: ready to append to a message.
std::string did_you_mean(std::string_view misspelt, std::span<const std::string_view> candidates);

} // namespace mf::compiler
