#include "compiler/attribute_override.hpp"

#include <cctype>
#include <climits>
#include <cstdlib>

#include "compiler/configuration.hpp"
#include "compiler/postfix_list_split.hpp"

namespace mf::compiler {

namespace {

// A number and at most one unit letter, as Postfix's conv_time reads it.
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

} // namespace

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
    long seconds = 0;
    if (!valid_time(attribute.value, seconds))
        return attribute.name + ": bad time value or unit: " + attribute.value;
    if (seconds < minimum)
        return "invalid " + attribute.name + ": " + std::to_string(seconds) + " (min " +
               std::to_string(minimum) + ")";
    return "";
}

std::string integer_attribute_problem(const OverrideAttribute& attribute, long minimum)
{
    long number = 0;
    if (!valid_integer(attribute.value, number))
        return "bad numerical configuration: " + attribute.name + " = " + attribute.value;
    if (number < minimum)
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
