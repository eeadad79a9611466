// pipe(8) flags that need one recipient per delivery (pipe-recipient-limit). flags=D prepends
// Delivered-To: and flags=O X-Original-To:, each naming the one recipient; pipe refuses a
// delivery request with more recipients ("pipe flag `D' requires NAME_destination_recipient_limit
// = 1") and defers it ("mail system configuration error"). The queue manager groups up to
// NAME_destination_recipient_limit recipients of one destination per request (main.cf, default
// default_destination_recipient_limit = 50), so every message for two users of one domain
// waits in the queue until it expires. Dovecot's deliver and maildrop entries (Debian ships
// maildrop with flags=DRXhu) are the usual case. Judged for the pipe services that a transport
// parameter in use or a transport_maps answer hands mail to, at their flags= attribute; a
// warning for one that only a transport parameter names while transport_maps is set, whose
// answers may send that mail elsewhere.
#include <map>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/table_values.hpp"
#include "compiler/transport_services.hpp"
#include "util/postfix_number.hpp"

namespace mf::compiler {

namespace {

// The flags= attribute of a pipe service (its attributes end at argv=); nullptr without one.
const ServiceField* flags_attribute(const Service& service)
{
    for (std::size_t i = service.option_count; i < service.arguments.size(); ++i) {
        const std::string_view word = service.arguments[i].text;
        if (word.starts_with("argv="))
            break;
        if (word.starts_with("flags="))
            return &service.arguments[i];
    }
    return nullptr;
}

void check_service(const Configuration& config, const Service& service,
                   const ParameterDelivery& delivery, DiagnosticSink& sink)
{
    const ServiceField* flags = flags_attribute(service);
    if (!flags)
        return;
    const std::string_view letters = std::string_view(flags->text).substr(6);
    const bool delivered = letters.find('D') != std::string_view::npos;
    if (!delivered && letters.find('O') == std::string_view::npos)
        return;
    const std::string limit_name = service.name.text + "_destination_recipient_limit";
    const auto own = config.lookup(limit_name);
    const bool own_limit = own && own->setting;
    const std::string limit_text(trim_whitespace(
        config.expand(own_limit ? std::string_view(limit_name)
                                : std::string_view("default_destination_recipient_limit"))));
    const auto limit = postfix_long(limit_text);
    if (!limit || *limit == 1)
        return;
    const char flag = delivered ? 'D' : 'O';
    sink.report(delivery.severity, flags->location,
                std::string("pipe flag ") + flag + " (" +
                    (delivered ? "Delivered-To:" : "X-Original-To:") + ") on transport " +
                    service.name.text + ", which gets up to " + limit_text +
                    " recipients of one destination per delivery (" +
                    (own_limit ? limit_name : "default_destination_recipient_limit") +
                    "): pipe defers every message with two or more of them (\"pipe flag `" +
                    flag + "' requires " + limit_name + " = 1\", \"mail system configuration "
                    "error\") until it expires" + std::string(delivery.caveat) + "; set " +
                    limit_name + " = 1 in main.cf",
                code::pipe_recipient_limit);
}

} // namespace

void check_pipe_recipient_limit(const Configuration& config, DiagnosticSink& sink,
                                const CheckOptions& options)
{
    // Each pipe service that gets mail, and how surely: a transport_maps answer naming it
    // hands it mail for certain.
    std::map<std::string, ParameterDelivery, std::less<>> in_use;
    const ParameterDelivery by_parameter = parameter_delivery(config);
    for (const Service& service : config.services())
        if (service.command_basename() == "pipe" &&
            transport_receives_mail(config, service.name.text))
            in_use.emplace(service.name.text, by_parameter);
    for_each_table_answer_of(config, options, {"transport_maps"}, [&](const NamedTableAnswer& named) {
            const std::string_view answer = trim_whitespace(named.answer.value);
            in_use.insert_or_assign(std::string(answer.substr(0, answer.find(':'))),
                                    certain_delivery);
        });
    for (const auto& [name, delivery] : in_use)
        if (const Service* service = config.find_service(name, "unix");
            service && service->command_basename() == "pipe")
            check_service(config, *service, delivery, sink);
}

} // namespace mf::compiler
