// master.cf semantics (see master_semantics.hpp).
#include "compiler/master_semantics.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "compiler/network_syntax.hpp"
#include "compiler/service_ports.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

constexpr auto daemons = std::to_array<std::string_view>({
    "anvil",   "bounce", "cleanup",   "discard", "dnsblog", "error",    "flush",
    "lmtp",    "local",  "nqmgr",     "oqmgr",   "pickup",  "pipe",     "postlogd",
    "postscreen", "proxymap", "qmgr", "qmqpd",   "scache",  "showq",    "smtp",
    "smtpd",   "spawn",  "tlsmgr",    "tlsproxy", "trivial-rewrite", "verify", "virtual",
});

// Numeric port for a numeric or symbolic service, as master finds it: known_tcp_ports first,
// then getaddrinfo().
std::string canonical_port(std::string_view port, const KnownTcpPorts& known)
{
    port = known.filter(port);
    if (all_digits(port)) {
        const auto value = std::stoul(std::string(port.substr(0, 9)));
        return std::to_string(value);
    }
    if (const auto number = tcp_service_port(port))
        return std::to_string(*number);
    return std::string(port);
}

// A numeric address in its normal form; a host name is kept (lower case), never resolved.
std::string canonical_host(std::string_view host)
{
    const std::string text(host);
    unsigned char buffer[sizeof(in6_addr)];
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET, text.c_str(), buffer) == 1 &&
        inet_ntop(AF_INET, buffer, out, sizeof out))
        return out;
    if (inet_pton(AF_INET6, text.c_str(), buffer) == 1 &&
        inet_ntop(AF_INET6, buffer, out, sizeof out))
        return out;
    return ascii_lowercase(host);
}

std::string canonical_inet(std::string_view service, const KnownTcpPorts& known)
{
    const auto [host, port] = inet_service_host_port(service);
    const std::string canonical = canonical_port(port, known);
    if (host.empty())
        return canonical;
    return "[" + canonical_host(host) + "]:" + canonical;
}

} // namespace

std::string master_endpoint_name(std::string_view service, std::string_view type,
                                 bool private_service, const KnownTcpPorts& known)
{
    if (type == "inet")
        return canonical_inet(service, known);
    return std::string(private_service ? "private/" : "public/") + std::string(service);
}

std::string master_endpoint_key(std::string_view service, std::string_view type,
                                bool private_service, const KnownTcpPorts& known)
{
    return std::string(type) + " " + master_endpoint_name(service, type, private_service, known);
}

std::optional<unsigned> master_inet_port(std::string_view service, const KnownTcpPorts& known)
{
    const std::string port = canonical_port(inet_service_host_port(service).second, known);
    if (port.empty() || !all_digits(port))
        return std::nullopt;
    unsigned number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    return error == std::errc() ? std::optional<unsigned>(number) : std::nullopt;
}

std::span<const std::string_view> postfix_daemons() { return daemons; }

bool is_postfix_daemon(std::string_view command)
{
    return std::find(daemons.begin(), daemons.end(), command) != daemons.end();
}

bool needs_single_process(std::string_view command)
{
    static constexpr std::string_view single[] = {"qmgr",   "nqmgr",  "oqmgr",     "pickup",
                                                  "tlsmgr", "anvil",  "scache",    "postlogd",
                                                  "postscreen"};
    return std::find(std::begin(single), std::end(single), command) != std::end(single);
}

bool acts_on_wakeup(std::string_view command)
{
    static constexpr std::string_view triggered[] = {"pickup", "qmgr",  "nqmgr",
                                                     "oqmgr",  "flush", "tlsmgr"};
    return std::find(std::begin(triggered), std::end(triggered), command) != std::end(triggered);
}

bool needs_argv_attribute(std::string_view command) { return command == "pipe" || command == "spawn"; }

bool refuses_arguments(std::string_view command)
{
    static constexpr std::string_view refusing[] = {
        "anvil",  "bounce", "cleanup", "discard", "dnsblog", "error",    "flush",
        "local",  "nqmgr",  "oqmgr",   "pickup",  "postlogd", "proxymap", "qmgr",
        "qmqpd",  "scache", "showq",   "smtpd",   "tlsmgr",  "tlsproxy", "trivial-rewrite",
        "verify", "virtual"};
    return std::find(std::begin(refusing), std::end(refusing), command) != std::end(refusing);
}

} // namespace mf::compiler
