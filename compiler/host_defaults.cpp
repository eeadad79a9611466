// Host-dependent defaults, computed the way Postfix computes them: gethostname() for
// myhostname, and the interface addresses (IPv4 first, then IPv6, each in interface order,
// without repeats; compiler/interface_addresses.hpp) for mynetworks. No DNS lookups: mfcc must
// stay fast and work offline in CI.
#include "compiler/host_defaults.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "compiler/interface_addresses.hpp"

namespace mf::compiler {

namespace {

std::string format_network(int family, const unsigned char* address, int bits)
{
    std::array<unsigned char, 16> network{};
    const std::size_t bytes = family == AF_INET ? 4 : 16;
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

void add_unique(std::vector<std::string>& list, std::string item)
{
    if (std::find(list.begin(), list.end(), item) == list.end())
        list.push_back(std::move(item));
}

std::string join(const std::vector<std::string>& four, const std::vector<std::string>& six)
{
    std::string out;
    for (const auto* list : {&four, &six})
        for (const std::string& item : *list) {
            if (!out.empty())
                out += ' ';
            out += item;
        }
    return out;
}

} // namespace

std::string_view HostNetworks::for_style(std::string_view style) const
{
    if (style == "subnet")
        return subnet;
    if (style == "class")
        return class_;
    return host;
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

std::string default_host_name(std::string_view system_name, std::string_view domain)
{
    if (system_name.find('.') != std::string_view::npos)
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
    std::vector<std::string> host4, host6, subnet4, subnet6, class4;
    for (const InterfaceAddress& entry : interface_addresses()) {
        const unsigned char* address = entry.bytes.data();
        if (entry.family == AF_INET) {
            add_unique(host4, format_network(AF_INET, address, 32));
            add_unique(subnet4, format_network(AF_INET, address, entry.prefix_length));
            const int class_bits = address[0] < 128 ? 8 : address[0] < 192 ? 16 : 24;
            add_unique(class4, format_network(AF_INET, address, class_bits));
        }
        else {
            add_unique(host6, format_network(AF_INET6, address, 128));
            add_unique(subnet6, format_network(AF_INET6, address, entry.prefix_length));
        }
    }
    out.host = join(host4, host6);
    out.subnet = join(subnet4, subnet6);
    out.class_ = join(class4, subnet6);
    return out;
}

} // namespace mf::compiler
