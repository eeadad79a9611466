// TLS level dane without DNSSEC lookups (dane-without-dnssec). DANE authenticates a server by
// TLSA records that only DNSSEC-validated lookups can be trusted for, so smtp(8) uses level dane
// or dane-only only with smtp_dns_support_level = dnssec and smtp_host_lookup including dns
// (dane_init in smtp_tls_policy.c; lmtp(8) likewise with its lmtp_ names). Otherwise it logs
// "dane configured with dnssec lookups disabled" for every destination and: at level dane,
// falls back to opportunistic TLS (may), silently giving up the authentication asked for, a
// warning; at level dane-only, defers every message, an error. Per smtp/lmtp service of
// master.cf after its -o overrides, at the level's setting.
#include "compiler/checks.hpp"
#include "compiler/client_dns.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/unique_reporter.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

void check_client(const Configuration& config, const Service& service, std::string_view client,
                  UniqueReporter& reporter)
{
    const std::string prefix(client);
    const std::string level_name = prefix + "_tls_security_level";
    const std::string level = ascii_lowercase(trim_whitespace(config.expand(level_name, &service)));
    if (level != "dane" && level != "dane-only")
        return;
    const ClientDnsLookups lookups = client_dns_lookups(config, client, &service);
    if (lookups.dnssec())
        return;
    const bool only = level == "dane-only";
    const std::string why = !lookups.dnssec_support
                                ? prefix + "_dns_support_level is not dnssec"
                                : prefix + "_host_lookup does not include dns";
    reporter.report(only ? Severity::error : Severity::warning,
                    config.where_in_force(level_name, service),
                    level_name + " = " + level + ", but " + why + " (master.cf service " +
                        service.key() + "): " + prefix + " logs \"" + level +
                        " configured with dnssec lookups disabled\" and " +
                        (only ? std::string("defers every message")
                              : std::string("falls back to opportunistic TLS (may), without the "
                                            "authentication DANE was asked for")) +
                        "; set " + prefix + "_dns_support_level = dnssec",
                    code::dane_without_dnssec);
}

} // namespace

void check_dane_dnssec(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    UniqueReporter reporter(sink);
    for (const Service& service : config.services()) {
        const std::string_view command = service.command_basename();
        if (command == "smtp" || command == "lmtp")
            check_client(config, service, command, reporter);
    }
}

} // namespace mf::compiler
