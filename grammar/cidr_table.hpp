// One logical line of a cidr: table (cidr_table(5), spec F.4): "[!]pattern result",
// "if [!]pattern" or "endif", keywords in any case. As Postfix 3.7 reads them: any run of '!'
// and whitespace before a pattern negates once per '!' ("! !10.0.0.0/8" is not negated); a
// rule's pattern is one word and its result the rest of the line; an if's pattern is the whole
// rest of its line. Grammar only: parse_cidr_line() says which form a line is and where its
// parts are; the pattern's address syntax is read in postmap/cidr_pattern.hpp.
#pragma once

#include <string_view>

#include "grammar/table_line_words.hpp"

namespace mf::grammar {

enum class CidrLineKind { rule, if_rule, endif };

// Lines that are skipped before their pattern is looked at.
enum class CidrLineProblem { none, no_pattern, garbage_after_endif };

struct CidrLine {
    CidrLineKind kind = CidrLineKind::rule;
    CidrLineProblem problem = CidrLineProblem::none;
    bool negated = false;
    std::string_view pattern;
    std::string_view result; // rules only; may be empty (the reader says so after the pattern)
};

constexpr CidrLine parse_cidr_line(std::string_view text)
{
    using namespace table_line;
    CidrLine out;
    if (starts_with_keyword(text, "endif")) {
        out.kind = CidrLineKind::endif;
        text.remove_prefix(5);
        if (!trim_trailing_space(text).empty())
            out.problem = CidrLineProblem::garbage_after_endif;
        return out;
    }
    if (starts_with_keyword(text, "if")) {
        out.kind = CidrLineKind::if_rule;
        text.remove_prefix(2);
        out.negated = take_negation(text);
        out.pattern = trim_trailing_space(text);
    } else {
        out.negated = take_negation(text);
        std::size_t end = 0;
        while (end < text.size() && !is_space(text[end]))
            ++end;
        out.pattern = text.substr(0, end);
        text.remove_prefix(end);
        while (!text.empty() && is_space(text.front()))
            text.remove_prefix(1);
        out.result = trim_trailing_space(text);
    }
    if (out.pattern.empty())
        out.problem = CidrLineProblem::no_pattern;
    return out;
}

} // namespace mf::grammar
