#include "compiler/attribute_override.hpp"

#include <climits>
#include <optional>

#include "compiler/configuration.hpp"
#include "compiler/postfix_list_split.hpp"
#include "util/postfix_number.hpp"

namespace mf::compiler {

BracedDefinition parse_braced_definition(std::string_view text,
                                         std::vector<OverrideProblem>& problems)
{
    BracedDefinition definition;
    const std::string_view inner = strip_outer_braces(text);
    const std::size_t base = static_cast<std::size_t>(inner.data() - text.data());
    const SplitList split = split_postfix_list(inner);
    if (split.tokens.empty())
        return definition;
    definition.endpoint = split.tokens.front().text;
    definition.endpoint_offset = base + split.tokens.front().offset;
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
        definition.attributes.push_back({std::string(trim_whitespace(element.substr(0, equals))),
                                         std::string(trim_whitespace(element.substr(equals + 1))),
                                         base + token.offset});
    }
    return definition;
}

std::string time_attribute_problem(const OverrideAttribute& attribute, long minimum)
{
    // Postfix ignores what follows the unit letter here too.
    const PostfixTime time = postfix_time(attribute.value, 's');
    if (time.problem != PostfixTime::Problem::none)
        return attribute.name + ": bad time value or unit: " + attribute.value;
    if (time.seconds < minimum)
        return "invalid " + attribute.name + ": " + std::to_string(time.seconds) + " (min " +
               std::to_string(minimum) + ")";
    return "";
}

std::string integer_attribute_problem(const OverrideAttribute& attribute, long minimum)
{
    const std::optional<long> parsed = postfix_long(attribute.value);
    if (!parsed || *parsed < INT_MIN || *parsed > INT_MAX)
        return "bad numerical configuration: " + attribute.name + " = " + attribute.value;
    if (*parsed < minimum)
        return "invalid " + attribute.name + " parameter value " + attribute.value + " < " +
               std::to_string(minimum);
    return "";
}

std::string string_attribute_problem(const OverrideAttribute& attribute,
                                     std::size_t minimum_length)
{
    if (attribute.value.size() < minimum_length)
        return "bad string length " + std::to_string(attribute.value.size()) + " < " +
               std::to_string(minimum_length) + ": " + attribute.name + " = " + attribute.value;
    return "";
}

std::string unknown_attribute_problem(const OverrideAttribute& attribute)
{
    return "unknown option: \"" + attribute.name + " = " + attribute.value + "\"";
}

} // namespace mf::compiler
