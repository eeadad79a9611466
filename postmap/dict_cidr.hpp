// cidr: tables (cidr_table(5), spec F.4): rules "[!]network[/prefix] result" tried in file
// order, the first match wins, "if [!]network[/prefix]" ... "endif" blocks nest, IPv4 and IPv6.
// Keys are addresses, never folded; a key that is not an address is not found. Bad rules are
// reported with their line and skipped, as Postfix does, and the table still opens. Read-only:
// mfmap cannot build or update one. Lookups are const and take no lock once the table is open.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "postmap/dict.hpp"
#include "postmap/dict_pattern.hpp"

namespace mf::maps {

// `warn` receives (line, message) for each rule that was skipped, in Postfix's words (the
// message ends ": skipping this rule"; an if without endif is reported at the if's line), and
// (0, message) for what concerns the file rather than a rule: indented text before the first
// rule, which Postfix reports with the file's name alone.
Result<std::unique_ptr<Dict>> open_cidr_dict(std::string name, const std::string& path,
                                             const PatternWarning& warn = {});

// The rules of a cidr: file with their results, for checks of what the table can answer (as
// read_pattern_rule_texts); warnings are not reported.
Result<std::vector<PatternRuleText>> read_cidr_rule_texts(const std::string& path);

} // namespace mf::maps
