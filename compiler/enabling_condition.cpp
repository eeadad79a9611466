// Evaluating and describing the enabling conditions of enumeration parameters (see
// enabling_condition.hpp). The conditions are few and short: they are parsed where used.
#include "compiler/enabling_condition.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "compiler/configuration.hpp"

namespace mf::compiler {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    while (true) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos)
            return parts;
        text.remove_prefix(at + 1);
    }
}

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

struct Atom {
    std::string_view name;
    enum class Test { yes, one_of, none_of } test = Test::yes;
    std::string_view words; // '/'-separated
};

Atom parse_atom(std::string_view text)
{
    if (const auto at = text.find("!="); at != std::string_view::npos)
        return {text.substr(0, at), Atom::Test::none_of, text.substr(at + 2)};
    if (const auto at = text.find('='); at != std::string_view::npos)
        return {text.substr(0, at), Atom::Test::one_of, text.substr(at + 1)};
    return {text, Atom::Test::yes, {}};
}

bool atom_holds(const Atom& atom, const Configuration& config, const Service* service)
{
    const std::string expanded = config.expand(atom.name, service);
    const std::string_view value = trim_whitespace(expanded);
    if (atom.test == Atom::Test::yes)
        return equals_ignoring_case(value, "yes");
    bool listed = false;
    for (std::string_view word : split(atom.words, '/'))
        listed = listed || (word == "(empty)" ? value.empty() : equals_ignoring_case(value, word));
    return atom.test == Atom::Test::one_of ? listed : !listed;
}

std::string words_text(std::string_view words)
{
    std::string out;
    const auto list = split(words, '/');
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i)
            out += i + 1 == list.size() ? " or " : ", ";
        out += list[i] == "(empty)" ? "empty" : std::string(list[i]);
    }
    return out;
}

// The condition proper, after its optional "description:".
std::string_view condition_part(std::string_view condition)
{
    const auto colon = condition.find(':');
    return colon == std::string_view::npos ? condition : condition.substr(colon + 1);
}

} // namespace

bool condition_holds(std::string_view condition, const Configuration& config,
                     const Service* service)
{
    condition = condition_part(condition);
    if (condition.empty())
        return true;
    if (condition == "never")
        return false;
    for (std::string_view alternative : split(condition, '|')) {
        bool all = true;
        for (std::string_view atom : split(alternative, '&'))
            all = all && atom_holds(parse_atom(atom), config, service);
        if (all)
            return true;
    }
    return false;
}

bool condition_is_never(std::string_view condition)
{
    return condition_part(condition) == "never";
}

std::string describe_condition(std::string_view condition)
{
    if (const auto colon = condition.find(':'); colon != std::string_view::npos)
        return std::string(condition.substr(0, colon));
    std::string out;
    const auto alternatives = split(condition, '|');
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        if (i)
            out += " or ";
        const auto atoms = split(alternatives[i], '&');
        for (std::size_t j = 0; j < atoms.size(); ++j) {
            if (j)
                out += " and ";
            const Atom atom = parse_atom(atoms[j]);
            out += std::string(atom.name);
            switch (atom.test) {
            case Atom::Test::yes:
                out += " = yes";
                break;
            case Atom::Test::one_of:
                out += " is " + words_text(atom.words);
                break;
            case Atom::Test::none_of:
                out += " is not " + words_text(atom.words);
                break;
            }
        }
    }
    return out;
}

} // namespace mf::compiler
