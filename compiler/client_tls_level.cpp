// See client_tls_level.hpp.
#include "compiler/client_tls_level.hpp"

#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

bool is_yes(const Configuration& config, const std::string& name, const Service* service)
{
    return ascii_lowercase(trim_whitespace(config.expand(name, service))) == "yes";
}

} // namespace

std::string client_tls_level(const Configuration& config, std::string_view client,
                             const Service* service)
{
    const std::string prefix(client);
    std::string level =
        ascii_lowercase(trim_whitespace(config.expand(prefix + "_tls_security_level", service)));
    if (!level.empty())
        return level;
    if (is_yes(config, prefix + "_enforce_tls", service))
        return is_yes(config, prefix + "_tls_enforce_peername", service) ? "verify" : "encrypt";
    return is_yes(config, prefix + "_use_tls", service) ? "may" : "none";
}

bool client_can_use_tls(const Configuration& config, std::string_view client,
                        const Service* service)
{
    const std::string prefix(client);
    return client_tls_level(config, client, service) != "none" ||
           !trim_whitespace(config.expand(prefix + "_tls_policy_maps", service)).empty() ||
           !trim_whitespace(config.expand(prefix + "_tls_per_site", service)).empty();
}

} // namespace mf::compiler
