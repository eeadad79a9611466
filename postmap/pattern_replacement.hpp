// The replacement text of a regexp: or pcre: rule, read once when the table opens the way
// Postfix's mac_parse() reads it: "$$" is a '$', "$name", "${name}" and "$(name)" are
// references (braces and parentheses nest), and every reference must be a substring number
// from 1 up. A lookup then only copies literals and matched substrings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mf::maps {

// Submatch offsets of one successful match: pairs of (begin, end), -1 when a group is unset.
using Groups = std::vector<long>;

class Replacement {
public:
    // The problems, in Postfix's words, go to `warnings`; nullopt when Postfix skips the rule.
    // `out_of_range_words` is how the map type words a $0 ("out-of-range" for regexp, "out of
    // range" for pcre).
    static std::optional<Replacement> parse(std::string_view text,
                                            std::string_view out_of_range_words,
                                            std::vector<std::string>& warnings);

    // The highest substring number referred to; 0 for a literal replacement.
    std::size_t highest_group() const { return highest_group_; }
    std::string expand(std::string_view key, const Groups& groups) const;

private:
    struct Piece {
        std::string literal;
        std::size_t group = 0; // 0: the piece is `literal`
    };
    std::vector<Piece> pieces_;
    std::size_t highest_group_ = 0;
};

} // namespace mf::maps
