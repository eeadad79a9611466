// Postfix's attr_override, which smtpd applies to a service named with per-service settings:
// `{ transport:endpoint, name=value, { name = value with spaces }, ... }` in a
// check_policy_service argument or an smtpd_milters element. Elements are separated as list
// values are (blanks and commas, braces group); each after the first is name=value without
// blanks, or a braced `{ name = value }`. The value checks word their problems as Postfix's
// programs do when they stop at start-up.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mf::compiler {

struct OverrideAttribute {
    std::string name;
    std::string value;
    std::size_t offset = 0; // in the definition's text
};

struct OverrideProblem {
    std::size_t offset = 0; // in the definition's text
    std::string message;
};

struct BracedDefinition {
    std::string endpoint; // the first element; empty when the braces hold nothing
    std::size_t endpoint_offset = 0;
    std::vector<OverrideAttribute> attributes;
};

// `text` starts with '{'. Attributes without '=' are problems ("malformed option").
BracedDefinition parse_braced_definition(std::string_view text,
                                         std::vector<OverrideProblem>& problems);

// "" when fine, else Postfix's words: a time (a number and at most one unit letter s, m, h, d
// or w) of at least `minimum` seconds; an integer of at least `minimum`; a string of at least
// `minimum_length` bytes; and the message for a name the program does not know.
std::string time_attribute_problem(const OverrideAttribute& attribute, long minimum);
std::string integer_attribute_problem(const OverrideAttribute& attribute, long minimum);
std::string string_attribute_problem(const OverrideAttribute& attribute,
                                     std::size_t minimum_length);
std::string unknown_attribute_problem(const OverrideAttribute& attribute);

} // namespace mf::compiler
