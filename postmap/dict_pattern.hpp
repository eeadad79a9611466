// regexp: (POSIX regcomp) and pcre: (PCRE2) tables (spec F.3), read as Postfix's dict_regexp
// and dict_pcre read them: rules tried in file order, the first match wins, if/endif blocks
// nest, regexp rules may add a second pattern (/a/!/b/), and replacements substitute $n, ${n}
// and $(n). Keys are never folded; regexp patterns start case-insensitive and extended, pcre
// patterns case-insensitive with '.' matching newlines, and each flag toggles one option. Every
// line Postfix skips or reads other than written is reported with Postfix's words (a rule with
// no replacement answers ""); the table still opens.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grammar/pattern_table.hpp"
#include "postmap/dict.hpp"

namespace mf::maps {

// (line, message) for each rule that was skipped; may be empty.
using PatternWarning = std::function<void(std::size_t line, const std::string& message)>;

Result<std::unique_ptr<Dict>> open_regexp_dict(std::string name, const std::string& path,
                                               const PatternWarning& warn = {});
Result<std::unique_ptr<Dict>> open_pcre_dict(std::string name, const std::string& path,
                                             const PatternWarning& warn = {});

// One rule a table keeps, for checks of what the table can answer (mfcc reads the actions of
// access tables with it): its line and its replacement text as written, substitutions not made.
struct PatternRuleText {
    std::size_t line = 0;
    std::size_t column = 0; // of the replacement, 1-based
    std::string replacement;
    bool substitutes = false; // the replacement holds $n references
};

// The rules of a regexp: (flavour regexp) or pcre: file, in order; warnings are not reported.
Result<std::vector<PatternRuleText>> read_pattern_rule_texts(grammar::PatternFlavour flavour,
                                                             const std::string& path);

} // namespace mf::maps
