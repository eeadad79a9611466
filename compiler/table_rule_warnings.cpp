// See table_rule_warnings.hpp.
#include "compiler/table_rule_warnings.hpp"

#include "compiler/config_check_codes.hpp"
#include "postmap/dict_cidr.hpp"
#include "postmap/dict_pattern.hpp"
#include "util/regular_file.hpp"

namespace mf::compiler {

void TableRuleWarnings::check(const TableReference& table, const std::string& path,
                              std::string_view parameter)
{
    const std::string& type = table.type;
    if ((type != "regexp" && type != "pcre" && type != "cidr") || !is_regular_file(path) ||
        !read_.insert(type + ":" + path).second)
        return;
    const std::string label = type + ":" + table.name + " (" + std::string(parameter) + "): ";
    auto warn = [&](std::size_t line, const std::string& message) {
        reporter_.report(Severity::warning, {path, line, line > 0 ? 1u : 0u}, label + message,
                         code::table_rule);
    };
    // The table (and so its warnings) is all that is wanted; a file that cannot be opened is
    // reported by the file checks.
    if (type == "regexp")
        (void)maps::open_regexp_dict(table.text, path, warn);
    else if (type == "pcre")
        (void)maps::open_pcre_dict(table.text, path, warn);
    else
        (void)maps::open_cidr_dict(table.text, path, warn);
}

} // namespace mf::compiler
