// An after-queue content filter that gets its own mail back (content-filter-loop). With
// content_filter = scan:[127.0.0.1]:10024 the queue manager hands each message to a filter
// (amavisd-new, FILTER_README's examples) that sends it back into Postfix through an smtpd
// service on the next port, 10025 by their convention. That service must turn the filter off
// (-o content_filter=); one that keeps the same content_filter hands the message to the filter
// again, round and round, each pass adding a Received: header, until cleanup refuses it
// ("message rejected: hopcount exceeded") and the mail is stuck or bounced. Judged for every
// smtpd inet service whose own content_filter (main.cf's or its -o) is an smtp or lmtp
// transport to the port just below the one it listens on.
#include <optional>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/master_semantics.hpp"
#include "compiler/service_ports.hpp"

namespace mf::compiler {

namespace {

// The port of the filter a content_filter value sends mail to through an smtp or lmtp
// transport of master.cf; nullopt for any other filter.
std::optional<unsigned> filter_port(const Configuration& config, std::string_view filter)
{
    const auto colon = filter.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    const Service* transport = config.find_service(filter.substr(0, colon), "unix");
    if (!transport || (transport->command_basename() != "smtp" &&
                       transport->command_basename() != "lmtp"))
        return std::nullopt;
    // The client reads known_tcp_ports as its own parameters say, -o included.
    return next_hop_port(filter.substr(colon + 1),
                         KnownTcpPorts(config.expand("known_tcp_ports", transport)));
}

} // namespace

void check_content_filter_loop(const Configuration& config, DiagnosticSink& sink,
                               const CheckOptions&)
{
    for (const Service& receiver : config.services()) {
        if (receiver.type.text != "inet" || receiver.command_basename() != "smtpd")
            continue;
        const auto port = master_inet_port(receiver.name.text, config.known_tcp_ports());
        const std::string filter(trim_whitespace(config.expand("content_filter", &receiver)));
        const auto filter_at = filter.empty() ? std::nullopt : filter_port(config, filter);
        if (!port || !filter_at || *filter_at + 1 != *port)
            continue;
        sink.report(Severity::error, receiver.location,
                    "master.cf service " + receiver.key() + ", on the port after the content "
                    "filter's (" + filter + ", where the filter hands mail back by the usual "
                    "convention), keeps content_filter = " + filter + ": each message goes to "
                    "the filter again, round and round, until cleanup refuses it (\"message "
                    "rejected: hopcount exceeded\"); add \"-o content_filter=\" to this service",
                    code::content_filter_loop);
    }
}

} // namespace mf::compiler
