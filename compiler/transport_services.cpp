// See transport_services.hpp.
#include "compiler/transport_services.hpp"

#include "compiler/table_values.hpp"
#include "util/ascii.hpp"

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
    const auto [action, target] = action_words(answer);
    const std::size_t colon = target.find(':');
    if (!equal_ignoring_case(action, "FILTER") || colon == std::string_view::npos || colon == 0)
        return std::nullopt;
    return target.substr(0, colon);
}

} // namespace mf::compiler
