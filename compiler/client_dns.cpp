// See client_dns.hpp.
#include "compiler/client_dns.hpp"

#include "compiler/postfix_list_split.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

ClientDnsLookups client_dns_lookups(const Configuration& config, std::string_view client,
                                    const Service* service)
{
    const std::string prefix(client);
    ClientDnsLookups lookups;
    lookups.dnssec_support =
        ascii_lowercase(trim_whitespace(config.expand(prefix + "_dns_support_level", service))) ==
        "dnssec";
    for (const ListToken& method :
         split_postfix_list(config.expand(prefix + "_host_lookup", service)).tokens)
        lookups.dns_host_lookup = lookups.dns_host_lookup || method.text == "dns";
    return lookups;
}

} // namespace mf::compiler
