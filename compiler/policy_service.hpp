// The argument of check_policy_service as smtpd reads it: `transport:endpoint`, or
// `{ transport:endpoint, name=value, { name = value with spaces }, ... }` with per-service
// overrides of the smtpd_policy_service_* parameters (attribute_override.hpp). Names are
// case-sensitive: timeout, max_idle, max_ttl and retry_delay are times (min 1s), request_limit
// (min 0) and try_limit (min 1) integers, default_action a non-empty reply and policy_context
// any text. Anything else makes smtpd stop at start-up; problems carry Postfix's words and a
// byte offset.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/attribute_override.hpp"
#include "compiler/restriction_analysis.hpp"

namespace mf::compiler {

struct PolicyService {
    std::string endpoint; // inet:host:port, unix:private/name
    std::vector<OverrideAttribute> attributes;
};

PolicyService parse_policy_service(std::string_view argument,
                                   std::vector<OverrideProblem>& problems);

// Each check_policy_service entry of a restriction list, with its argument read (the problems
// in it are the restriction checks' to report).
void for_each_policy_service(
    const RestrictionValue& value, const RestrictionEnvironment& env,
    const std::function<void(const RestrictionEntry&, const PolicyService&)>& visit);

} // namespace mf::compiler
