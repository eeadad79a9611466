// The answers of smtp_tls_policy_maps and lmtp_tls_policy_maps (main.cf and every service's -o),
// read as the administrator wrote them (table_values.hpp) and judged as smtp(8) reads them
// (tls_policy_values.hpp), at the table's line. Each table is read once per client.
#include <set>

#include "compiler/checks.hpp"
#include "compiler/table_reference.hpp"
#include "compiler/table_values.hpp"
#include "compiler/tls_codes.hpp"
#include "compiler/tls_policy_values.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

void check_tls_policy_tables(const Configuration& config, DiagnosticSink& sink,
                             const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    std::set<std::string> read;
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        if (setting.name != "smtp_tls_policy_maps" && setting.name != "lmtp_tls_policy_maps")
            return;
        const std::string client = setting.name.substr(0, 4); // "smtp" or "lmtp"
        const bool fingerprints =
            !trim_whitespace(config.expand(client + "_tls_fingerprint_cert_match", service)).empty();
        const std::string value = config.expand_text(setting.value, service);
        for (const TableReference& table :
             parameter_table_references(config, setting.name, value, service)) {
            if (table.name.empty() || table.name.front() != '/')
                continue;
            const std::string path = options.resolve(table.name);
            if (!read.insert(client + (fingerprints ? "+" : "-") + path).second)
                continue;
            for_each_table_value(table, path, [&](const TableValue& entry) {
                if (entry.substitutes)
                    return;
                if (auto problem = tls_policy_problem(entry.value, fingerprints))
                    reporter.report(problem->severity, {path, entry.line, entry.column},
                                    setting.name + " " + table.type + ":" + table.name + ": " +
                                        entry.key_label + problem->message,
                                    code::tls_policy_value);
            });
        }
    });
}

} // namespace mf::compiler
