#include "compiler/milter_definition.hpp"

#include <algorithm>
#include <cctype>

#include "compiler/attribute_override.hpp"
#include "compiler/network_syntax.hpp"
#include "compiler/postfix_list_split.hpp"
#include "compiler/service_ports.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// The port part of an inet: endpoint as host_port() finds it: after "[host]:", after the last
// ':', or the whole text (the host is then localhost). Problems that stop the program come back
// with fatal set; a service name /etc/services does not know only means no connection.
void check_inet_address(std::string_view address, std::size_t offset,
                        std::vector<MilterProblem>& problems)
{
    const HostPort parts = split_host_port(address);
    if (!parts.closed || parts.text_after_bracket)
        return;
    const std::string_view port = parts.has_colon || parts.bracketed ? parts.port : address;
    const std::string where(address);
    if (port.empty()) {
        problems.push_back({offset, where + ": missing service information", true});
    }
    else if (std::isdigit(static_cast<unsigned char>(port.front()))) {
        if (!all_digits(port))
            problems.push_back({offset, where + ": garbage after numerical service", true});
    }
    else if (!tcp_service_port(port)) {
        problems.push_back({offset, "host or service " + where + " not found", false,
                            "\"" + std::string(port) + "\" is read as the port, a service name "
                            "/etc/services does not list; write inet:host:port"});
    }
}

void check_endpoint(std::string_view endpoint, std::size_t offset,
                    std::vector<MilterProblem>& problems)
{
    const auto colon = endpoint.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == endpoint.size()) {
        problems.push_back({offset, "Milter service needs transport:endpoint instead of \"" +
                                        std::string(endpoint) + "\"", false});
        return;
    }
    const std::string_view transport = endpoint.substr(0, colon);
    if (transport == "inet")
        check_inet_address(endpoint.substr(colon + 1), offset, problems);
    else if (transport != "unix" && transport != "local")
        problems.push_back({offset, "invalid transport name: " + std::string(transport) +
                                        " in Milter service: " + std::string(endpoint), false});
}

bool is_protocol_version(std::string_view word)
{
    return word == "2" || word == "3" || word == "4" || word == "6";
}

bool is_protocol_word(std::string_view word)
{
    return is_protocol_version(word) || word == "no_header_reply";
}

// An attribute's problem; `milter` names the Milter in the messages that do.
void check_attribute(const OverrideAttribute& attribute, const std::string& milter,
                     std::vector<MilterProblem>& problems)
{
    const std::string& name = attribute.name;
    auto fatal = [&](std::string message) {
        if (!message.empty())
            problems.push_back({attribute.offset, std::move(message), true});
    };
    if (name == "connect_timeout" || name == "command_timeout" || name == "content_timeout") {
        fatal(time_attribute_problem(attribute, 1));
        return;
    }
    if (name != "default_action" && name != "protocol") {
        fatal(unknown_attribute_problem(attribute));
        return;
    }
    if (std::string problem = string_attribute_problem(attribute, 1); !problem.empty()) {
        fatal(std::move(problem));
        return;
    }
    const std::string& value = attribute.value;
    if (name == "default_action") {
        static constexpr std::string_view actions[] = {"accept", "reject", "tempfail", "quarantine"};
        if (std::none_of(std::begin(actions), std::end(actions),
                         [&](std::string_view action) { return equal_ignoring_case(value, action); }))
            problems.push_back({attribute.offset,
                                "milter " + milter + ": unrecognized default action: " + value, false});
        return;
    }
    bool version = false;
    for (const ListToken& word : split_postfix_list(value).tokens) {
        if (!is_protocol_word(word.text)) {
            problems.push_back({attribute.offset,
                                "milter " + milter + ": bad protocol information: " + value, false});
            return;
        }
        version = version || is_protocol_version(word.text);
    }
    if (!version)
        problems.push_back({attribute.offset,
                            "milter " + milter + ": no protocol version information", false});
}

} // namespace

std::vector<MilterProblem> milter_problems(std::string_view element)
{
    std::vector<MilterProblem> problems;
    if (element.empty() || element.front() != '{') {
        check_endpoint(element, 0, problems);
        return problems;
    }
    std::vector<OverrideProblem> malformed;
    const BracedDefinition definition = parse_braced_definition(element, malformed);
    for (OverrideProblem& problem : malformed)
        problems.push_back({problem.offset, std::move(problem.message), true});
    if (definition.endpoint.empty()) {
        problems.push_back({0, "empty milter definition: \"" + std::string(element) + "\"", true});
        return problems;
    }
    check_endpoint(definition.endpoint, definition.endpoint_offset, problems);
    for (const OverrideAttribute& attribute : definition.attributes)
        check_attribute(attribute, definition.endpoint, problems);
    return problems;
}

MilterElement read_milter_element(std::string_view element)
{
    if (element.empty() || element.front() != '{')
        return {std::string(element), 0, {}};
    std::vector<OverrideProblem> malformed; // reported by milter_problems
    BracedDefinition definition = parse_braced_definition(element, malformed);
    MilterElement read{std::move(definition.endpoint), definition.endpoint_offset, {}};
    for (const OverrideAttribute& attribute : definition.attributes)
        if (attribute.name == "default_action")
            read.default_action = attribute.value;
    return read;
}

} // namespace mf::compiler
