// Host-dependent defaults, computed the way Postfix computes them: gethostname() for
// myhostname, and for mynetworks the interface addresses (IPv4 first, then IPv6, each in
// interface order; compiler/interface_addresses.hpp) narrowed to what inet_interfaces and
// inet_protocols select, without repeats. No DNS
// lookups (host names in inet_interfaces come from /etc/hosts): mfcc must stay fast and work
// offline in CI.
#include "compiler/host_defaults.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <utility>
#include <vector>

#include "compiler/interface_addresses.hpp"
#include "util/ascii.hpp"
#include "util/read_to_end.hpp"
#include "util/text_lines.hpp"

namespace mf::compiler {

namespace {

std::size_t address_bytes(int family) { return family == AF_INET ? 4 : 16; }

std::string format_network(int family, const unsigned char* address, int bits)
{
    std::array<unsigned char, 16> network{};
    const std::size_t bytes = address_bytes(family);
    for (std::size_t i = 0; i < bytes; ++i) {
        const int keep = std::clamp(bits - static_cast<int>(i * 8), 0, 8);
        network[i] = address[i] & static_cast<unsigned char>(0xff00 >> keep);
    }
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, network.data(), text, sizeof text);
    if (family == AF_INET)
        return std::string(text) + "/" + std::to_string(bits);
    return "[" + std::string(text) + "]/" + std::to_string(bits);
}

bool is_loopback(const HostInterface& entry)
{
    if (entry.family == AF_INET)
        return entry.address[0] == 127;
    static constexpr std::array<unsigned char, 16> loopback6 = {0, 0, 0, 0, 0, 0, 0, 0,
                                                                 0, 0, 0, 0, 0, 0, 0, 1};
    return entry.address == loopback6;
}

bool is_list_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n'; }

std::vector<std::string_view> split_words(std::string_view text)
{
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && is_list_separator(text[pos]))
            ++pos;
        const std::size_t start = pos;
        while (pos < text.size() && !is_list_separator(text[pos]))
            ++pos;
        if (pos > start)
            words.push_back(text.substr(start, pos - start));
    }
    return words;
}

// inet_protocols as Postfix reads it (ipv4, ipv6, all; any case); "all" keeps IPv6 only
// where the host supports it.
struct Families {
    bool ipv4 = false;
    bool ipv6 = false;
    bool enabled(int family) const { return family == AF_INET ? ipv4 : ipv6; }
};

Families enabled_families(std::string_view inet_protocols)
{
    Families families;
    for (std::string_view word : split_words(inet_protocols)) {
        std::string lower(word);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower == "ipv4" || lower == "all")
            families.ipv4 = true;
        if (lower == "ipv6")
            families.ipv6 = true;
        if (lower == "all") {
            const int probe = socket(AF_INET6, SOCK_STREAM, 0);
            families.ipv6 = families.ipv6 || probe >= 0;
            if (probe >= 0)
                close(probe);
        }
    }
    return families;
}

bool parse_address(std::string_view text, HostInterface& out)
{
    const std::string copy(text);
    for (int family : {AF_INET, AF_INET6})
        if (inet_pton(family, copy.c_str(), out.address.data()) == 1) {
            out.family = family;
            return true;
        }
    return false;
}

// The addresses /etc/hosts gives a name (Postfix asks the resolver; mfcc stays offline).
std::vector<HostInterface> hosts_file_addresses(std::string_view name)
{
    std::vector<HostInterface> found;
    const std::string hosts = read_file("/etc/hosts").value_or("");
    for (std::string_view rest = hosts; !rest.empty();) {
        const std::string_view line = take_line(rest);
        const auto words = split_words(line.substr(0, line.find('#')));
        HostInterface entry;
        if (words.size() < 2 || !parse_address(words[0], entry))
            continue;
        for (std::size_t i = 1; i < words.size(); ++i)
            if (equal_ignoring_case(words[i], name)) {
                found.push_back(entry);
                break;
            }
    }
    return found;
}

