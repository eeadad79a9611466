// Network value syntax (see network_syntax.hpp). Postfix's own words are used where it has
// them ("non-null host address bits", "bad mask length") so that administrators recognise them.
#include "compiler/network_syntax.hpp"
#include "util/ascii.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace mf::compiler {

namespace {

// The network part with the prefix bits kept, as Postfix suggests it.
std::string network_of(const unsigned char* bytes, int family, long bits)
{
    unsigned char network[16] = {};
    const int size = family == AF_INET ? 4 : 16;
    for (int i = 0; i < size; ++i) {
        const long keep = bits - i * 8;
        network[i] = keep >= 8 ? bytes[i] : keep <= 0 ? 0 : bytes[i] & (0xff00 >> keep);
    }
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, network, text, sizeof text);
    return family == AF_INET ? std::string(text) : "[" + std::string(text) + "]";
}

} // namespace

bool is_numeric_address(std::string_view text, int family)
{
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN)
        return false;
    unsigned char bytes[16];
    const std::string copy(text);
    return inet_pton(family == 4 ? AF_INET : AF_INET6, copy.c_str(), bytes) == 1;
}

namespace {

// network_entry_problem's reading; `network` (when given) receives a numeric entry Postfix takes.
std::string read_network_entry(std::string_view entry, std::optional<NumericNetwork>* network)
{
    if (!entry.empty() && entry.front() == '!')
        entry.remove_prefix(1);
    if (entry.empty())
        return "an empty element";
    if (entry.front() == '/')
        return ""; // a file of patterns
    std::string_view address = entry;
    std::string_view prefix;
    bool has_prefix = false;
    bool bracketed = false;
    if (entry.front() == '[') {
        const auto close = entry.find(']');
        if (close == std::string_view::npos)
            return "\"" + std::string(entry) + "\" has '[' without ']'";
        address = entry.substr(1, close - 1);
        bracketed = true;
        const std::string_view after = entry.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != '/')
                return "unexpected text after ']' in \"" + std::string(entry) + "\"";
            prefix = after.substr(1);
            has_prefix = true;
        }
        if (const auto slash = address.find('/'); slash != std::string_view::npos) {
            if (has_prefix)
                return "two prefix lengths in \"" + std::string(entry) + "\"";
            prefix = address.substr(slash + 1); // [2001:db8::/32], as Postfix also accepts
            address = address.substr(0, slash);
            has_prefix = true;
        }
    }
    else {
        if (entry.find(':') != std::string_view::npos) {
            const std::string_view before = entry.substr(0, entry.find('/'));
            if (is_numeric_address(before, 6))
                return "IPv6 address \"" + std::string(entry) + "\" without brackets: Postfix "
                       "reads it as a type:table and stops (write [" + std::string(before) + "]" +
                       std::string(entry.substr(before.size())) + ")";
            return ""; // type:table
        }
        if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
            address = entry.substr(0, slash);
            prefix = entry.substr(slash + 1);
            has_prefix = true;
        }
    }
    const std::string text(address);
    unsigned char bytes[16] = {};
    int family = 0;
    if (inet_pton(AF_INET, text.c_str(), bytes) == 1)
        family = AF_INET;
    else if (inet_pton(AF_INET6, text.c_str(), bytes) == 1)
        family = AF_INET6;
    if (family == 0) {
        if (has_prefix)
            return "bad net/mask pattern \"" + std::string(entry) + "\": \"" + text +
                   "\" is not a numeric address";
        if (bracketed)
            return "\"" + std::string(entry) + "\": brackets hold a numeric address";
        return host_name_problem(address.front() == '.' ? address.substr(1) : address);
    }
    const long max_bits = family == AF_INET ? 32 : 128;
    auto numeric = [&](long bits) {
        if (network)
            *network = NumericNetwork{family == AF_INET ? 4 : 6, std::to_array(bytes), bits};
        return std::string();
    };
    if (!has_prefix)
        return numeric(max_bits);
    if (!all_digits(prefix) || prefix.size() > 3 || std::stol(std::string(prefix)) > max_bits)
        return "bad mask length in \"" + std::string(entry) + "\"";
    const long bits = std::stol(std::string(prefix));
    for (long bit = bits; bit < max_bits; ++bit)
        if (bytes[bit / 8] & (0x80 >> (bit % 8)))
            return "non-null host address bits in \"" + std::string(entry) +
                   "\", perhaps you should use \"" + network_of(bytes, family, bits) + "/" +
                   std::string(prefix) + "\" instead";
    return numeric(bits);
}

} // namespace

std::string network_entry_problem(std::string_view entry)
{
    return read_network_entry(entry, nullptr);
}

std::optional<NumericNetwork> numeric_network(std::string_view entry)
{
    std::optional<NumericNetwork> network;
    if (!read_network_entry(entry, &network).empty())
        return std::nullopt;
    return network;
}

std::string postfix_hostname_problem(std::string_view name)
{
    if (name.empty())
        return "empty hostname";
    if (name.size() > 255)
        return "bad length " + std::to_string(name.size());
    std::size_t label = 0;
    bool non_numeric = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        const bool last = i + 1 == name.size();
        if (c < 0x80 && (std::isalnum(c) || c == '_')) {
            if (++label > 63)
                return "label too long";
            non_numeric = non_numeric || !std::isdigit(c);
        }
        else if (c == '.') {
            if (label == 0 || last)
                return "misplaced delimiter";
            label = 0;
        }
        else if (c == '-') {
            non_numeric = true;
            if (++label == 1 || last || name[i + 1] == '.')
                return "misplaced hyphen";
        }
        else {
            return "invalid character " + std::to_string(c) + "(decimal)";
        }
    }
    if (!non_numeric)
        return "numeric hostname";
    return "";
}

