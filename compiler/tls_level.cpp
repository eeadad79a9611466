// See tls_level.hpp.
#include "compiler/tls_level.hpp"

#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// <prefix>_tls_security_level, else the legacy switches; `enforced` is what enforce_tls means.
std::string tls_level(const Configuration& config, const std::string& prefix,
                      const Service* service, const char* enforced)
{
    std::string level =
        ascii_lowercase(trim_whitespace(config.expand(prefix + "_tls_security_level", service)));
    if (!level.empty())
        return level;
    if (config.is_yes(prefix + "_enforce_tls", service))
        return enforced;
    return config.is_yes(prefix + "_use_tls", service) ? "may" : "none";
}

} // namespace

std::string smtpd_tls_level(const Configuration& config, const Service* service)
{
    return tls_level(config, "smtpd", service, "encrypt");
}

std::string client_tls_level(const Configuration& config, std::string_view client,
                             const Service* service)
{
    const std::string prefix(client);
    return tls_level(config, prefix, service,
                     config.is_yes(prefix + "_tls_enforce_peername", service) ? "verify"
                                                                               : "encrypt");
}

bool client_can_use_tls(const Configuration& config, std::string_view client,
                        const Service* service)
{
    const std::string prefix(client);
    return client_tls_level(config, client, service) != "none" ||
           !trim_whitespace(config.expand(prefix + "_tls_policy_maps", service)).empty() ||
           !trim_whitespace(config.expand(prefix + "_tls_per_site", service)).empty();
}

bool client_has_trust_anchors(const Configuration& config, std::string_view client,
                              const Service* service)
{
    const std::string prefix(client);
    for (const char* suffix : {"_tls_CAfile", "_tls_CApath", "_tls_trust_anchor_file"})
        if (!trim_whitespace(config.expand(prefix + suffix, service)).empty())
            return true;
    return false;
}

} // namespace mf::compiler
