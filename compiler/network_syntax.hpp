// The syntax Postfix accepts for network values, as pure functions returning what is wrong
// ("" when the text is fine): entries of address match lists (mynetworks, debug_peer_list...),
// numeric addresses, host and domain names, SMTP next hops ([host]:port, host:port) and single
// mail addresses. Used by check_network_values; no DNS, no file access.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "grammar/host_port.hpp"

namespace mf::compiler {

// One element of an address match list (namadr/addr list), after an optional '!':
// network/prefix, [ipv6], [ipv6]/prefix, [ipv6/prefix], an address, a host name or domain
// pattern, /file or type:table. A CIDR with host bits set is refused with Postfix's words.
std::string network_entry_problem(std::string_view entry);

// The numeric network such an entry names (an address is its own /32 or /128); nullopt for
// names, tables, files and entries Postfix refuses. A leading '!' is not part of the result.
struct NumericNetwork {
    int family = 4;                       // 4 or 6
    std::array<unsigned char, 16> bytes{}; // the address, network byte order (IPv4: first 4)
    long bits = 0;                        // prefix length
};
std::optional<NumericNetwork> numeric_network(std::string_view entry);

// A numeric IPv4 (family 4) or IPv6 (family 6) address, no brackets, no prefix.
bool is_numeric_address(std::string_view text, int family);

// Postfix's valid_hostname(), which every program applies to myhostname and mydomain at
// start-up: ASCII letters, digits, '_' and '-' in labels of 1 to 63 bytes, no empty label
// (a trailing dot included), no hyphen at either end of a label, not all digits, at most
// 255 bytes. "" when valid, else valid_hostname's own reason ("misplaced hyphen"...).
std::string postfix_hostname_problem(std::string_view name);

// A host or domain name: labels of letters, digits, '-' and '_' separated by dots, each label
// non-empty (a trailing dot is allowed), 255 bytes at most.
std::string host_name_problem(std::string_view name);

// A HELO/LHLO name as a Postfix receiver's reject_invalid_helo_hostname judges it: a host name
// valid_hostname() accepts once one trailing dot is dropped, or an address literal
// ([192.0.2.1], [IPv6:2001:db8::1]).
std::string helo_name_problem(std::string_view name);

// host[:port] cut as Postfix's host_port() cuts it (grammar/host_port.hpp). Without a ':',
// `host` is the whole text, `port` empty and has_colon false (a next hop then means port 25; an
// inet service takes the whole text as the port).
using HostPort = grammar::host_port::Parts;
HostPort split_host_port(std::string_view text);

// An inet service of master.cf as master(8) reads it (Postfix's host_port() with every address
// as the default host and no default port): port, :port, host:port, [host]:port, an IPv6
// address before the last ':' with or without brackets, [ipv6:address]:port. The host must be
// a valid host name or numeric address, a port that starts with a digit all digits. "" when
// master accepts it, else master's own reason ("missing service information"...).
std::string inet_service_problem(std::string_view service);

// The host of an inet service (empty: every address; without brackets and an "IPv6:" prefix)
// and its port, cut as inet_service_problem reads them.
std::pair<std::string_view, std::string_view> inet_service_host_port(std::string_view service);

// An SMTP/LMTP next hop: host, [host], host:port, [host]:port, [ipv6:addr] forms included;
// the port is a number or a service name.
std::string next_hop_problem(std::string_view hop);

// One mail address as Postfix parameters hold them (localpart or localpart@domain): no
// whitespace, commas or angle brackets outside quotes, a non-empty local part.
std::string mail_address_problem(std::string_view address);

} // namespace mf::compiler
