// See transport_services.hpp.
#include "compiler/transport_services.hpp"

#include "compiler/table_values.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

using Use = TransportParameter::Use;
constexpr TransportParameter parameters[] = {
    {"content_filter", Use::always},
    {"default_transport", Use::always},
    {"relay_transport", Use::when_listed, "relay_domains"},
    {"local_transport", Use::when_listed, "mydestination"},
    {"virtual_transport", Use::when_listed, "virtual_mailbox_domains"},
    {"mailbox_transport", Use::where_local_runs},
    {"fallback_transport", Use::where_local_runs},
    {"address_verify_default_transport", Use::always, nullptr, true},
    {"address_verify_relay_transport", Use::when_listed, "relay_domains", true},
    {"address_verify_local_transport", Use::when_listed, "mydestination", true},
    {"address_verify_virtual_transport", Use::when_listed, "virtual_mailbox_domains", true},
};

} // namespace

std::span<const TransportParameter> transport_parameters() { return parameters; }

bool transport_parameter_in_use(const Configuration& config, const TransportParameter& parameter,
                                const Service* scope)
{
    switch (parameter.use) {
    case Use::always:
        return true;
    case Use::when_listed:
        return !trim_whitespace(config.expand(parameter.list, scope)).empty();
    case Use::where_local_runs:
        for (const Service& service : config.services())
            if (service.command_basename() == "local")
                return true;
        return false;
    }
    return true;
}

bool transport_receives_mail(const Configuration& config, std::string_view name)
{
    // With main.cf's value, and with each -o of a transport parameter where it is in force
    // (smtp inet ... -o content_filter=scan: hands every message it receives to scan).
    auto names_it = [&](const TransportParameter& parameter, const Service* scope) {
        const std::string expanded = config.expand(parameter.name, scope);
        const std::string_view value = trim_whitespace(expanded);
        return value.substr(0, value.find(':')) == name &&
               transport_parameter_in_use(config, parameter, scope);
    };
    for (const TransportParameter& parameter : parameters) {
        if (names_it(parameter, nullptr))
            return true;
        for (const Service& service : config.services())
            if (service.override_for(parameter.name) && names_it(parameter, &service))
                return true;
    }
    return false;
}

bool transport_table_set(const Configuration& config, std::string_view parameter)
{
    if (!trim_whitespace(config.expand(parameter)).empty())
        return true;
    for (const Service& service : config.services())
        if (service.override_for(parameter) &&
            !trim_whitespace(config.expand(parameter, &service)).empty())
            return true;
    return false;
}

ParameterDelivery parameter_delivery(const Configuration& config)
{
    if (!transport_table_set(config, "transport_maps"))
        return {Severity::error, ""};
    return {Severity::warning, " (unless transport_maps sends that mail to another transport)"};
}

std::optional<std::string> transport_unavailable(const Configuration& config,
                                                 std::string_view transport)
{
    if (config.services().empty() || transport.empty())
        return std::nullopt;
    const Service* service = config.find_service(transport, "unix");
    const std::string name(transport);
    if (!service)
        return ", which master.cf does not run (no unix service " + name + ")";
    if (service->private_field.text == "n")
        return ", but master.cf's " + name + " service is public (private field n): its socket " +
               "is public/" + name + ", and qmgr connects to private/" + name;
    return std::nullopt;
}

std::optional<std::string_view> filter_action_transport(std::string_view answer)
{
    const auto [action, target] = action_words(answer);
    const std::size_t colon = target.find(':');
    if (!equal_ignoring_case(action, "FILTER") || colon == std::string_view::npos || colon == 0)
        return std::nullopt;
    return target.substr(0, colon);
}

} // namespace mf::compiler
