// Open relays: for every smtpd service master runs, after its -o overrides, smtpd_relay_restrictions
// and smtpd_recipient_restrictions must refuse mail for destinations this server does not serve
// (restriction_analysis.hpp: check_open_relay). Services that override nothing relevant share
// main.cf's verdict, reported once at main.cf; an override is reported at its -o operand.
#include "compiler/checks.hpp"
#include "compiler/compatibility_level.hpp"
#include "compiler/restriction_inputs.hpp"

namespace mf::compiler {

namespace {

void check_pair(const Configuration& config, const Service* service, std::string_view label,
                UniqueReporter& reporter)
{
    check_open_relay(restriction_value(config, "smtpd_relay_restrictions", service),
                     restriction_value(config, "smtpd_recipient_restrictions", service),
                     restriction_environment(config, service), label, reporter);
}

} // namespace

void check_open_relays(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    // The lists' defaults follow compatibility_level; a malformed one stops every program
    // first, and is check_parameter_values' error.
    if (!compatibility_level_value(config.expand("compatibility_level")))
        return;
    UniqueReporter reporter(sink);
    const auto services = running_smtpd_services(config);
    if (services.empty() && !config.has_master_cf()) {
        check_pair(config, nullptr, "", reporter);
        return;
    }
    for (const Service* service : services) {
        if (overrides_restrictions(*service))
            check_pair(config, service, service->key(), reporter);
        else
            check_pair(config, nullptr, "", reporter);
    }
}

} // namespace mf::compiler
