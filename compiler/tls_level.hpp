// The TLS security level the SMTP server, or an SMTP or LMTP client where no per-destination
// policy says otherwise, applies as one service of master.cf reads its settings:
// <prefix>_tls_security_level when set, else the legacy switches, in the order smtpd(8) and
// smtp(8) follow: <prefix>_enforce_tls = yes is encrypt (a client's is verify unless
// <client>_tls_enforce_peername = no), <prefix>_use_tls = yes is may, else none.
#pragma once

#include <string>
#include <string_view>

#include "compiler/configuration.hpp"

namespace mf::compiler {

// `service` nullptr reads main.cf alone. Lower case.
std::string smtpd_tls_level(const Configuration& config, const Service* service);

// `client` is "smtp" or "lmtp". Lower case.
std::string client_tls_level(const Configuration& config, std::string_view client,
                             const Service* service);

// Whether the client can start TLS with some destination: a level above none, or a policy
// table (<client>_tls_policy_maps, the legacy <client>_tls_per_site) that can raise it.
bool client_can_use_tls(const Configuration& config, std::string_view client,
                        const Service* service);

// Whether the client has anything to verify a server against at levels verify and secure:
// <client>_tls_CAfile, _tls_CApath or _tls_trust_anchor_file. Without them Postfix loads no CA
// (tls_append_default_CA only adds the system's CAs to configured ones).
bool client_has_trust_anchors(const Configuration& config, std::string_view client,
                              const Service* service);

} // namespace mf::compiler
