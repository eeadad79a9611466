// check_policy_service arguments (see policy_service.hpp), checked as smtpd's attr_override
// does: each element is name=value (no blanks) or a braced { name = value }.
#include "compiler/policy_service.hpp"

#include <cctype>
#include <climits>
#include <cstdlib>

#include "compiler/postfix_list_split.hpp"

namespace mf::compiler {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

// A number and at most one unit letter (s m h d w), as Postfix's conv_time.
bool valid_time(std::string_view text, long& seconds)
{
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
        ++digits;
    if (digits == 0 || digits > 9 || text.size() > digits + 1)
        return false;
    long scale = 1;
    if (digits < text.size()) {
        switch (text[digits]) {
        case 's': scale = 1; break;
        case 'm': scale = 60; break;
        case 'h': scale = 3600; break;
        case 'd': scale = 86400; break;
        case 'w': scale = 7 * 86400; break;
        default: return false;
        }
    }
    seconds = std::strtol(std::string(text.substr(0, digits)).c_str(), nullptr, 10) * scale;
    return seconds <= INT_MAX;
}

bool valid_integer(std::string_view text, long& number)
{
    if (text.empty() || text.size() > 9)
        return false;
    std::size_t i = text.front() == '-' || text.front() == '+' ? 1 : 0;
    if (i == text.size())
        return false;
    for (; i < text.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    number = std::strtol(std::string(text).c_str(), nullptr, 10);
    return true;
}

void check_attribute(const PolicyAttribute& attribute, std::vector<PolicyProblem>& problems)
{
    const std::string_view name = attribute.name;
    const std::string& value = attribute.value;
    auto problem = [&](std::string message) {
        problems.push_back({attribute.offset, std::move(message)});
    };
    if (name == "timeout" || name == "max_idle" || name == "max_ttl" || name == "retry_delay") {
        long seconds = 0;
        if (!valid_time(value, seconds))
            problem(std::string(name) + ": bad time value or unit: " + value);
        else if (seconds < 1)
            problem("invalid " + std::string(name) + " parameter value " + value + " < 1");
    }
    else if (name == "request_limit" || name == "try_limit") {
        long number = 0;
        const long minimum = name == "try_limit" ? 1 : 0;
        if (!valid_integer(value, number))
            problem(std::string(name) + ": bad numerical configuration: " + value);
        else if (number < minimum)
            problem("invalid " + std::string(name) + " parameter value " + value + " < " +
                    std::to_string(minimum));
    }
    else if (name == "default_action") {
        if (value.empty())
            problem("bad string length 0 < 1: default_action = ");
    }
    else if (name != "policy_context") {
        problem("unknown option: \"" + std::string(name) + " = " + value +
                "\" (known: timeout, max_idle, max_ttl, retry_delay, request_limit, try_limit, "
                "default_action, policy_context; names are case-sensitive)");
    }
}

} // namespace

PolicyService parse_policy_service(std::string_view argument, std::vector<PolicyProblem>& problems)
{
    PolicyService service;
    if (argument.empty() || argument.front() != '{') {
        service.endpoint = std::string(argument);
        return service;
    }
    const std::string_view inner = strip_outer_braces(argument);
    const std::size_t base = static_cast<std::size_t>(inner.data() - argument.data());
    const SplitList split = split_postfix_list(inner);
    if (split.tokens.empty()) {
        problems.push_back({0, "check_policy_service { } names no policy server"});
        return service;
    }
    service.endpoint = split.tokens.front().text;
    if (service.endpoint.find(':') == std::string::npos)
        problems.push_back({base + split.tokens.front().offset,
                            "\"" + service.endpoint +
                                "\" is not transport:endpoint (inet:host:port or "
                                "unix:private/name)"});
    for (std::size_t i = 1; i < split.tokens.size(); ++i) {
        const ListToken& token = split.tokens[i];
        const bool braced = token.text.front() == '{';
        const std::string_view element = braced ? strip_outer_braces(token.text) : token.text;
        const auto equals = element.find('=');
        if (equals == std::string_view::npos) {
            problems.push_back({base + token.offset,
                                "malformed option: missing '=' after attribute name: \"" +
                                    std::string(element) + "\" (write name=value, or "
                                    "{ name = value } when the value has spaces)"});
            continue;
        }
        PolicyAttribute attribute;
        attribute.name = std::string(trim(element.substr(0, equals)));
        attribute.value = std::string(trim(element.substr(equals + 1)));
        attribute.offset = base + token.offset;
        check_attribute(attribute, problems);
        service.attributes.push_back(std::move(attribute));
    }
    return service;
}

} // namespace mf::compiler
