// check_policy_service arguments (see policy_service.hpp), checked as smtpd's attr_override
// does.
#include "compiler/policy_service.hpp"

namespace mf::compiler {

namespace {

std::string attribute_problem(const OverrideAttribute& attribute)
{
    const std::string& name = attribute.name;
    if (name == "timeout" || name == "max_idle" || name == "max_ttl" || name == "retry_delay")
        return time_attribute_problem(attribute, 1);
    if (name == "request_limit")
        return integer_attribute_problem(attribute, 0);
    if (name == "try_limit")
        return integer_attribute_problem(attribute, 1);
    if (name == "default_action")
        return string_attribute_problem(attribute, 1);
    if (name == "policy_context")
        return "";
    return unknown_attribute_problem(attribute) +
           " (known: timeout, max_idle, max_ttl, retry_delay, request_limit, try_limit, "
           "default_action, policy_context; names are case-sensitive)";
}

} // namespace

PolicyService parse_policy_service(std::string_view argument,
                                   std::vector<OverrideProblem>& problems)
{
    PolicyService service;
    if (argument.empty() || argument.front() != '{') {
        service.endpoint = std::string(argument);
        return service;
    }
    BracedDefinition definition = parse_braced_definition(argument, problems);
    if (definition.endpoint.empty()) {
        problems.push_back({0, "check_policy_service { } names no policy server"});
        return service;
    }
    if (definition.endpoint.find(':') == std::string::npos)
        problems.push_back({definition.endpoint_offset,
                            "\"" + definition.endpoint +
                                "\" is not transport:endpoint (inet:host:port or "
                                "unix:private/name)"});
    for (const OverrideAttribute& attribute : definition.attributes)
        if (std::string problem = attribute_problem(attribute); !problem.empty())
            problems.push_back({attribute.offset, std::move(problem)});
    service.endpoint = std::move(definition.endpoint);
    service.attributes = std::move(definition.attributes);
    return service;
}

void for_each_policy_service(
    const RestrictionValue& value, const RestrictionEnvironment& env,
    const std::function<void(const RestrictionEntry&, const PolicyService&)>& visit)
{
    for (const RestrictionEntry& entry : parse_restriction_entries(value.text, env)) {
        if (!entry.info || entry.info->argument != RestrictionArgument::policy_service ||
            !entry.has_argument)
            continue;
        std::vector<OverrideProblem> problems;
        visit(entry, parse_policy_service(entry.argument.text, problems));
    }
}

} // namespace mf::compiler
