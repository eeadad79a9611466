// Whether the queue manager can hand mail to a transport: it connects to private/NAME, a socket
// that exists only while master.cf runs a unix service NAME with the private field y or -.
// Shared by every check of a name that selects a transport (parameters, transport tables,
// FILTER actions).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compiler/configuration.hpp"

namespace mf::compiler {

// Why mail for `transport` cannot be delivered, in words that follow "transport NAME": no unix
// service of that name, or only a public one. nullopt when master.cf runs it, and when
// master.cf is empty (a main.cf checked on its own).
std::optional<std::string> transport_unavailable(const Configuration& config,
                                                 std::string_view transport);

// A parameter that names the transport (before any ':') for a class of mail, and when mail of
// that class exists: always, while a domain list names a domain, while master.cf runs
// local(8) (its mailbox_transport), or while it does and mailbox_transport is empty (local's
// fallback_transport: local hands every recipient to mailbox_transport before it looks the
// user up, so the fallback for unknown users is never reached then).
struct TransportParameter {
    const char* name;
    enum class Use { always, when_listed, where_local_runs, where_local_falls_back } use;
    const char* list = nullptr; // when_listed: the domain list that puts it in use
    // Its default names one of the transports above, checked there: only a setting counts.
    bool default_checked_elsewhere = false;
};

std::span<const TransportParameter> transport_parameters();
// Whether local(8) hands every recipient to mailbox_transport (it is set), before it would look
// the user up and fall back to fallback_transport.
bool mailbox_transport_takes_all(const Configuration& config, const Service* scope = nullptr);
// `scope`: where an -o of the service is in force (its domain list included).
bool transport_parameter_in_use(const Configuration& config, const TransportParameter& parameter,
                                const Service* scope = nullptr);

// Whether one of those parameters, in use with its main.cf value or an -o of some service,
// hands mail to the master.cf service `name`. Transport tables are not read: a service only
// they name is not counted.
bool transport_receives_mail(const Configuration& config, std::string_view name);

// Whether a transport table parameter (transport_maps, sender_dependent_default_transport_maps)
// is set, in main.cf or an -o of some service: its answers, not read here, may name any
// transport.
bool transport_table_set(const Configuration& config, std::string_view parameter);

// How sure a check can be that mail a transport parameter hands to a service reaches it:
// transport_maps (in main.cf or an -o of some service; its answers are not read here) may send
// any class of mail to another transport. Then what follows from that mail arriving is a
// warning, and the message says why.
struct ParameterDelivery {
    Severity severity;        // error, or warning while transport_maps is set
    std::string_view caveat;  // "" or a clause to append to the message
};
// Mail that surely arrives: no transport_maps, or a transport_maps answer naming the service.
inline constexpr ParameterDelivery certain_delivery{Severity::error, ""};
ParameterDelivery parameter_delivery(const Configuration& config);

// The transport a "FILTER transport:destination" action (access tables, header/body_checks)
// sends the message to; nullopt for any other answer or an empty transport.
std::optional<std::string_view> filter_action_transport(std::string_view answer);

} // namespace mf::compiler
