// The if/endif nesting of a rule table while it is read (regexp:, pcre:, cidr:), as Postfix
// keeps it: an endif closes the innermost open if, whose rule then skips to the index after
// that endif; an if never closed skips to the end of the table and is reported at its own line,
// innermost first.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace mf::maps {

class IfBlocks {
public:
    // The if rule at `index` (of the rules read so far) starts a block.
    void open(std::size_t index, std::size_t line) { open_.push_back({index, line}); }

    // An endif: the index of the if it closes (its block ends after the endif); nullopt when
    // no if is open.
    std::optional<std::size_t> close()
    {
        if (open_.empty())
            return std::nullopt;
        const std::size_t index = open_.back().index;
        open_.pop_back();
        return index;
    }

    // Calls visit(index, line) for each if left open, innermost first.
    template <typename Visit>
    void for_each_unclosed(Visit&& visit) const
    {
        for (auto open = open_.rbegin(); open != open_.rend(); ++open)
            visit(open->index, open->line);
    }

private:
    struct OpenIf {
        std::size_t index;
        std::size_t line;
    };
    std::vector<OpenIf> open_;
};

} // namespace mf::maps
