// SMTP/LMTP client authentication switched on without credentials, or credentials without the
// switch. smtp(8) authenticates to a server only when smtp_sasl_auth_enable = yes AND
// smtp_sasl_password_maps holds a user:password for that server (lmtp(8): the lmtp_ names).
// The switch alone is fatal: smtp stops at start-up ("specify a password table via the
// `smtp_sasl_password_maps' configuration parameter"), an error. The maps alone are silently
// unused: no AUTH is sent, and a relay that wants it answers "530 Authentication required", a
// familiar surprise when setting up a smarthost; a warning. Reported at the half that is set,
// for each smtp/lmtp service of master.cf with its -o overrides.
#include <set>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

namespace {

void check_service(const Configuration& config, const Service& service, const std::string& prefix,
                   DiagnosticSink& sink, std::set<const Setting*>& reported)
{
    const std::string enable_name = prefix + "sasl_auth_enable";
    const std::string maps_name = prefix + "sasl_password_maps";
    const auto enable = config.lookup(enable_name, &service);
    const auto maps = config.lookup(maps_name, &service);
    if (!enable || !maps)
        return;
    const bool enabled = trim_whitespace(config.expand(enable_name, &service)) == "yes";
    const bool have_maps = !trim_whitespace(config.expand(maps_name, &service)).empty();
    const Setting* where = nullptr;
    Severity severity = Severity::warning;
    std::string message;
    if (enabled && !have_maps && enable->setting) {
        where = enable->setting;
        severity = Severity::error;
        message = enable_name + " = yes, but " + maps_name + " is empty: " +
                  std::string(service.command_basename()) + " stops at start-up (\"fatal: specify a "
                  "password table via the `" + maps_name + "' configuration parameter\"), and "
                  "mail for it waits in the queue";
    }
    else if (!enabled && have_maps && maps->setting) {
        where = maps->setting;
        message = maps_name + " is never read: " + enable_name + " is no, so the client "
                  "never sends AUTH (set " + enable_name + " = yes)";
    }
    if (!where)
        return;
    message += " (service " + service.key() + ")";
    if (reported.insert(where).second)
        sink.report(severity, where->value_location, std::move(message),
                    code::client_sasl_half_configured);
}

} // namespace

void check_client_sasl(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    std::set<const Setting*> reported;
    for (const Service& service : config.services()) {
        const std::string_view command = service.command_basename();
        // smtp(8) reads the lmtp_ names when it runs as lmtp.
        if (command == "smtp")
            check_service(config, service, "smtp_", sink, reported);
        else if (command == "lmtp")
            check_service(config, service, "lmtp_", sink, reported);
    }
}

} // namespace mf::compiler