std::string host_name_problem(std::string_view name)
{
    if (name.empty())
        return "an empty host name";
    if (name.size() > 255)
        return "a host name longer than 255 bytes";
    std::string_view rest = name;
    if (rest.back() == '.')
        rest.remove_suffix(1);
    std::size_t label = 0;
    for (std::size_t i = 0; i <= rest.size(); ++i) {
        if (i == rest.size() || rest[i] == '.') {
            if (label == 0)
                return "\"" + std::string(name) + "\" has an empty label";
            if (label > 63)
                return "\"" + std::string(name) + "\" has a label longer than 63 bytes";
            label = 0;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(rest[i]);
        if (!std::isalnum(c) && c != '-' && c != '_' && c < 0x80)
            return "\"" + std::string(name) + "\" has the character '" + std::string(1, rest[i]) +
                   "'";
        ++label;
    }
    return "";
}

HostPort split_host_port(std::string_view text)
{
    return grammar::host_port::parse(text);
}

namespace {

// A bracketed host's "IPv6:" prefix (RFC 5321's address literal), any case.
bool strip_ipv6_prefix(std::string_view& host)
{
    if (host.size() < 5 || !equal_ignoring_case(host.substr(0, 5), "IPv6:"))
        return false;
    host.remove_prefix(5);
    return true;
}

} // namespace

std::string helo_name_problem(std::string_view name)
{
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
        std::string_view literal = name.substr(1, name.size() - 2);
        if (strip_ipv6_prefix(literal) ? is_numeric_address(literal, 6)
                                       : is_numeric_address(literal, 4))
            return "";
    }
    // The receiver drops one trailing dot before it judges the name.
    const std::string reason =
        postfix_hostname_problem(name.ends_with('.') ? name.substr(0, name.size() - 1) : name);
    if (reason.empty())
        return "";
    return "\"" + std::string(name) + "\": " + reason +
           "; a receiver that checks HELO names (reject_invalid_helo_hostname) rejects it";
}

namespace {

// An inet service's host (empty: every address) and port, from its cut.
std::pair<std::string_view, std::string_view> service_host_port(const HostPort& parts,
                                                                std::string_view service)
{
    if (!parts.bracketed && !parts.has_colon)
        return {std::string_view(), service};
    std::string_view host = parts.host;
    if (parts.bracketed)
        strip_ipv6_prefix(host);
    return {host, parts.port};
}

} // namespace

std::pair<std::string_view, std::string_view> inet_service_host_port(std::string_view service)
{
    return service_host_port(split_host_port(service), service);
}

std::string inet_service_problem(std::string_view service)
{
    const HostPort parts = split_host_port(service);
    if (!parts.closed)
        return "missing \"]\"";
    if (parts.text_after_bracket)
        return "garbage after \"]\"";
    if (std::string_view literal = parts.host;
        parts.bracketed && strip_ipv6_prefix(literal) && !is_numeric_address(literal, 6))
        return "malformed IPv6 address";
    const auto [host, port] = service_host_port(parts, service);
    if (port.empty())
        return "missing service information";
    // An empty host outside brackets is master's default, every address, and is not checked.
    if ((parts.bracketed || !host.empty()) && !postfix_hostname_problem(host).empty() &&
        !is_numeric_address(host, 4) && !is_numeric_address(host, 6))
        return "valid hostname or network address required";
    if (std::isdigit(static_cast<unsigned char>(port.front())) &&
        !std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return "garbage after numerical service";
    return "";
}

std::string next_hop_problem(std::string_view hop)
{
    const HostPort parts = split_host_port(hop);
    std::string_view host = parts.host;
    const std::string_view port = parts.port;
    if (!parts.closed)
        return "\"" + std::string(hop) + "\" has '[' without ']'";
    if (parts.text_after_bracket)
        return "unexpected text after ']' in \"" + std::string(hop) + "\"";
    if (parts.has_colon && port.empty())
        return "an empty port in \"" + std::string(hop) + "\"";
    if (parts.bracketed) {
        strip_ipv6_prefix(host);
        if (is_numeric_address(host, 4) || is_numeric_address(host, 6))
            host = {};
    }
    if (!port.empty())
        for (char c : port)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
                return "bad port \"" + std::string(port) + "\" in \"" + std::string(hop) + "\"";
    if (host.empty())
        return hop.empty() || hop.front() != '[' ? "an empty host in \"" + std::string(hop) + "\"" : "";
    return host_name_problem(host);
}

std::string mail_address_problem(std::string_view address)
{
    bool quoted = false;
    std::size_t at = std::string_view::npos;
    for (std::size_t i = 0; i < address.size(); ++i) {
        const char c = address[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '<' || c == '>')
            return "\"" + std::string(address) + "\" is not one address (it has '" +
                   (std::isspace(static_cast<unsigned char>(c)) ? std::string("a space")
                                                                : std::string(1, c)) +
                   "')";
        else if (c == '@')
            at = i;
    }
    if (quoted)
        return "\"" + std::string(address) + "\" has an unterminated quote";
    if (at == 0)
        return "\"" + std::string(address) + "\" has an empty local part";
    if (at != std::string_view::npos) {
        const std::string_view domain = address.substr(at + 1);
        if (domain.empty())
            return "\"" + std::string(address) + "\" has an empty domain";
        if (domain.front() != '[')
            if (std::string problem = host_name_problem(domain); !problem.empty())
                return "bad domain in \"" + std::string(address) + "\": " + problem;
    }
    return "";
}

} // namespace mf::compiler
