// See transport_services.hpp.
#include "compiler/transport_services.hpp"

namespace mf::compiler {

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
    constexpr std::string_view filter = "FILTER";
    if (answer.size() <= filter.size() || (answer[filter.size()] != ' ' && answer[filter.size()] != '\t'))
        return std::nullopt;
    for (std::size_t i = 0; i < filter.size(); ++i)
        if ((answer[i] | 0x20) != (filter[i] | 0x20))
            return std::nullopt;
    std::string_view target = answer.substr(filter.size());
    while (!target.empty() && (target.front() == ' ' || target.front() == '\t'))
        target.remove_prefix(1);
    const std::size_t colon = target.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return std::nullopt;
    return target.substr(0, colon);
}

} // namespace mf::compiler
