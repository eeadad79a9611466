// A mailbox size limit below the message size limit (mailbox-size-limit). local(8) and
// virtual(8) must be able to write a whole message, so each refuses to start when its mailbox
// limit (mailbox_size_limit, virtual_mailbox_limit) is enforced (above 0; 0 and negative
// numbers mean no limit) and is smaller than message_size_limit, or when message_size_limit is
// not enforced (no limit) while the mailbox limit is.
// The agent logs a fatal "configuration error" at every attempt and the mail it should deliver
// is deferred until it expires. Postfix's programs say nothing before; raising
// message_size_limit alone (or setting it to 0) is how it usually happens. Judged for each local
// and virtual service of master.cf with its -o overrides that a transport parameter in use
// hands mail to (local_transport, virtual_transport...): an agent that gets no mail never runs.
// A warning while transport_maps is set, whose answers may send that mail elsewhere.
#include <optional>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/transport_services.hpp"
#include "util/postfix_number.hpp"
#include "compiler/unique_reporter.hpp"

namespace mf::compiler {

namespace {

// The value as conv_long reads it; nullopt where it is no number (bad-integer reports that).
std::optional<long> size_of(const Configuration& config, const char* name, const Service& service)
{
    return postfix_long(std::string(trim_whitespace(config.expand(name, &service))));
}

void check_agent(const Configuration& config, const Service& service, const char* agent,
                 const char* limit_name, const ParameterDelivery& delivery,
                 UniqueReporter& reporter)
{
    const auto limit = size_of(config, limit_name, service);
    const auto message = size_of(config, "message_size_limit", service);
    if (!limit || !message || *limit <= 0 || (*message > 0 && *limit >= *message))
        return;
    const std::string limit_text = std::to_string(*limit);
    const std::string problem =
        *message <= 0 ? std::string(limit_name) + " is limited (" + limit_text +
                            ") but message_size_limit is unlimited (" +
                            std::to_string(*message) + ")"
                      : std::string(limit_name) + " (" + limit_text +
                            ") is smaller than message_size_limit (" + std::to_string(*message) +
                            ")";
    const auto limit_value = config.lookup(limit_name, &service);
    const bool limit_set = limit_value && limit_value->setting;
    reporter.report(delivery.severity,
                    config.where_in_force(limit_set ? limit_name : "message_size_limit", service),
                    std::string(agent) + " will not start: " + problem +
                        "; it logs \"fatal: configuration error\" at every delivery, and mail "
                        "for it is deferred until it expires" + std::string(delivery.caveat) +
                        " (set " + limit_name + " to 0 or at least message_size_limit)",
                    code::mailbox_size_limit);
}

} // namespace

void check_mailbox_size_limits(const Configuration& config, DiagnosticSink& sink,
                               const CheckOptions&)
{
    UniqueReporter reporter(sink);
    const ParameterDelivery delivery = parameter_delivery(config);
    for (const Service& service : config.services()) {
        const std::string_view command = service.command_basename();
        if ((command != "local" && command != "virtual") ||
            !transport_receives_mail(config, service.name.text))
            continue;
        if (command == "local")
            check_agent(config, service, "local(8)", "mailbox_size_limit", delivery, reporter);
        else
            check_agent(config, service, "virtual(8)", "virtual_mailbox_limit", delivery,
                        reporter);
    }
}

} // namespace mf::compiler
