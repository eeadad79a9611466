// The TCP port of a symbolic service name ("smtp" -> 25), from /etc/services as the files source
// of the services database lists it (names and aliases, case-sensitive, first entry wins), which
// is what master(8) finds through getaddrinfo() on a standard system. Read directly, once, and
// only when a master.cf service is symbolic: going through getservbyname() cost every run the
// NSS set-up (nsswitch.conf, a search for the "db" module in every library directory) and one
// reading of the file per call.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "compiler/known_tcp_ports.hpp"

namespace mf::compiler {

// The port of `name` in a services file's text, or nullopt.
std::optional<std::uint16_t> tcp_port_in_services(std::string_view services_text,
                                                  std::string_view name);

// The port of `name` in /etc/services (read on first use, then kept), or nullopt.
std::optional<std::uint16_t> tcp_service_port(std::string_view name);

// Whether the services database can be read here: without it no name can be judged.
bool services_database_readable();

// The TCP port of an SMTP or LMTP next hop as smtp(8) reads it: after "]:" or the last ':',
// a number or a service name (known_tcp_ports first, then /etc/services); 25 without one.
// nullopt for a name neither lists.
std::optional<unsigned> next_hop_port(std::string_view hop, const KnownTcpPorts& known);

} // namespace mf::compiler
