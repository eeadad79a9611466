// See content_check_actions.hpp.
#include "compiler/content_check_actions.hpp"

#include <array>
#include <vector>

#include "compiler/closest_name.hpp"
#include "compiler/header_text.hpp"
#include "compiler/table_values.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

constexpr std::array<std::string_view, 15> cleanup_actions{
    "BCC",  "DISCARD", "DUNNO",    "OK",      "FILTER", "HOLD",  "IGNORE", "INFO",
    "PASS", "PREPEND", "REDIRECT", "REPLACE", "REJECT", "STRIP", "WARN"};
// What smtp(8) runs; the rest of cleanup's actions it logs as unsupported.
constexpr std::array<std::string_view, 8> smtp_actions{"DUNNO", "OK",      "IGNORE", "INFO",
                                                       "PREPEND", "REPLACE", "STRIP", "WARN"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view word)
{
    for (std::string_view name : names)
        if (equal_ignoring_case(name, word))
            return true;
    return false;
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

} // namespace

std::optional<ContentCheckParameter> content_check_parameter(std::string_view parameter)
{
    if (parameter == "header_checks" || parameter == "mime_header_checks" ||
        parameter == "nested_header_checks")
        return ContentCheckParameter{ContentInspector::cleanup, true};
    if (parameter == "body_checks")
        return ContentCheckParameter{ContentInspector::cleanup, false};
    if (parameter == "milter_header_checks")
        return ContentCheckParameter{ContentInspector::milter, true};
    if (parameter == "smtp_header_checks" || parameter == "smtp_mime_header_checks" ||
        parameter == "smtp_nested_header_checks")
        return ContentCheckParameter{ContentInspector::smtp, true};
    if (parameter == "smtp_body_checks")
        return ContentCheckParameter{ContentInspector::smtp, false};
    return std::nullopt;
}

std::optional<std::string> content_action_problem(std::string_view value,
                                                  std::string_view parameter,
                                                  const ContentCheckParameter& kind)
{
    const auto [action, text] = action_words(value);
    const std::string map = std::string(parameter) + " map";
    const std::string daemon = kind.inspector == ContentInspector::smtp ? "smtp" : "cleanup";
    if (!listed(cleanup_actions, action)) {
        const std::vector<std::string_view> names(cleanup_actions.begin(), cleanup_actions.end());
        return quoted(action) + " is not a " + std::string(parameter) + " action" +
               did_you_mean(action, names) + ": " + daemon + " logs \"" +
               (kind.inspector == ContentInspector::smtp ? "unsupported" : "unknown") +
               " command in " + map + "\" for every message it matches and does nothing";
    }
    if (kind.inspector == ContentInspector::smtp && !listed(smtp_actions, action))
        return quoted(action) + " is not supported in " + std::string(parameter) +
               ": smtp logs \"unsupported command in " + map +
               "\" for every message it matches and does nothing (smtp can only WARN, INFO, "
               "PREPEND, REPLACE, STRIP, IGNORE or DUNNO)";
    if (kind.inspector == ContentInspector::milter && equal_ignoring_case(action, "PREPEND"))
        return "PREPEND does not work in milter_header_checks: cleanup ignores it";
    if (equal_ignoring_case(action, "FILTER") && text.find(':') == std::string_view::npos)
        return "FILTER needs transport:destination after it; cleanup logs a warning and "
               "ignores the rule";
    if ((equal_ignoring_case(action, "REDIRECT") || equal_ignoring_case(action, "BCC")) &&
        text.find('@') == std::string_view::npos)
        return quoted(action) + " needs a user@domain target; cleanup logs a warning and "
                                "ignores the rule";
    if (equal_ignoring_case(action, "PREPEND") || equal_ignoring_case(action, "REPLACE")) {
        if (text.empty())
            return quoted(action) + " needs text after it; " + daemon +
                   " logs a warning and ignores the rule";
        if (kind.headers && !is_header_text(text))
            return quoted(action) + " in " + std::string(parameter) +
                   " needs a header (\"Name: value\"), not " + quoted(text) + "; " + daemon +
                   " logs a warning and ignores the rule";
    }
    return std::nullopt;
}

} // namespace mf::compiler
