// The answers of smtp_tls_policy_maps and lmtp_tls_policy_maps (main.cf and every service's -o),
// read as the administrator wrote them (table_values.hpp) and judged as smtp(8) reads them
// (tls_policy_values.hpp), at the table's line. Each table is read once per client.
#include "compiler/checks.hpp"
#include "compiler/client_dns.hpp"
#include "compiler/tls_level.hpp"
#include "compiler/table_values.hpp"
#include "compiler/tls_codes.hpp"
#include "compiler/tls_policy_values.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

// What the client's (smtp or lmtp) settings give its policies, for the service or main.cf.
TlsPolicyContext policy_context(const Configuration& config, const Setting& setting,
                                const Service* service)
{
    const std::string client = setting.name.substr(0, 4);
    TlsPolicyContext context;
    context.fingerprints_in_main_cf =
        !trim_whitespace(config.expand(client + "_tls_fingerprint_cert_match", service)).empty();
    context.dnssec_lookups = client_dns_lookups(config, client, service).dnssec();
    context.trust_anchors = client_has_trust_anchors(config, client, service);
    return context;
}

} // namespace

void check_tls_policy_tables(const Configuration& config, DiagnosticSink& sink,
                             const CheckOptions& options)
{
    UniqueReporter reporter(sink);
    for_each_configured_table_answer(
        config, options,
        [&](const Setting& setting, const Service* service) -> std::optional<std::string> {
            if (setting.name != "smtp_tls_policy_maps" && setting.name != "lmtp_tls_policy_maps")
                return std::nullopt;
            const TlsPolicyContext context = policy_context(config, setting, service);
            return setting.name.substr(0, 4) + (context.fingerprints_in_main_cf ? "+" : "-") +
                   (context.dnssec_lookups ? "+" : "-") + (context.trust_anchors ? "+" : "-");
        },
        [&](const NamedTableAnswer& named) {
            if (auto problem = tls_policy_problem(
                    named.answer.value, policy_context(config, named.setting, named.service)))
                reporter.report(problem->severity, named.location(),
                                named.label() + problem->message, code::tls_policy_value);
        });
}

} // namespace mf::compiler