// The interface entries an explicit inet_interfaces list selects: its addresses sorted and
// without repeats (as Postfix's inet_addr_list_uniq), each with the netmask of the interface
// that has it; an address no interface has is left out (Postfix stops on it).
std::vector<HostInterface> listed_interfaces(const std::vector<HostInterface>& all,
                                             std::string_view inet_interfaces,
                                             const Families& families)
{
    std::vector<HostInterface> listed;
    for (std::string_view word : split_words(inet_interfaces)) {
        if (word.size() >= 2 && word.front() == '[' && word.back() == ']')
            word = word.substr(1, word.size() - 2);
        HostInterface entry;
        std::vector<HostInterface> addresses;
        if (parse_address(word, entry))
            addresses.push_back(entry);
        else
            addresses = hosts_file_addresses(word);
        for (const HostInterface& address : addresses)
            if (families.enabled(address.family))
                listed.push_back(address);
    }
    auto key = [](const HostInterface& entry) { return std::make_pair(entry.family, entry.address); };
    std::sort(listed.begin(), listed.end(),
              [&](const HostInterface& a, const HostInterface& b) { return key(a) < key(b); });
    listed.erase(std::unique(listed.begin(), listed.end(),
                             [&](const HostInterface& a, const HostInterface& b) { return key(a) == key(b); }),
                 listed.end());
    std::vector<HostInterface> out;
    for (const HostInterface& address : listed)
        for (const HostInterface& candidate : all)
            if (key(candidate) == key(address)) {
                out.push_back(candidate);
                break;
            }
    return out;
}

} // namespace

std::string HostNetworks::mynetworks(std::string_view style, std::string_view inet_interfaces,
                                     std::string_view inet_protocols) const
{
    const Families families = enabled_families(inet_protocols);
    std::vector<HostInterface> selected;
    const auto interface_words = split_words(inet_interfaces);
    const bool all = interface_words.size() == 1 && interface_words[0] == "all";
    const bool loopback = interface_words.size() == 1 && interface_words[0] == "loopback-only";
    if (all || loopback) {
        for (const HostInterface& entry : interfaces)
            if (families.enabled(entry.family) && (all || is_loopback(entry)))
                selected.push_back(entry);
    }
    else {
        selected = listed_interfaces(interfaces, inet_interfaces, families);
    }
    std::vector<std::string> shown;
    for (const HostInterface& entry : selected) {
        int bits = entry.prefix;
        if (style == "host")
            bits = entry.family == AF_INET ? 32 : 128;
        else if (style == "class" && entry.family == AF_INET) {
            const unsigned char first = entry.address[0];
            bits = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 4;
        }
        std::string network = format_network(entry.family, entry.address.data(), bits);
        if (std::find(shown.begin(), shown.end(), network) == shown.end())
            shown.push_back(std::move(network));
    }
    // Each network followed by a space, as Postfix builds the value: the trailing space shows
    // where $mynetworks is expanded inside another value ("[$mynetworks]", "$mynetworks, x").
    std::string out;
    for (const std::string& network : shown)
        out += network + " ";
    return out;
}

HostNames host_names()
{
    HostNames out;
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        std::strcpy(name, "localhost");
    out.system_name = name;
    out.host_name = default_host_name(out.system_name, "localdomain");
    out.domain_name = default_domain_name(out.host_name);
    return out;
}

bool default_host_name_reads_domain(std::string_view system_name)
{
    return system_name.find('.') == std::string_view::npos;
}

std::string default_host_name(std::string_view system_name, std::string_view domain)
{
    if (!default_host_name_reads_domain(system_name))
        return std::string(system_name);
    return std::string(system_name) + "." + std::string(domain);
}

std::string default_domain_name(std::string_view host_name)
{
    const auto dot = host_name.find('.');
    if (dot == std::string_view::npos)
        return "localdomain";
    return std::string(host_name.substr(dot + 1));
}

HostNetworks host_networks()
{
    HostNetworks out;
    for (const InterfaceAddress& entry : interface_addresses()) {
        HostInterface found;
        found.family = entry.family;
        found.address = entry.bytes;
        found.prefix = entry.prefix_length;
        out.interfaces.push_back(found);
    }
    return out;
}

} // namespace mf::compiler
