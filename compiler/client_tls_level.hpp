// The TLS security level an SMTP or LMTP client applies where no per-destination policy says
// otherwise, as one service of master.cf reads its settings: <client>_tls_security_level when
// set, else the legacy switches (<client>_enforce_tls = yes is verify, or encrypt with
// <client>_tls_enforce_peername = no; <client>_use_tls = yes is may; else none), the order
// smtp(8) follows.
#pragma once

#include <string>
#include <string_view>

#include "compiler/configuration.hpp"

namespace mf::compiler {

// `client` is "smtp" or "lmtp"; `service` nullptr reads main.cf alone. Lower case.
std::string client_tls_level(const Configuration& config, std::string_view client,
                             const Service* service);

// Whether the client can start TLS with some destination: a level above none, or a policy
// table (<client>_tls_policy_maps, the legacy <client>_tls_per_site) that can raise it.
bool client_can_use_tls(const Configuration& config, std::string_view client,
                        const Service* service);

} // namespace mf::compiler
