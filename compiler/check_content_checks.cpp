// The actions of the header_checks and body_checks tables (and their smtp_ and milter_
// variants) that the daemon would not carry out as written (content_check_actions.hpp), and the
// transports their FILTER actions name, at the line of the rule in the table's own file
// (table_values.hpp). Each table is read once per kind of inspection.
#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/content_check_actions.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

void check_content_checks(const Configuration& config, DiagnosticSink& sink,
                          const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    for_each_configured_table_answer(
        config, options,
        [](const Setting& setting, const Service*) -> std::optional<std::string> {
            const auto kind = content_check_parameter(setting.name);
            if (!kind)
                return std::nullopt;
            return std::to_string(static_cast<int>(kind->inspector)) + (kind->headers ? "h" : "b");
        },
        [&](const NamedTableAnswer& named) {
            const std::string& parameter = named.setting.name;
            const SourceLocation where = named.location();
            const std::string label = named.label();
            const std::string_view value = named.answer.value;
            if (auto problem =
                    content_action_problem(value, parameter, *content_check_parameter(parameter)))
                reporter.report(Severity::warning, where, label + *problem,
                                code::content_check_action);
            else if (auto transport = filter_action_transport(value))
                if (const auto unavailable = transport_unavailable(config, *transport))
                    reporter.report(Severity::error, where,
                                    label + "FILTER transport " + std::string(*transport) +
                                        *unavailable +
                                        "; qmgr defers the mail this rule filters (\"mail "
                                        "transport unavailable\") until it expires",
                                    code::transport_not_in_master);
        });
}

} // namespace mf::compiler
