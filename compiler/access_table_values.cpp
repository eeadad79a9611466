// See access_table_values.hpp.
#include "compiler/access_table_values.hpp"

#include <array>
#include <vector>

#include "compiler/closest_name.hpp"
#include "compiler/header_text.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

// The actions smtpd knows as the first word of a value, in the order it tries them.
constexpr std::array<std::string_view, 16> actions{
    "DUNNO",  "REJECT",   "DEFER",           "HANGUP",          "INFO",    "WARN",
    "FILTER", "HOLD",     "DISCARD",         "REDIRECT",        "BCC",     "DEFER_IF_PERMIT",
    "DEFER_IF_REJECT",    "PREPEND",         "OK",              "RELAY"};

std::optional<AnswerProblem> warning(std::string message)
{
    return AnswerProblem{Severity::warning, std::move(message)};
}

std::optional<AnswerProblem> action_problem(std::string_view action, std::string_view text)
{
    const std::string name = "\"" + std::string(action) + "\"";
    if (equal_ignoring_case(action, "FILTER") && text.find(':') == std::string_view::npos)
        return warning(name + " needs transport:destination after it; smtpd logs a warning and "
                              "ignores the entry");
    if ((equal_ignoring_case(action, "REDIRECT") || equal_ignoring_case(action, "BCC")) &&
        text.find('@') == std::string_view::npos)
        return warning(name + " needs a user@domain target; smtpd logs a warning and ignores "
                              "the entry");
    if (equal_ignoring_case(action, "PREPEND") && !is_header_text(text))
        return warning(name + " needs a header (\"Name: text\"); smtpd logs a warning and "
                              "ignores the entry");
    return std::nullopt;
}

std::string did_you_mean_action(std::string_view word, const RestrictionEnvironment& env)
{
    std::vector<std::string_view> names(actions.begin(), actions.end());
    for (const RestrictionInfo& info : all_restrictions())
        names.push_back(info.name);
    for (const auto& [name, body] : env.classes)
        names.push_back(name);
    return did_you_mean(word, names);
}

} // namespace

std::optional<AnswerProblem> access_value_problem(std::string_view value,
                                                       const RestrictionEnvironment& env)
{
    const auto [word, text] = action_words(value);
    for (std::string_view action : actions)
        if (equal_ignoring_case(word, action))
            return action_problem(word, text);
    if (all_digits(value)) {
        if (value.size() == 3 && (value[0] == '4' || value[0] == '5'))
            return AnswerProblem{
                Severity::error,
                "\"" + std::string(value) + "\" alone is digits only, which smtpd reads as OK: "
                "the mail is accepted; a reply code needs text after it (\"" +
                    std::string(value) + " 5.7.1 Access denied\"), or write REJECT"};
        return std::nullopt;
    }
    if (word.size() == 3 && !text.empty() && (word[0] == '4' || word[0] == '5') &&
        all_digits(word))
        return std::nullopt;
    if (value.find(':') != std::string_view::npos)
        return AnswerProblem{
            Severity::error,
            "a lookup table in an access table's value (\"" + std::string(value) +
                "\"): smtpd answers \"451 4.3.5 Server configuration error\" for the mail that "
                "matches (define a restriction class that names the table, and write its name)"};
    for (const RestrictionEntry& entry : parse_restriction_entries(value, env)) {
        const std::string name = "\"" + entry.token.text + "\"";
        if (!entry.info && !entry.class_body)
            return AnswerProblem{
                Severity::error,
                name + " is neither an access action nor a restriction or restriction class "
                "smtpd knows" + did_you_mean_action(entry.token.text, env) +
                    ": smtpd logs \"unknown smtpd restriction\" and answers \"451 4.3.5 Server "
                    "configuration error\" for the mail that matches"};
        if (entry.info && entry.info->argument != RestrictionArgument::none &&
            entry.info->argument != RestrictionArgument::seconds && !entry.has_argument)
            return warning(name + " needs its argument after it; smtpd logs a warning and "
                                  "skips it");
    }
    return std::nullopt;
}

} // namespace mf::compiler
