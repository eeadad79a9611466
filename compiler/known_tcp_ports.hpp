// main.cf's known_tcp_ports (Postfix 3.6+, "lmtp=24, smtp=25, smtps=submissions=465,
// submission=587"): TCP service names Postfix maps to ports itself, before it asks the services
// database. Read as every Postfix program reads it when it starts (config_known_tcp_ports): the
// value is cut at commas into associations "name [= name...] = port"; a malformed association is
// skipped with a warning and the rest still count; a name listed twice keeps its first port.
// master(8) and smtp(8) consult the result for master.cf's inet services and for next-hop
// ports, and the database clients for their hosts' ports.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mf::compiler {

// An association Postfix warns about: where it starts in the value, and Postfix's words for it
// ("known_tcp_ports: in \" 1234=465\": numerical service name").
struct KnownTcpPortProblem {
    std::size_t offset = 0;
    std::string message;
};

class KnownTcpPorts {
public:
    KnownTcpPorts() = default;
    // `setting` is the expanded value; `problems`, when given, receives each warning.
    explicit KnownTcpPorts(std::string_view setting,
                           std::vector<KnownTcpPortProblem>* problems = nullptr);

    // The port (digits) a service name stands for; nullopt for a number or a name not listed.
    std::optional<std::string_view> port_of(std::string_view name) const;

    // What Postfix's filter_known_tcp_port() makes of a service: the port of a listed name,
    // else the service itself.
    std::string_view filter(std::string_view service) const;

private:
    // An error in Postfix's words, or "" after adding name -> port.
    std::string add(std::string_view name, std::string_view port);

    std::vector<std::pair<std::string, std::string>> ports_; // a handful: searched in order
};

} // namespace mf::compiler
