// The defaults Postfix computes on the running host rather than compiling in: myhostname (the
// host name, with ".localdomain" appended when it has no dot), mydomain (myhostname without its
// first label) and mynetworks (the host's interface networks, per mynetworks_style).
#pragma once

#include <string>
#include <string_view>

namespace mf::compiler {

struct HostNames {
    std::string host_name;
    std::string domain_name;
};

struct HostNetworks {
    std::string host;   // mynetworks_style = host: each address as /32 or /128
    std::string subnet; // subnet: each interface's network
    std::string class_; // class: IPv4 class A/B/C networks, IPv6 as subnet

    std::string_view for_style(std::string_view style) const;
};

HostNames host_names();
// Reads the interface list: only when mynetworks's default is needed.
HostNetworks host_networks();

} // namespace mf::compiler
