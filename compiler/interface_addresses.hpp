// The host's interface addresses, as getifaddrs(3) lists them (the kernel's order: IPv4, then
// IPv6, each in interface order), read with one rtnetlink address dump. getifaddrs also dumps
// every link with its statistics first, which costs mfcc more than the addresses themselves, and
// mynetworks needs only the addresses and their prefix lengths.
#pragma once

#include <array>
#include <vector>

namespace mf::compiler {

struct InterfaceAddress {
    int family = 0;                       // AF_INET or AF_INET6
    std::array<unsigned char, 16> bytes{}; // network order; IPv4 uses the first 4
    int prefix_length = 0;
};

// Empty when the kernel cannot be asked (no netlink in a sandbox): mynetworks is then empty,
// as with a failed getifaddrs().
std::vector<InterfaceAddress> interface_addresses();

} // namespace mf::compiler
