// The SMTP client's TLS wrapper mode against the relayhost's port (client-wrapper-mode). Port
// 465 (submissions, RFC 8314) starts every connection with TLS: smtp must be told so with
// smtp_tls_wrappermode = yes, or it waits for a greeting that never comes ("timed out while
// receiving the initial server greeting") and the mail waits in the queue. The other way round,
// with smtp_tls_wrappermode = yes smtp starts with a TLS handshake, which a server on port 587
// or 25 (and every MX, when there is no relayhost) answers with its plain-text greeting: the
// handshake fails and the mail waits. Judged for the smtp service default_transport names
// (the one that delivers to relayhost), with its -o overrides; errors at the setting to change.
#include <charconv>
#include <optional>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/network_syntax.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/service_ports.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// The TCP port of a next hop as smtp reads it: after "]:" or the last ':', 25 without one;
// nullopt for a service name /etc/services does not list.
std::optional<unsigned> next_hop_port(std::string_view hop)
{
    const std::string_view port = split_host_port(hop).port;
    if (port.empty())
        return 25;
    if (all_digits(port)) {
        unsigned number = 0;
        const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
        return error == std::errc() ? std::optional<unsigned>(number) : std::nullopt;
    }
    if (const auto number = tcp_service_port(port))
        return *number;
    return std::nullopt;
}

} // namespace

void check_wrapper_mode(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    const std::string transport_value(trim_whitespace(config.expand("default_transport")));
    const std::string transport = transport_value.substr(0, transport_value.find(':'));
    const Service* service = config.find_service(transport, "unix");
    if (!service || service->command_basename() != "smtp")
        return;
    const bool wrapped =
        trim_whitespace(config.expand("smtp_tls_wrappermode", service)) == "yes";
    const auto wrapper_setting = config.lookup("smtp_tls_wrappermode", service);
    const auto relayhost = config.lookup("relayhost");
    const std::string relays = config.expand("relayhost");
    const auto hops = split_postfix_list(relays).tokens;
    if (hops.empty()) {
        if (wrapped && wrapper_setting && wrapper_setting->setting)
            sink.report(Severity::error, wrapper_setting->setting->value_location,
                        "smtp_tls_wrappermode = yes on service " + service->key() +
                            ", which delivers to each domain's MX on port 25 (relayhost is "
                            "empty): every MX greets in plain text, the TLS handshake fails, and "
                            "the mail waits in the queue",
                        code::client_wrapper_mode);
        return;
    }
    if (!relayhost || !relayhost->setting)
        return;
    for (const ListToken& hop : hops) {
        const auto port = next_hop_port(hop.text);
        if (!port || (*port == 465) == wrapped)
            continue;
        if (*port == 465) {
            sink.report(Severity::error, relayhost->setting->location_in_expansion(relays, hop.offset),
                        "relayhost " + hop.text + " is port 465 (submissions), where the server "
                        "starts with TLS, but smtp_tls_wrappermode is not yes on service " +
                            service->key() + ": smtp waits for a greeting that never comes "
                            "(\"timed out while receiving the initial server greeting\") and "
                            "the mail waits in the queue (set smtp_tls_wrappermode = yes and "
                            "smtp_tls_security_level = encrypt)",
                        code::client_wrapper_mode);
        }
        else if (wrapper_setting && wrapper_setting->setting) {
            sink.report(Severity::error, wrapper_setting->setting->value_location,
                        "smtp_tls_wrappermode = yes on service " + service->key() +
                            ", but relayhost " + hop.text + " is port " +
                            std::to_string(*port) + ", where the server greets in plain text "
                            "(STARTTLS): the TLS handshake fails and the mail waits in the "
                            "queue (use port 465, or set smtp_tls_wrappermode = no)",
                        code::client_wrapper_mode);
        }
        return;
    }
}

} // namespace mf::compiler
