// See pattern_table_rules.hpp.
#include "compiler/pattern_table_rules.hpp"

#include "compiler/config_check_codes.hpp"
#include "postmap/dict_pattern.hpp"

namespace mf::compiler {

void PatternTableRules::check(const TableReference& table, const std::string& path,
                              std::string_view parameter)
{
    const bool regexp = table.type == "regexp";
    if ((!regexp && table.type != "pcre") || !read_.insert(table.type + ":" + path).second)
        return;
    const std::string label =
        table.type + ":" + table.name + " (" + std::string(parameter) + "): ";
    auto warn = [&](std::size_t line, const std::string& message) {
        reporter_.report(Severity::warning, {path, line, 1}, label + message, code::table_rule);
    };
    // The table (and so its warnings) is all that is wanted; a file that cannot be opened is
    // reported by the file checks.
    (void)(regexp ? maps::open_regexp_dict(table.text, path, warn)
                  : maps::open_pcre_dict(table.text, path, warn));
}

} // namespace mf::compiler
