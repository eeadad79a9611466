// See known_tcp_ports.hpp. Postfix pads each association with a space on either side before it
// cuts it at every '=' (so that "=25" has an empty name), and reads each piece as
// whitespace-separated words: exactly one word is a name or a port.
#include "compiler/known_tcp_ports.hpp"

#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The words of `piece`, at most two (the second only tells that there is more than one).
std::vector<std::string_view> first_words(std::string_view piece)
{
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (words.size() < 2) {
        while (at < piece.size() && is_space(piece[at]))
            ++at;
        if (at == piece.size())
            break;
        const std::size_t begin = at;
        while (at < piece.size() && !is_space(piece[at]))
            ++at;
        words.push_back(piece.substr(begin, at - begin));
    }
    return words;
}

// `association` cut at every '=', empty pieces kept.
std::vector<std::string_view> pieces_of(std::string_view association)
{
    std::vector<std::string_view> pieces;
    for (std::size_t begin = 0;;) {
        const std::size_t equals = association.find('=', begin);
        pieces.push_back(association.substr(begin, equals - begin));
        if (equals == std::string_view::npos)
            return pieces;
        begin = equals + 1;
    }
}

} // namespace

KnownTcpPorts::KnownTcpPorts(std::string_view setting, std::vector<KnownTcpPortProblem>* problems)
{
    auto warn = [&](std::size_t offset, std::string message) {
        if (problems)
            problems->push_back({offset, "known_tcp_ports: " + std::move(message)});
    };
    for (std::size_t begin = 0; begin < setting.size();) {
        std::size_t end = setting.find(',', begin);
        if (end == std::string_view::npos)
            end = setting.size();
        const std::string_view association = setting.substr(begin, end - begin);
        const std::size_t offset = begin;
        begin = end + 1;
        if (association.empty())
            continue;
        const std::string quoted = "\"" + std::string(association) + "\"";
        const std::vector<std::string_view> pieces = pieces_of(association);
        if (pieces.size() == 1) {
            warn(offset, "in " + quoted + " is not in \"name = value\" form");
            continue;
        }
        const std::vector<std::string_view> port = first_words(pieces.back());
        std::string error;
        if (port.empty())
            error = "missing port value after \"=\"";
        else if (port.size() > 1)
            error = "whitespace in port number";
        else
            for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {
                const std::vector<std::string_view> name = first_words(pieces[i]);
                const std::string piece_error =
                    name.empty()      ? "missing service name before \"=\""
                    : name.size() > 1 ? "whitespace in service name"
                                      : add(name.front(), port.front());
                if (error.empty())
                    error = piece_error;
            }
        if (!error.empty())
            warn(offset, "in " + quoted + ": " + error);
    }
}

std::string KnownTcpPorts::add(std::string_view name, std::string_view port)
{
    if (all_digits(name))
        return "numerical service name";
    if (!all_digits(port))
        return "non-numerical service port";
    if (port_of(name))
        return "duplicate service name";
    ports_.emplace_back(name, port);
    return "";
}

std::optional<std::string_view> KnownTcpPorts::port_of(std::string_view name) const
{
    for (const auto& [known, port] : ports_)
        if (known == name)
            return port;
    return std::nullopt;
}

std::string_view KnownTcpPorts::filter(std::string_view service) const
{
    return port_of(service).value_or(service);
}

} // namespace mf::compiler
