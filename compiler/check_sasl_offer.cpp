// SMTP AUTH that smtpd never offers (sasl-auth-not-offered). With smtpd_tls_auth_only = yes
// smtpd announces AUTH only inside a TLS session; on a service without TLS (level none and no
// wrapper mode) it never does, so smtpd_sasl_auth_enable = yes does nothing there: no client can
// log in and permit_sasl_authenticated never matches (a submission service that relays only
// for authenticated clients refuses everyone). Port 25 without AUTH is often what the
// administrator wants, so a service is judged where it asks for SASL or TLS-only AUTH itself
// (by -o), and the main.cf settings where no running smtpd service offers AUTH at all.
#include <algorithm>
#include <set>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/restriction_inputs.hpp"
#include "compiler/tls_level.hpp"

namespace mf::compiler {

namespace {

// Why the service never has TLS, or "" when it can.
std::string without_tls(const Configuration& config, const Service* service)
{
    if (config.is_yes("smtpd_tls_wrappermode", service) ||
        smtpd_tls_level(config, service) != "none")
        return "";
    return trim_whitespace(config.expand("smtpd_tls_security_level", service)).empty()
               ? "no smtpd_tls_security_level is set and smtpd_use_tls is not yes"
               : "smtpd_tls_security_level = none";
}

bool sasl_enabled(const Configuration& config, const Service* service)
{
    return config.is_yes("smtpd_sasl_auth_enable", service);
}

bool offers_auth(const Configuration& config, const Service* service)
{
    return sasl_enabled(config, service) &&
           (!config.is_yes("smtpd_tls_auth_only", service) ||
            without_tls(config, service).empty());
}

} // namespace

void check_sasl_offer(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    const std::vector<const Service*> services = running_smtpd_services(config);
    const bool any_offers = std::any_of(services.begin(), services.end(), [&](const Service* s) {
        return offers_auth(config, s);
    });
    std::set<std::string> reported;
    for (const Service* service : services) {
        if (!sasl_enabled(config, service) || !config.is_yes("smtpd_tls_auth_only", service))
            continue;
        const std::string why = without_tls(config, service);
        const bool own = service->override_for("smtpd_sasl_auth_enable") ||
                         service->override_for("smtpd_tls_auth_only");
        if (why.empty() || (!own && any_offers))
            continue;
        const SourceLocation where = config.where_in_force("smtpd_tls_auth_only", *service);
        if (!reported.insert(where.file + ":" + std::to_string(where.line) + ":" +
                             std::to_string(where.column))
                 .second)
            continue;
        sink.report(Severity::error, where,
                    "smtpd_tls_auth_only = yes on smtpd service " + service->key() +
                        ", which has no TLS (" + why + "): smtpd never offers AUTH there, so "
                        "smtpd_sasl_auth_enable = yes does nothing, no client can log in and "
                        "permit_sasl_authenticated never matches (enable TLS on the service, "
                        "for example -o smtpd_tls_security_level=encrypt, or set "
                        "smtpd_tls_auth_only = no)",
                    code::sasl_auth_not_offered);
    }
}

} // namespace mf::compiler
