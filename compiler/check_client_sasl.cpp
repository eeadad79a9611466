// SMTP/LMTP client authentication switched on without credentials, or credentials without the
// switch. smtp(8) authenticates to a server only when smtp_sasl_auth_enable = yes AND
// smtp_sasl_password_maps holds a user:password for that server (lmtp(8): the lmtp_ names).
// The switch alone is fatal: smtp stops at start-up ("specify a password table via the
// `smtp_sasl_password_maps' configuration parameter"), an error. The maps alone are silently
// unused: no AUTH is sent, and a relay that wants it answers "530 Authentication required", a
// familiar surprise when setting up a smarthost; a warning. Reported at the half that is set,
// for each smtp/lmtp service of master.cf with its -o overrides.
// With both set, the SASL security options in force must allow the mechanisms relays offer.
// Postfix's default, noplaintext, noanonymous (smtp_sasl_security_options, and through it the
// TLS variants), rules out PLAIN and LOGIN, the only ones most relays offer: smtp logs "SASL
// authentication failed; cannot authenticate to server ...: no mechanism available" and the
// mail waits in the queue (client-sasl-plaintext-refused, a warning: a relay may offer another
// mechanism).
#include <algorithm>
#include <iterator>
#include <set>

#include "compiler/checks.hpp"
#include "compiler/tls_level.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/postfix_list_split.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// The SASL security options smtp applies at the service's TLS level: the TLS variants once a
// session is encrypted (levels may and above), the verified ones once the server is verified.
std::string security_options_name(const Configuration& config, const Service& service,
                                  const std::string& prefix)
{
    const std::string level =
        client_tls_level(config, std::string_view(prefix).substr(0, prefix.size() - 1), &service);
    if (level == "verify" || level == "secure" || level == "fingerprint")
        return prefix + "sasl_tls_verified_security_options";
    if (level == "may" || level == "encrypt" || level == "dane" || level == "dane-only")
        return prefix + "sasl_tls_security_options";
    return prefix + "sasl_security_options";
}

void check_mechanisms(const Configuration& config, const Service& service,
                      const std::string& prefix, const ParameterValue& enable,
                      DiagnosticSink& sink, std::set<const Setting*>& reported)
{
    const std::string name = security_options_name(config, service, prefix);
    const std::string options = config.expand(name, &service);
    bool noplaintext = false;
    for (const ListToken& option : split_postfix_list(options).tokens)
        noplaintext = noplaintext || equal_ignoring_case(option.text, "noplaintext");
    if (!noplaintext)
        return;
    // At the options where they are set, following each default to the one it names
    // (verified -> tls -> plain); at the switch where no level sets them.
    const std::string chain[] = {prefix + "sasl_tls_verified_security_options",
                                 prefix + "sasl_tls_security_options",
                                 prefix + "sasl_security_options"};
    const Setting* where = enable.setting;
    for (auto it = std::find(std::begin(chain), std::end(chain), name); it != std::end(chain); ++it)
        if (const auto value = config.lookup(*it, &service); value && value->setting) {
            where = value->setting;
            break;
        }
    if (!where || !reported.insert(where).second)
        return;
    const std::string program(service.command_basename());
    sink.report(Severity::warning, where->value_location,
                name + " = " + std::string(trim_whitespace(options)) + " rules out PLAIN and "
                "LOGIN, the only mechanisms most relays offer: " + program + " then logs \"SASL "
                "authentication failed; cannot authenticate to server ...: no mechanism "
                "available\" and the mail waits in the queue (set " + prefix +
                "sasl_security_options = noanonymous, and use TLS to protect the password; "
                "service " + service.key() + ")",
                code::client_sasl_plaintext_refused);
}

void check_service(const Configuration& config, const Service& service, const std::string& prefix,
                   DiagnosticSink& sink, std::set<const Setting*>& reported)
{
    const std::string enable_name = prefix + "sasl_auth_enable";
    const std::string maps_name = prefix + "sasl_password_maps";
    const auto enable = config.lookup(enable_name, &service);
    const auto maps = config.lookup(maps_name, &service);
    if (!enable || !maps)
        return;
    const bool enabled = config.is_yes(enable_name, &service);
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
    if (enabled && have_maps)
        check_mechanisms(config, service, prefix, *enable, sink, reported);
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
