// The actions of the header_checks and body_checks tables (and their smtp_ and milter_
// variants) that the daemon would not carry out as written (content_check_actions.hpp), at the
// line of the rule in the table's own file (table_values.hpp). Each table is read once per kind
// of inspection.
#include <set>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/content_check_actions.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/table_reference.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

void check_content_checks(const Configuration& config, DiagnosticSink& sink,
                          const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    std::set<std::string> read;
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        const auto kind = content_check_parameter(setting.name);
        if (!kind)
            return;
        const std::string value = config.expand_text(setting.value, service);
        for (const TableReference& table :
             parameter_table_references(config, setting.name, value, service)) {
            if (table.name.empty() || table.name.front() != '/')
                continue;
            const std::string path = options.resolve(table.name);
            const std::string read_as = std::to_string(static_cast<int>(kind->inspector)) +
                                        (kind->headers ? "h:" : "b:") + path;
            if (!read.insert(read_as).second)
                continue;
            const std::string label = setting.name + " " + table.type + ":" + table.name + ": ";
            for_each_table_value(table, path, [&](const TableValue& entry) {
                if (entry.substitutes)
                    return;
                const SourceLocation where{path, entry.line, entry.column};
                if (auto problem = content_action_problem(entry.value, setting.name, *kind))
                    reporter.report(Severity::warning, where, label + entry.key_label + *problem,
                                    code::content_check_action);
                else if (auto transport = filter_action_transport(entry.value))
                    if (const auto unavailable = transport_unavailable(config, *transport))
                        reporter.report(Severity::error, where,
                                        label + entry.key_label + "FILTER transport " +
                                            std::string(*transport) + *unavailable +
                                            "; qmgr defers the mail this rule filters (\"mail "
                                            "transport unavailable\") until it expires",
                                        code::transport_not_in_master);
            });
        }
    });
}

} // namespace mf::compiler
