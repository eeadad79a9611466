// TLS required where other mail servers deliver. RFC 3207 says a publicly-referenced SMTP server
// must not require STARTTLS, and Postfix's documentation repeats it for
// smtpd_tls_security_level = encrypt: most servers on the Internet deliver without TLS or fall
// back to plaintext, and such a server answers their MAIL FROM with "530 5.7.0 Must issue a
// STARTTLS command first", so their mail is refused. The port-25 smtpd services are the inet
// ones on port 25 and, where postscreen holds port 25, the smtpd services it passes connections
// to. A warning (a private relay may mean it), at the setting that requires TLS.
// smtpd_tls_wrappermode = yes there (usually set in main.cf for the smtps port and so inherited by
// every smtpd) is worse: smtpd then expects a TLS handshake before its greeting, and a server
// that delivers with SMTP, with or without STARTTLS, never gets a banner. An error.
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/master_semantics.hpp"

namespace mf::compiler {

namespace {

bool on_port_25(const Configuration& config, const Service& service)
{
    return service.type.text == "inet" &&
           master_inet_port(service.name.text, config.known_tcp_ports()) == 25u;
}

// The setting that makes smtpd require TLS on `service`, or nullptr when it does not.
const Setting* requiring_setting(const Configuration& config, const Service& service)
{
    const auto level = config.lookup("smtpd_tls_security_level", &service);
    const std::string value(trim_whitespace(config.expand("smtpd_tls_security_level", &service)));
    if (!value.empty())
        return value == "encrypt" && level ? level->setting : nullptr;
    // Without a level, the legacy smtpd_enforce_tls = yes means encrypt.
    const auto enforce = config.lookup("smtpd_enforce_tls", &service);
    if (config.is_yes("smtpd_enforce_tls", &service) && enforce)
        return enforce->setting;
    return nullptr;
}

} // namespace

void check_public_mx_tls(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    bool postscreen_on_25 = false;
    for (const Service& service : config.services())
        postscreen_on_25 = postscreen_on_25 || (service.command_basename() == "postscreen" &&
                                                on_port_25(config, service));
    for (const Service& service : config.services()) {
        if (service.command_basename() != "smtpd" ||
            !(on_port_25(config, service) || (postscreen_on_25 && service.type.text == "pass")))
            continue;
        const auto wrappermode = config.lookup("smtpd_tls_wrappermode", &service);
        if (wrappermode && wrappermode->setting &&
            config.is_yes("smtpd_tls_wrappermode", &service))
            sink.report(Severity::error, wrappermode->setting->value_location,
                        "smtpd service " + service.key() + " receives mail on port 25 in TLS "
                        "wrapper mode (smtpd_tls_wrappermode = yes): it waits for a TLS handshake "
                        "before its greeting, so servers that deliver with SMTP (STARTTLS or not) "
                        "never get a banner and no mail arrives; set it only on the smtps "
                        "(submissions, port 465) service, with -o smtpd_tls_wrappermode=yes",
                        code::tls_required_on_mx);
        const Setting* setting = requiring_setting(config, service);
        if (!setting)
            continue;
        sink.report(Severity::warning, setting->value_location,
                    "smtpd service " + service.key() + " receives mail on port 25 and requires "
                    "TLS (" + setting->name + " = " + setting->value + "): servers that deliver "
                    "without STARTTLS get \"530 5.7.0 Must issue a STARTTLS command first\" and "
                    "their mail is refused; RFC 3207 says a public MX must not require TLS (use "
                    "may, and encrypt on the submission service)",
                    code::tls_required_on_mx);
    }
}

} // namespace mf::compiler
