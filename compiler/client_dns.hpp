// How an SMTP or LMTP client finds its servers, as one service of master.cf reads its settings:
// DANE (levels dane and dane-only) works only with DNSSEC-validated DNS lookups, which need
// smtp_dns_support_level = dnssec and dns among smtp_host_lookup (lmtp(8): the lmtp_ names).
#pragma once

#include <string_view>

#include "compiler/configuration.hpp"

namespace mf::compiler {

struct ClientDnsLookups {
    bool dnssec_support = false;  // <client>_dns_support_level = dnssec
    bool dns_host_lookup = false; // dns among <client>_host_lookup
    bool dnssec() const { return dnssec_support && dns_host_lookup; }
};

// `client` is "smtp" or "lmtp"; `service` nullptr reads main.cf alone.
ClientDnsLookups client_dns_lookups(const Configuration& config, std::string_view client,
                                    const Service* service);

} // namespace mf::compiler
