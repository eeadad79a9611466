// The argument of check_policy_service as smtpd reads it: `transport:endpoint`, or
// `{ transport:endpoint, name=value, { name = value with spaces }, ... }` with per-service
// overrides of the smtpd_policy_service_* parameters. Names are case-sensitive: timeout,
// max_idle, max_ttl and retry_delay are times (min 1s), request_limit (min 0) and try_limit
// (min 1) integers, default_action a non-empty reply and policy_context any text. Anything
// else makes smtpd stop at start-up; problems carry Postfix's words and a byte offset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

struct PolicyAttribute {
    std::string name;
    std::string value;
    std::size_t offset = 0; // in the argument text
};

struct PolicyService {
    std::string endpoint; // inet:host:port, unix:private/name
    std::vector<PolicyAttribute> attributes;
};

struct PolicyProblem {
    std::size_t offset = 0; // in the argument text
    std::string message;
};

PolicyService parse_policy_service(std::string_view argument, std::vector<PolicyProblem>& problems);

} // namespace mf::compiler
