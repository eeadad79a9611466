// Builds the inputs of the restriction analysis (restriction_analysis.hpp) from the configuration
// model: a restriction list as one smtpd service sees it after its -o overrides, and the
// restriction classes and parameters that change how smtpd reads lists for that service.
// Offsets in an expanded list map back to the file token by token: an entry that a `$name`
// produced is located at that `$name`, every other entry at itself.
#pragma once

#include <functional>
#include <string_view>

#include "compiler/configuration.hpp"
#include "compiler/restriction_analysis.hpp"

namespace mf::compiler {

// `service` nullptr: main.cf alone.
RestrictionValue restriction_value(const Configuration& config, std::string_view parameter,
                                   const Service* service);

RestrictionEnvironment restriction_environment(const Configuration& config,
                                               const Service* service);

// The smtpd services of master.cf that master actually runs (of entries with the same endpoint
// only the last counts), in file order.
std::vector<const Service*> running_smtpd_services(const Configuration& config);

// Whether the service changes, by -o, anything the restriction lists depend on.
bool overrides_restrictions(const Service& service);

// Calls `visit` with nullptr for main.cf's lists, then with each running smtpd service that
// overrides restrictions (the others read main.cf's lists as they are).
void for_each_restriction_scope(const Configuration& config,
                                const std::function<void(const Service*)>& visit);

// Calls `visit` with every restriction list of a scope and then every restriction class body.
void for_each_restriction_value(const Configuration& config, const Service* service,
                                const RestrictionEnvironment& env,
                                const std::function<void(const RestrictionValue&)>& visit);

} // namespace mf::compiler
