// One logical line of a regexp: or pcre: table (spec F.3), cut as Postfix's dict_regexp.c and
// dict_pcre.c cut it: a line whose first character is not an ASCII letter or digit is a rule
// "[!]/pattern/flags replacement" (regexp also "/pattern/flags!/pattern2/flags replacement");
// "if [!]/pattern/flags" and "endif" are keywords in any case; anything else is unrecognized.
// Any character delimits a pattern (the first one after the '!'s, which toggle and may be
// separated by blanks); a backslash keeps the next character inside it. Flags run to the next
// blank (for regexp also to a '!'). Grammar only: which flags exist, compiling the pattern and
// reading the replacement happen in postmap/. A hand-written scanner rather than PEGTL: every
// part is "up to the next X", and Postfix's own cut has no backtracking to express.
#pragma once

#include <optional>
#include <string_view>

#include "grammar/table_line_words.hpp"

namespace mf::grammar {

enum class PatternFlavour { regexp, pcre };

enum class PatternLineKind { rule, if_rule, endif, unrecognized };

// One [!]/pattern/flags.
struct PatternSpec {
    bool matches = true;   // false after an odd number of '!'
    bool missing = false;  // nothing after the '!'s
    bool unclosed = false; // no closing delimiter
    char delimiter = 0;
    std::string_view body;  // between the delimiters
    std::string_view flags; // after the closing delimiter
};

struct PatternLine {
    PatternLineKind kind = PatternLineKind::unrecognized;
    PatternSpec first;                 // rule and if lines
    std::optional<PatternSpec> second; // regexp rules only: /a/!/b/
    // rule: the replacement text (leading blanks removed); if and endif: the text after the
    // statement, which Postfix ignores with a warning.
    std::string_view rest;
};

namespace pattern_table {

// Reads one [!]/pattern/flags from the front of `text` and removes it.
inline PatternSpec read_spec(std::string_view& text, PatternFlavour flavour)
{
    PatternSpec spec;
    spec.matches = !table_line::take_negation(text);
    if (text.empty()) {
        spec.missing = true;
        return spec;
    }
    spec.delimiter = text.front();
    std::size_t at = 1;
    while (at < text.size() && text[at] != spec.delimiter)
        at += (text[at] == '\\' && at + 1 < text.size()) ? 2 : 1;
    if (at >= text.size()) {
        spec.unclosed = true;
        spec.body = text.substr(1);
        text = {};
        return spec;
    }
    spec.body = text.substr(1, at - 1);
    text.remove_prefix(at + 1);
    std::size_t flags = 0;
    while (flags < text.size() && !table_line::is_space(text[flags]) &&
           !(flavour == PatternFlavour::regexp && text[flags] == '!'))
        ++flags;
    spec.flags = text.substr(0, flags);
    text.remove_prefix(flags);
    return spec;
}

inline bool usable(const PatternSpec& spec) { return !spec.missing && !spec.unclosed; }

} // namespace pattern_table

// `text` is a logical line with its trailing blanks already removed.
inline PatternLine parse_pattern_line(std::string_view text, PatternFlavour flavour)
{
    using namespace pattern_table;
    using namespace table_line;
    PatternLine line;
    if (text.empty())
        return line;
    if (!is_alnum(text.front())) {
        line.kind = PatternLineKind::rule;
        line.first = read_spec(text, flavour);
        if (usable(line.first) && flavour == PatternFlavour::regexp && !text.empty() &&
            text.front() == '!')
            line.second = read_spec(text, flavour);
        line.rest = skip_space(text);
    } else if (starts_with_keyword(text, "if")) {
        line.kind = PatternLineKind::if_rule;
        text = skip_space(text.substr(2));
        line.first = read_spec(text, flavour);
        line.rest = skip_space(text);
    } else if (starts_with_keyword(text, "endif")) {
        line.kind = PatternLineKind::endif;
        line.rest = skip_space(text.substr(5));
    }
    return line;
}

} // namespace mf::grammar
