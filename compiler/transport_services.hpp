// Whether the queue manager can hand mail to a transport: it connects to private/NAME, a socket
// that exists only while master.cf runs a unix service NAME with the private field y or -.
// Shared by every check of a name that selects a transport (parameters, transport tables,
// FILTER actions).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/configuration.hpp"

namespace mf::compiler {

// Why mail for `transport` cannot be delivered, in words that follow "transport NAME": no unix
// service of that name, or only a public one. nullopt when master.cf runs it, and when
// master.cf is empty (a main.cf checked on its own).
std::optional<std::string> transport_unavailable(const Configuration& config,
                                                 std::string_view transport);

// The transport a "FILTER transport:destination" action (access tables, header/body_checks)
// sends the message to; nullopt for any other answer or an empty transport.
std::optional<std::string_view> filter_action_transport(std::string_view answer);

} // namespace mf::compiler
