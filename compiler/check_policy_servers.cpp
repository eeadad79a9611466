// Policy servers that master.cf does not run (service-missing). check_policy_service
// unix:private/NAME connects to the socket master(8) creates for a private unix service NAME
// (typically a spawn service such as policyd-spf); unix:public/NAME to a public one. Without
// it smtpd logs "problem talking to server private/NAME" and answers every request that reaches
// the restriction with smtpd_policy_service_default_action (451 4.3.5 Server configuration
// problem), so no mail gets past it. Another program may create that socket itself, as
// Dovecot's quota-status service does with its unix_listener in Postfix's private/ directory
// (Dovecot's documented setup): with no service NAME in master.cf this is a warning; a master.cf
// service NAME on the other side (public for private/NAME) is an error. Checked in main.cf's
// lists, every smtpd service's -o overrides and the restriction classes; a master.cf without
// any service is left alone.
#include <optional>
#include <string>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/policy_service.hpp"
#include "compiler/restriction_inputs.hpp"

namespace mf::compiler {

namespace {

struct MissingSocket {
    std::string reason;
    Severity severity;
};

// Why the socket of a unix:private/NAME or unix:public/NAME endpoint does not exist; nullopt
// when master.cf creates it, and for every other endpoint.
std::optional<MissingSocket> socket_missing(const Configuration& config,
                                            std::string_view endpoint)
{
    constexpr std::string_view unix_prefix = "unix:";
    if (!endpoint.starts_with(unix_prefix))
        return std::nullopt;
    const std::string_view path = endpoint.substr(unix_prefix.size());
    const bool is_private = path.starts_with("private/");
    if (!is_private && !path.starts_with("public/"))
        return std::nullopt;
    const std::string name(path.substr(path.find('/') + 1));
    const Service* service = config.find_service(name, "unix");
    if (!service)
        return MissingSocket{"master.cf runs no unix service " + name +
                                 " (unless another program listens on " + std::string(path) +
                                 ", as Dovecot's quota-status can)",
                             Severity::warning};
    if (is_private == (service->private_field.text == "n"))
        return MissingSocket{"master.cf's " + name + " service is " +
                                 (is_private ? "public" : "private") + ", so its socket is " +
                                 (is_private ? "public/" : "private/") + name,
                             Severity::error};
    return std::nullopt;
}

void check_list(const Configuration& config, const RestrictionValue& value,
                const RestrictionEnvironment& env, UniqueReporter& reporter)
{
    for_each_policy_service(value, env, [&](const RestrictionEntry& entry,
                                            const PolicyService& policy) {
        const auto missing = socket_missing(config, policy.endpoint);
        if (!missing)
            return;
        const std::string socket = policy.endpoint.substr(policy.endpoint.find(':') + 1);
        reporter.report(missing->severity, value.at(entry.argument.offset),
                        "check_policy_service " + policy.endpoint + ": " + missing->reason +
                            "; smtpd logs \"problem talking to server " + socket +
                            "\" and answers each request that reaches it with \"" +
                            config.expand("smtpd_policy_service_default_action") + "\"",
                        code::service_missing);
    });
}

} // namespace

void check_policy_servers(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    if (config.services().empty())
        return;
    UniqueReporter reporter(sink);
    for_each_restriction_scope(config, [&](const Service* service) {
        const RestrictionEnvironment env = restriction_environment(config, service);
        for_each_restriction_value(config, service, env, [&](const RestrictionValue& value) {
            check_list(config, value, env, reporter);
        });
    });
}

} // namespace mf::compiler
