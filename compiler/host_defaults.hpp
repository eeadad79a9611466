// The defaults Postfix computes on the running host rather than compiling in: myhostname (the
// host name, with "." and main.cf's mydomain, else ".localdomain", appended when it has no dot),
// mydomain (the effective myhostname without its first label, "localdomain" when it has no dot)
// and mynetworks (the networks of the interfaces Postfix listens on, per mynetworks_style).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

struct HostNames {
    std::string system_name; // gethostname(), as the system reports it
    std::string host_name;   // myhostname's default (Configuration completes it)
    std::string domain_name; // mydomain's default (Configuration completes it)
};

// myhostname's default: the system name, or system_name.domain when it has no dot.
std::string default_host_name(std::string_view system_name, std::string_view domain);
// Whether that default reads mydomain: the system name has no dot.
bool default_host_name_reads_domain(std::string_view system_name);
// mydomain's default: what follows the first dot of myhostname, else "localdomain".
std::string default_domain_name(std::string_view host_name);

// One address of a network interface (compiler/interface_addresses.hpp).
struct HostInterface {
    int family = 0;                          // AF_INET or AF_INET6
    std::array<unsigned char, 16> address{}; // 4 or 16 bytes used
    int prefix = 0;                          // the interface's netmask length
};

struct HostNetworks {
    std::vector<HostInterface> interfaces; // IPv4 first, then IPv6, each in interface order

    // mynetworks's default as Postfix computes it: the addresses this instance listens on
    // (inet_interfaces: all, loopback-only, or addresses and host names, looked up in
    // /etc/hosts only, never in the DNS), of the families inet_protocols enables, each with
    // the netmask of its interface and shown per mynetworks_style (host, subnet, class), each
    // followed by a space.
    std::string mynetworks(std::string_view style, std::string_view inet_interfaces,
                           std::string_view inet_protocols) const;
};

// gethostname() only; host_name and domain_name use "localdomain" until completed.
HostNames host_names();
// Reads the interface list: only when mynetworks's default is needed.
HostNetworks host_networks();

} // namespace mf::compiler
