// Addresses and networks as cidr: tables read and compare them (cidr_table(5)), after Postfix's
// cidr_match: "address" or "address/prefix", IPv6 when the address holds a ':', optionally
// inside "[]" ("[addr]/len" or "[addr/len]"), parsed with inet_pton (so IPv4 octets take no
// leading zeros) and compared as bytes. A network with bits set past its prefix is refused,
// naming the network that was probably meant. Lookup keys are read the same way; a key that is
// not an address matches nothing. Plain values: safe to share between threads.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "util/result.hpp"

namespace mf::maps {

struct IpAddress {
    int family = 0; // AF_INET or AF_INET6
    std::array<unsigned char, 16> bytes{};

    std::size_t size() const;
};

// The address `text` names, up to its first NUL byte (Postfix's keys are C strings); nullopt
// when it is not an IPv4 or IPv6 address in inet_pton's syntax (no brackets, no prefix).
std::optional<IpAddress> parse_ip_address(std::string_view text);

struct CidrNetwork {
    IpAddress network; // bits past the prefix are zero
    unsigned prefix = 0;

    // Same family, and equal in the first `prefix` bits.
    bool contains(const IpAddress& address) const;
};

// A rule's pattern without its '!'; the error is Postfix's reason, e.g.
// "bad mask length in \"10.0.0.0/33\"".
Result<CidrNetwork> parse_cidr_network(std::string_view pattern);

} // namespace mf::maps
