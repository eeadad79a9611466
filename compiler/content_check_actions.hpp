// How a daemon reads the action a header_checks or body_checks table answers (header_checks(5);
// cleanup's actions, and the subset smtp(8) runs through header_body_checks.c): the first word
// is the action in any case, and some need an argument. What it would not do as written: a word
// that is no action (the daemon logs "unknown command" and ignores the rule), an action the
// daemon does not support there (smtp_*_checks run no REJECT, FILTER, REDIRECT...; PREPEND does
// not work in milter_header_checks), and FILTER, REDIRECT, BCC, PREPEND or REPLACE without the
// argument they need.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mf::compiler {

enum class ContentInspector {
    cleanup, // header_checks, mime_header_checks, nested_header_checks, body_checks
    milter,  // milter_header_checks (cleanup, on headers that milters add)
    smtp,    // smtp_header_checks, smtp_mime_header_checks, smtp_nested_header_checks, smtp_body_checks
};

struct ContentCheckParameter {
    ContentInspector inspector;
    bool headers; // header lines (PREPEND and REPLACE then need "Name: value")
};

// The content-inspection table lists; nullopt for any other parameter.
std::optional<ContentCheckParameter> content_check_parameter(std::string_view parameter);

// The problem with `value` as an action of `parameter`'s table, in words for the administrator.
std::optional<std::string> content_action_problem(std::string_view value,
                                                  std::string_view parameter,
                                                  const ContentCheckParameter& kind);

} // namespace mf::compiler
