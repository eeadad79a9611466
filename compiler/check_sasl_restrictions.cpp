// Sender-login restrictions that cannot work (restriction-needs-sasl,
// sender-login-maps-missing). reject_sender_login_mismatch and its authenticated,
// unauthenticated and known variants compare the sender with the login that owns it
// (smtpd_sender_login_maps); smtpd runs them only where smtpd_sasl_auth_enable = yes. Elsewhere
// it logs "restriction ... ignored: no SASL support" for every client that reaches one and lets
// the mail through, so a main.cf list meant for submission, or a check against spoofed local
// senders on port 25, protects nothing there. With SASL on but no smtpd_sender_login_maps, no
// sender has an owner and the restrictions never reject, silently. A warning at the entry, for
// each running smtpd service (after -o).
#include <set>
#include <tuple>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/restriction_inputs.hpp"

namespace mf::compiler {

namespace {

bool needs_sasl(const RestrictionInfo& info)
{
    using I = RestrictionId;
    return info.id == I::reject_sender_login_mismatch ||
           info.id == I::reject_authenticated_sender_login_mismatch ||
           info.id == I::reject_known_sender_login_mismatch ||
           info.id == I::reject_unauthenticated_sender_login_mismatch;
}

using Place = std::tuple<std::string, std::size_t, std::size_t>;

void check_value(const RestrictionValue& value, const RestrictionEnvironment& env,
                 const Service& service, bool sasl, DiagnosticSink& sink,
                 std::set<Place>& reported)
{
    for (const RestrictionEntry& entry : parse_restriction_entries(value.text, env)) {
        if (!entry.info || !needs_sasl(*entry.info))
            continue;
        if (sasl) {
            const SourceLocation where = value.at(entry.token.offset);
            if (reported.emplace(where.file, where.line, where.column).second)
                sink.report(Severity::warning, where,
                            std::string(entry.info->name) + " on smtpd service " +
                                service.key() + " has no smtpd_sender_login_maps to say who "
                                "owns a sender address: it never rejects anything, and every "
                                "client may send as anyone (set smtpd_sender_login_maps)",
                            code::sender_login_maps_missing);
            continue;
        }
        // smtpd names the variant it skips; for the combined check, the authenticated one first.
        const std::string_view logged =
            entry.info->id == RestrictionId::reject_sender_login_mismatch
                ? "reject_authenticated_sender_login_mismatch"
                : entry.info->name;
        const SourceLocation where = value.at(entry.token.offset);
        if (!reported.emplace(where.file, where.line, where.column).second)
            continue;
        sink.report(Severity::warning, where,
                    std::string(entry.info->name) + " is ignored on smtpd service " +
                        service.key() + ", where smtpd_sasl_auth_enable is not yes: smtpd logs "
                        "\"restriction `" + std::string(logged) + "' ignored: no SASL "
                        "support\" for each client that reaches it and lets the mail through "
                        "(enable SASL there, or move the check to the submission service's -o)",
                    code::restriction_needs_sasl);
    }
}

} // namespace

void check_sasl_restrictions(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    std::set<Place> reported;
    for (const Service* service : running_smtpd_services(config)) {
        const bool sasl =
            config.is_yes("smtpd_sasl_auth_enable", service);
        if (sasl && !trim_whitespace(config.expand("smtpd_sender_login_maps", service)).empty())
            continue;
        const RestrictionEnvironment env = restriction_environment(config, service);
        for_each_restriction_value(config, service, env, [&](const RestrictionValue& value) {
            check_value(value, env, *service, sasl, sink, reported);
        });
    }
}

} // namespace mf::compiler
