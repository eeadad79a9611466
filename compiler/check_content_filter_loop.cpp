// An after-queue content filter that gets its own mail back (content-filter-loop). With
// content_filter = scan:[127.0.0.1]:10024 the queue manager hands each message to a filter
// (amavisd-new, FILTER_README's examples) that sends it back into Postfix through an smtpd
// service on the next port, 10025 by their convention. That service must turn the filter off
// (-o content_filter=); one that keeps the same content_filter hands the message to the filter
// again, round and round, each pass adding a Received: header, until cleanup refuses it
// ("message rejected: hopcount exceeded") and the mail is stuck or bounced. Judged for every
// service whose content_filter is an smtp or lmtp transport to a numeric port: the smtpd inet
// services on the port after it that keep the same content_filter.
#include <charconv>
#include <optional>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/network_syntax.hpp"
#include "compiler/unique_reporter.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// host:port, [host]:port, or a port alone (a master.cf inet service on every address).
std::optional<unsigned> numeric_port(std::string_view text)
{
    const HostPort parts = split_host_port(text);
    const std::string_view port = parts.has_colon || parts.bracketed ? parts.port : text;
    unsigned number = 0;
    if (port.empty() || !all_digits(port) ||
        std::from_chars(port.data(), port.data() + port.size(), number).ec != std::errc())
        return std::nullopt;
    return number;
}

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
    return numeric_port(filter.substr(colon + 1));
}

} // namespace

void check_content_filter_loop(const Configuration& config, DiagnosticSink& sink,
                               const CheckOptions&)
{
    UniqueReporter reporter(sink);
    // A service without -o overrides has main.cf's.
    const std::string main_filter(trim_whitespace(config.expand("content_filter")));
    auto filter_of = [&](const Service& service) {
        return !service.overrides.empty()
                   ? std::string(trim_whitespace(config.expand("content_filter", &service)))
                   : main_filter;
    };
    for (const Service& sender : config.services()) {
        const std::string filter = filter_of(sender);
        const auto port = filter.empty() ? std::nullopt : filter_port(config, filter);
        if (!port)
            continue;
        for (const Service& receiver : config.services()) {
            if (receiver.type.text != "inet" || receiver.command_basename() != "smtpd" ||
                numeric_port(receiver.name.text) != *port + 1 ||
                filter_of(receiver) != filter)
                continue;
            reporter.report(Severity::error, receiver.location,
                            "master.cf service " + receiver.key() + ", on the port after the "
                            "content filter's (" + filter + ", where the filter hands mail "
                            "back by the usual convention), keeps content_filter = " + filter +
                            ": each message goes to the filter again, round and round, until "
                            "cleanup refuses it (\"message rejected: hopcount exceeded\"); add "
                            "\"-o content_filter=\" to this service",
                            code::content_filter_loop);
        }
    }
}

} // namespace mf::compiler
