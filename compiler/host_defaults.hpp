// The defaults Postfix computes on the running host rather than compiling in: myhostname (the
// host name, with ".localdomain" appended when it has no dot), mydomain (myhostname without its
// first label) and mynetworks (the host's interface networks, per mynetworks_style).
#pragma once

#include <string>
#include <string_view>

namespace mf::compiler {

struct HostDefaults {
    std::string host_name;
    std::string domain_name;
    std::string networks_host;   // mynetworks_style = host: each address as /32 or /128
    std::string networks_subnet; // subnet: each interface's network
    std::string networks_class;  // class: IPv4 class A/B/C networks, IPv6 as subnet

    std::string_view networks(std::string_view style) const;
};

HostDefaults host_defaults();

} // namespace mf::compiler
