// The defaults Postfix computes on the running host rather than compiling in: myhostname (the
// host name, with "." and main.cf's mydomain, else ".localdomain", appended when it has no dot),
// mydomain (the effective myhostname without its first label, "localdomain" when it has no dot)
// and mynetworks (the host's interface networks, per mynetworks_style).
#pragma once

#include <string>
#include <string_view>

namespace mf::compiler {

struct HostNames {
    std::string system_name; // gethostname(), as the system reports it
    std::string host_name;   // myhostname's default (Configuration completes it)
    std::string domain_name; // mydomain's default (Configuration completes it)
};

// myhostname's default: the system name, or system_name.domain when it has no dot.
std::string default_host_name(std::string_view system_name, std::string_view domain);
// mydomain's default: what follows the first dot of myhostname, else "localdomain".
std::string default_domain_name(std::string_view host_name);

struct HostNetworks {
    std::string host;   // mynetworks_style = host: each address as /32 or /128
    std::string subnet; // subnet: each interface's network
    std::string class_; // class: IPv4 class A/B/C networks, IPv6 as subnet

    std::string_view for_style(std::string_view style) const;
};

// gethostname() only; host_name and domain_name use "localdomain" until completed.
HostNames host_names();
// Reads the interface list: only when mynetworks's default is needed.
HostNetworks host_networks();

} // namespace mf::compiler
