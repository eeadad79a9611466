// An SMTP or LMTP client that must verify servers but trusts no CA (tls-verify-no-ca). At the
// levels verify and secure (and the legacy smtp_enforce_tls = yes, which is verify) the client
// delivers only to a server whose certificate chains to a CA of <client>_tls_CAfile or
// <client>_tls_CApath, or to a trust anchor of <client>_tls_trust_anchor_file. With none of
// them set, Postfix loads no CA at all (tls_append_default_CA only adds the system's CAs to
// configured ones), so no server is ever verified: every delivery at that level is deferred
// ("Server certificate not verified") until it expires. Debian's main.cf sets smtp_tls_CApath
// = /etc/ssl/certs; minimal configurations do not. Judged for each smtp and lmtp service of
// master.cf with its -o overrides, at the setting that asks for the level; the verify and
// secure entries of TLS policy tables are judged with the table (tls_policy_values.cpp).
#include <set>
#include <tuple>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/tls_level.hpp"

namespace mf::compiler {

namespace {

bool is_set(const Configuration& config, const std::string& name, const Service* service)
{
    return !trim_whitespace(config.expand(name, service)).empty();
}

} // namespace

void check_client_tls_trust(const Configuration& config, DiagnosticSink& sink,
                            const CheckOptions&)
{
    std::set<std::tuple<std::string, std::size_t, std::size_t>> reported;
    for (const Service& service : config.services()) {
        const std::string client(service.command_basename());
        if (client != "smtp" && client != "lmtp")
            continue;
        const std::string level = client_tls_level(config, client, &service);
        if ((level != "verify" && level != "secure") ||
            client_has_trust_anchors(config, client, &service))
            continue;
        const std::string level_name = client + "_tls_security_level";
        const std::string asked_by =
            is_set(config, level_name, &service) ? level_name : client + "_enforce_tls";
        const SourceLocation where = config.where_in_force(asked_by, service);
        if (!reported.emplace(where.file, where.line, where.column).second)
            continue;
        sink.report(Severity::error, where,
                    (asked_by == level_name ? level_name + " = " + level
                                            : asked_by + " = yes (level " + level + ")") +
                        " on service " + service.key() + ", but neither " + client +
                        "_tls_CAfile, " + client + "_tls_CApath nor " + client +
                        "_tls_trust_anchor_file is set: " + client +
                        " trusts no CA, so no server is verified and every delivery at this "
                        "level is deferred (\"Server certificate not verified\"); set " +
                        client + "_tls_CApath = /etc/ssl/certs (or a CAfile)",
                    code::tls_verify_no_ca);
    }
}

} // namespace mf::compiler
