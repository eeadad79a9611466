// See service_ports.hpp. A services line is `name port/protocol [alias...] [# comment]`; lines
// that do not have that shape are skipped, as the C library skips them.
#include "compiler/service_ports.hpp"

#include "compiler/network_syntax.hpp"
#include "util/ascii.hpp"
#include "util/read_to_end.hpp"
#include "util/text_lines.hpp"

#include <unistd.h>

#include <charconv>
#include <string>

namespace mf::compiler {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The next whitespace-separated word of `line` from `at`, or an empty view at the end.
std::string_view next_word(std::string_view line, std::size_t& at)
{
    while (at < line.size() && is_space(line[at]))
        ++at;
    const std::size_t begin = at;
    while (at < line.size() && !is_space(line[at]))
        ++at;
    return line.substr(begin, at - begin);
}

std::optional<std::uint16_t> tcp_port_on_line(std::string_view line, std::string_view name)
{
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
        line = line.substr(0, hash);
    std::size_t at = 0;
    const std::string_view official = next_word(line, at);
    const std::string_view port_protocol = next_word(line, at);
    const auto slash = port_protocol.find('/');
    if (official.empty() || slash == std::string_view::npos ||
        port_protocol.substr(slash + 1) != "tcp")
        return std::nullopt;
    unsigned port = 0;
    const char* first = port_protocol.data();
    const char* last = first + slash;
    const auto [end, error] = std::from_chars(first, last, port);
    if (error != std::errc() || end != last || port > 65535)
        return std::nullopt;
    for (std::string_view word = official; !word.empty(); word = next_word(line, at))
        if (word == name)
            return static_cast<std::uint16_t>(port);
    return std::nullopt;
}

} // namespace

std::optional<std::uint16_t> tcp_port_in_services(std::string_view services_text,
                                                  std::string_view name)
{
    while (!services_text.empty())
        if (auto port = tcp_port_on_line(take_line(services_text), name))
            return port;
    return std::nullopt;
}

std::optional<std::uint16_t> tcp_service_port(std::string_view name)
{
    // Unreadable: no name is known, as for the C library.
    static const std::string services = read_file("/etc/services").value_or("");
    return tcp_port_in_services(services, name);
}

bool services_database_readable() { return access("/etc/services", R_OK) == 0; }

std::optional<unsigned> next_hop_port(std::string_view hop, const KnownTcpPorts& known)
{
    const std::string_view port = known.filter(split_host_port(hop).port);
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

} // namespace mf::compiler
