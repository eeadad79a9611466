// The SMTP client's TLS wrapper mode against the next hop's port (client-wrapper-mode). Port
// 465 (submissions, RFC 8314) starts every connection with TLS: smtp must be told so with
// smtp_tls_wrappermode = yes, or it waits for a greeting that never comes ("timed out while
// receiving the initial server greeting") and the mail waits in the queue. The other way round,
// with smtp_tls_wrappermode = yes smtp starts with a TLS handshake, which a server on port 587
// or 25 (and every MX, when there is no relayhost) answers with its plain-text greeting: the
// handshake fails and the mail waits. Judged for the smtp service default_transport names
// toward relayhost and the answers of sender_dependent_relayhost_maps (errors at the setting
// to change), and for the smtp service each transport_maps answer names toward its next hop
// (errors at the table line), each with the service's -o overrides.

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/service_ports.hpp"
#include "compiler/table_values.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

// The smtp service a transport name selects; nullptr when it is not smtp(8).
const Service* smtp_service(const Configuration& config, std::string_view transport)
{
    const Service* service = config.find_service(transport, "unix");
    return service && service->command_basename() == "smtp" ? service : nullptr;
}

bool wraps_tls(const Configuration& config, const Service& service)
{
    return config.is_yes("smtp_tls_wrappermode", &service);
}

// What is wrong with delivering through `service` to the first of `hops` whose port does not
// fit its wrapper mode, with that hop's offset in `hops`: "" when every port fits.
std::string hop_problem(const Configuration& config, const Service& service,
                        std::string_view hops, std::size_t& offset, const std::string& what)
{
    const bool wrapped = wraps_tls(config, service);
    // smtp reads known_tcp_ports as its own parameters say, -o included.
    const KnownTcpPorts known(config.expand("known_tcp_ports", &service));
    for (const ListToken& hop : split_postfix_list(hops).tokens) {
        const auto port = next_hop_port(hop.text, known);
        if (!port || (*port == 465) == wrapped)
            continue;
        offset = hop.offset;
        if (*port == 465)
            return what + hop.text + " is port 465 (submissions), where the server starts with "
                   "TLS, but smtp_tls_wrappermode is not yes on service " + service.key() +
                   ": smtp waits for a greeting that never comes (\"timed out while receiving "
                   "the initial server greeting\") and the mail waits in the queue (set "
                   "smtp_tls_wrappermode = yes and smtp_tls_security_level = encrypt)";
        return "smtp_tls_wrappermode = yes on service " + service.key() + ", but " + what +
               hop.text + " is port " + std::to_string(*port) + ", where the server greets in "
               "plain text (STARTTLS): the TLS handshake fails and the mail waits in the queue "
               "(use port 465, or set smtp_tls_wrappermode = no)";
    }
    return "";
}

// relayhost, for the service default_transport names.
void check_relayhost(const Configuration& config, const Service& service, DiagnosticSink& sink)
{
    const auto wrapper_setting = config.lookup("smtp_tls_wrappermode", &service);
    const bool wrapper_set = wrapper_setting && wrapper_setting->setting;
    const auto relayhost = config.lookup("relayhost");
    const std::string relays = config.expand("relayhost");
    if (split_postfix_list(relays).tokens.empty()) {
        if (wraps_tls(config, service) && wrapper_set)
            sink.report(Severity::error, wrapper_setting->setting->value_location,
                        "smtp_tls_wrappermode = yes on service " + service.key() +
                            ", which delivers to each domain's MX on port 25 (relayhost is "
                            "empty): every MX greets in plain text, the TLS handshake fails, and "
                            "the mail waits in the queue",
                        code::client_wrapper_mode);
        return;
    }
    if (!relayhost || !relayhost->setting)
        return;
    std::size_t offset = 0;
    std::string problem = hop_problem(config, service, relays, offset, "relayhost ");
    if (problem.empty())
        return;
    // Port 465 is fixed at the relayhost; a wrong wrapper mode at its setting.
    const bool at_hop = !wraps_tls(config, service);
    if (!at_hop && !wrapper_set)
        return;
    sink.report(Severity::error,
                at_hop ? ExpansionLocator(*relayhost->setting, relays, &config).at(offset)
                       : wrapper_setting->setting->value_location,
                std::move(problem), code::client_wrapper_mode);
}

// The answers of sender_dependent_relayhost_maps (relayhost values, for the service
// default_transport names) and transport_maps (transport:nexthop).
void check_table_hops(const Configuration& config, const CheckOptions& options,
                      const Service* default_service, DiagnosticSink& sink)
{
    UniqueReporter reporter(sink);
    for_each_table_answer_of(
        config, options, {"transport_maps", "sender_dependent_relayhost_maps"},
        [&](const NamedTableAnswer& named) {
            const std::string_view answer = trim_whitespace(named.answer.value);
            const Service* service = default_service;
            std::string_view hops = answer;
            if (named.setting.name == "transport_maps") {
                const auto colon = answer.find(':');
                if (colon == std::string_view::npos)
                    return;
                service = smtp_service(config, answer.substr(0, colon));
                hops = answer.substr(colon + 1);
            }
            if (!service)
                return;
            std::size_t offset = 0;
            const std::string problem = hop_problem(config, *service, hops, offset, "next hop ");
            if (!problem.empty())
                reporter.report(Severity::error, named.location(), named.label() + problem,
                                code::client_wrapper_mode);
        });
}

} // namespace

void check_wrapper_mode(const Configuration& config, DiagnosticSink& sink,
                        const CheckOptions& options)
{
    const std::string transport_value(trim_whitespace(config.expand("default_transport")));
    const Service* service =
        smtp_service(config, std::string_view(transport_value).substr(0, transport_value.find(':')));
    if (service)
        check_relayhost(config, *service, sink);
    check_table_hops(config, options, service, sink);
}

} // namespace mf::compiler
