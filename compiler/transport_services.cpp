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
    {"fallback_transport", Use::where_local_falls_back},
    {"address_verify_default_transport", Use::always, nullptr, true},
    {"address_verify_relay_transport", Use::when_listed, "relay_domains", true},
    {"address_verify_local_transport", Use::when_listed, "mydestination", true},
    {"address_verify_virtual_transport", Use::when_listed, "virtual_mailbox_domains", true},
};

} // namespace

std::span<const TransportParameter> transport_parameters() { return parameters; }

bool mailbox_transport_takes_all(const Configuration& config, const Service* scope)
{
    return !trim_whitespace(config.expand("mailbox_transport", scope)).empty();
}

bool transport_parameter_in_use(const Configuration& config, const TransportParameter& parameter,
                                const Service* scope)
{
    switch (parameter.use) {
    case Use::always:
        return true;
    case Use::when_listed:
        return !trim_whitespace(config.expand(parameter.list, scope)).empty();
    case Use::where_local_falls_back:
        if (mailbox_transport_takes_all(config, scope))
            return false;
        [[fallthrough]];
    case Use::where_local_runs:
        for (const Service& service : config.services())
            if (service.command_basename() == "local")
                return true;
        return false;
    }
    return true;
}

namespace {

// Whether `holds` is true of `parameter` in main.cf's scope (nullptr) or in the scope of a
// service whose -o sets it (smtp inet ... -o content_filter=scan).
template <typename Predicate>
bool in_some_scope(const Configuration& config, std::string_view parameter, Predicate holds)
{
    if (holds(nullptr))
        return true;
    for (const Service& service : config.services())
        if (service.override_for(parameter) && holds(&service))
            return true;
    return false;
}

} // namespace

bool transport_receives_mail(const Configuration& config, std::string_view name)
{
    for (const TransportParameter& parameter : parameters)
        if (in_some_scope(config, parameter.name, [&](const Service* scope) {
                const std::string expanded = config.expand(parameter.name, scope);
                const std::string_view value = trim_whitespace(expanded);
                return value.substr(0, value.find(':')) == name &&
                       transport_parameter_in_use(config, parameter, scope);
            }))
            return true;
    return false;
}

bool transport_table_set(const Configuration& config, std::string_view parameter)
{
    return in_some_scope(config, parameter, [&](const Service* scope) {
        return !trim_whitespace(config.expand(parameter, scope)).empty();
    });
}

ParameterDelivery parameter_delivery(const Configuration& config)
{
    if (!transport_table_set(config, "transport_maps"))
        return certain_delivery;
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
