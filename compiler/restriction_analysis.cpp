// Restriction-list analysis (see restriction_analysis.hpp). The walk follows smtpd_check.c's
// generic_checks(): built-in names win over class names, a token holding ':' is a table for the
// list's default check_*_access, and a restriction takes its argument from the next token
// whatever that token is.
#include "compiler/restriction_analysis.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "compiler/closest_name.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/dnsxl_syntax.hpp"
#include "compiler/policy_service.hpp"
#include "util/ascii.hpp"

namespace mf::compiler {

namespace {

bool iequal(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool has_colon(std::string_view token) { return token.find(':') != std::string_view::npos; }

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

using Visiting = std::vector<std::string>;

bool is_visiting(const Visiting& visiting, std::string_view name)
{
    return std::find(visiting.begin(), visiting.end(), name) != visiting.end();
}

// Whether walking this list always ends in a decision (permit, reject, defer...).
bool always_decides(const RestrictionValue& body, const RestrictionEnvironment& env,
                    Visiting& visiting)
{
    bool warn_next = false;
    for (const auto& entry : parse_restriction_entries(body.text, env)) {
        if (entry.info && entry.info->modifies_next) {
            warn_next = true;
            continue;
        }
        if (entry.info && entry.info->always_decides && (!warn_next || entry.info->permits_all))
            return true;
        if (entry.class_body && !warn_next && !is_visiting(visiting, entry.token.text)) {
            visiting.push_back(entry.token.text);
            const bool decides = always_decides(*entry.class_body, env, visiting);
            visiting.pop_back();
            if (decides)
                return true;
        }
        warn_next = false;
    }
    return false;
}

std::vector<std::string_view> restriction_names(const RestrictionEnvironment& env)
{
    std::vector<std::string_view> names;
    for (const auto& info : all_restrictions())
        names.push_back(info.name);
    for (const auto& [name, body] : env.classes)
        names.push_back(name);
    return names;
}

bool names_a_restriction(std::string_view token, const RestrictionEnvironment& env)
{
    return find_restriction(token) != nullptr || env.classes.count(token) > 0;
}

void check_argument(const RestrictionEntry& entry, const RestrictionValue& value,
                    const RestrictionEnvironment& env, UniqueReporter& reporter)
{
    const auto& info = *entry.info;
    const auto where = value.at(entry.token.offset);
    const std::string name = quoted(entry.token.text);
    switch (info.argument) {
    case RestrictionArgument::none:
        return;
    case RestrictionArgument::table:
        if (!entry.has_argument)
            reporter.report(Severity::error, where,
                            name + " needs a type:table argument; smtpd answers every request "
                                   "that reaches it with 451 4.3.5 Server configuration error",
                            code::restriction_missing_argument);
        else if (!has_colon(entry.argument.text))
            reporter.report(Severity::error, value.at(entry.argument.offset),
                            name + " needs a type:table argument, not " +
                                quoted(entry.argument.text) +
                                "; smtpd answers every request that reaches it with 451 4.3.5 "
                                "Server configuration error",
                            code::restriction_missing_argument);
        return;
    case RestrictionArgument::dnsxl_domain:
        if (!entry.has_argument)
            reporter.report(Severity::error, where,
                            name + " needs a DNS list domain argument; without one smtpd "
                                   "skips it",
                            code::restriction_missing_argument);
        else if (names_a_restriction(entry.argument.text, env) || has_colon(entry.argument.text))
            reporter.report(Severity::error, value.at(entry.argument.offset),
                            name + " takes the next token as its DNS list domain, so " +
                                quoted(entry.argument.text) +
                                " is queried as a DNS list instead of running as a restriction",
                            code::restriction_missing_argument);
        else if (const std::string& argument = entry.argument.text;
                 argument.substr(0, argument.find('=')).find('.') == std::string::npos)
            // DNS list zones are domains with at least one dot (zen.spamhaus.org).
            reporter.report(Severity::error, value.at(entry.argument.offset),
                            name + " takes the next token as its DNS list domain, but " +
                                quoted(argument) + " is not a domain name",
                            code::restriction_missing_argument);
        else if (const auto equals = argument.find('='); equals != std::string::npos) {
            const std::string problem = reply_filter_problem(argument.substr(equals + 1));
            if (!problem.empty())
                reporter.report(Severity::error, value.at(entry.argument.offset + equals + 1),
                                name + ": smtpd cannot parse the reply filter of " +
                                    quoted(argument) + " and dies (\"fatal: RBL reply error: " +
                                    problem + "\") each time a client reaches it",
                                code::dnsxl_site);
        }
        return;
    case RestrictionArgument::policy_service:
        if (!entry.has_argument) {
            reporter.report(Severity::error, where,
                            name + " must be followed by transport:endpoint (inet:host:port or "
                                   "unix:private/name); smtpd will not start",
                            code::restriction_missing_argument);
            return;
        }
        {
            std::vector<OverrideProblem> problems;
            parse_policy_service(entry.argument.text, problems);
            for (const OverrideProblem& problem : problems)
                reporter.report(Severity::error,
                                value.at(entry.argument.offset + problem.offset),
                                name + ": " + problem.message + "; smtpd will not start",
                                code::policy_service_attribute);
        }
        return;
    case RestrictionArgument::seconds:
        if (!entry.has_argument)
            reporter.report(Severity::error, where,
                            name + " must be followed by a number of seconds; smtpd answers "
                                   "every request that reaches it with 451 4.3.5 Server "
                                   "configuration error",
                            code::restriction_missing_argument);
        return;
    }
}

void check_applicability(const RestrictionEntry& entry, RestrictionList list,
                         const RestrictionValue& value, const RestrictionEnvironment& env,
                         std::string_view list_label, UniqueReporter& reporter)
{
    const auto verdict = applicability(entry.info->subject, list);
    if (verdict == Applicability::effective ||
        (verdict == Applicability::needs_delay_reject && env.delay_reject))
        return;
    std::string message = quoted(entry.token.text) + " examines " +
                          std::string(subject_name(entry.info->subject)) + ", which ";
    if (verdict == Applicability::never)
        message += "never exists when " + std::string(list_label) + " runs";
    else
        message += "does not exist yet when " + std::string(list_label) +
                   " runs with smtpd_delay_reject = no";
    message += ": it has no effect there";
    reporter.report(Severity::error, value.at(entry.token.offset), std::move(message),
                    code::restriction_wrong_list);
}

// Checks one list or class body. `list` is the list the body runs in (none for a class body
// checked on its own); `list_label` names it in messages.
void check_body(std::optional<RestrictionList> list, std::string_view list_label,
                const RestrictionValue& value, const RestrictionEnvironment& env,
                UniqueReporter& reporter, Visiting& visiting)
{
    const auto split = split_postfix_list(value.text);
    if (split.unclosed_brace != std::string_view::npos)
        reporter.report(Severity::error, value.at(split.unclosed_brace),
                        "missing '}' in " + value.name + ": the rest of the value is read as "
                        "one restriction",
                        code::restriction_syntax);

    const auto entries = parse_restriction_entries(value.text, env);
    std::optional<std::string> decided_by;
    bool reported_unreachable = false;
    bool warn_next = false;
    for (const auto& entry : entries) {
        const auto where = value.at(entry.token.offset);
        if (decided_by && !reported_unreachable) {
            reported_unreachable = true;
            reporter.report(Severity::warning, where,
                            quoted(entry.token.text) + " and what follows it in " + value.name +
                                " never run: smtpd always stops at " + quoted(*decided_by),
                            code::restriction_unreachable);
        }
        if (entry.bare_table) {
            if (list && default_access_restriction(*list).empty())
                reporter.report(
                    Severity::error, where,
                    "table " + quoted(entry.token.text) + " in " + std::string(list_label) +
                        " needs an access restriction before it (check_client_access, "
                        "check_sender_access...): this list has no default, and smtpd answers "
                        "with 451 4.3.5 Server configuration error",
                    code::restriction_bare_table);
            warn_next = false;
            continue;
        }
        if (entry.class_body) {
            const std::string& name = entry.token.text;
            if (list && !is_visiting(visiting, name)) {
                visiting.push_back(name);
                check_body(list, list_label, *entry.class_body, env, reporter, visiting);
                visiting.pop_back();
            }
            if (!warn_next && !is_visiting(visiting, name)) {
                visiting.push_back(name);
                if (always_decides(*entry.class_body, env, visiting))
                    decided_by = name;
                visiting.pop_back();
            }
            warn_next = false;
            continue;
        }
        if (!entry.info) {
            const auto names = restriction_names(env);
            reporter.report(Severity::error, where,
                            "unknown smtpd restriction " + quoted(entry.token.text) +
                                did_you_mean(entry.token.text, names) +
                                "; smtpd answers every request that reaches it with 451 4.3.5 "
                                "Server configuration error",
                            code::restriction_unknown);
            warn_next = false;
            continue;
        }
        check_argument(entry, value, env, reporter);
        if (entry.info->deprecated)
            reporter.report(Severity::warning, where,
                            "restriction " + quoted(entry.token.text) +
                                " is deprecated and smtpd warns each time it runs; use " +
                                std::string(entry.info->preferred) + " instead",
                            code::restriction_deprecated);
        if (list)
            check_applicability(entry, *list, value, env, list_label, reporter);
        if (entry.info->modifies_next) {
            warn_next = true;
            continue;
        }
        if (entry.info->always_decides && (!warn_next || entry.info->permits_all) && !decided_by)
            decided_by = entry.token.text;
        warn_next = false;
    }
}

RelayOutcome walk_relay(const RestrictionValue& list, const RestrictionEnvironment& env,
                        Visiting& visiting)
{
    bool warn_next = false;
    for (const auto& entry : parse_restriction_entries(list.text, env)) {
        if (entry.info) {
            const auto& info = *entry.info;
            if (info.modifies_next) {
                warn_next = true;
                continue;
            }
            // A reject that warn_if_reject turned into a warning lets the request through.
            if (info.guards_relay && !warn_next)
                return RelayOutcome::refused;
            if (info.permits_all)
                return RelayOutcome::permitted;
            if (info.name == "permit_mynetworks" && env.mynetworks_matches_everyone)
                return RelayOutcome::permitted;
        } else if (entry.class_body && !is_visiting(visiting, entry.token.text)) {
            visiting.push_back(entry.token.text);
            const auto outcome = walk_relay(*entry.class_body, env, visiting);
            visiting.pop_back();
            if (outcome == RelayOutcome::permitted ||
                (outcome == RelayOutcome::refused && !warn_next))
                return outcome;
        }
        warn_next = false;
    }
    return RelayOutcome::falls_through;
}

bool postfix_has_required(const RestrictionValue& list, const RestrictionEnvironment& env,
                          Visiting& visiting)
{
    static constexpr std::string_view required[] = {
        "reject_unauth_destination", "defer_unauth_destination", "reject",
        "defer",                     "defer_if_permit",          "check_relay_domains",
    };
    const auto tokens = split_postfix_list(list.text).tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i].text;
        if (iequal(token, "warn_if_reject") && i + 1 < tokens.size()) {
            ++i;
            continue;
        }
        if (iequal(token, "permit"))
            return false;
        for (auto name : required)
            if (iequal(token, name))
                return true;
        auto found = env.classes.find(token);
        if (found != env.classes.end() && !is_visiting(visiting, token)) {
            visiting.push_back(token);
            const bool inner = postfix_has_required(found->second, env, visiting);
            visiting.pop_back();
            if (inner)
                return true;
        }
    }
    return false;
}

bool reaches(const std::string& from, const std::string& target, const RestrictionEnvironment& env,
             std::set<std::string>& seen, std::vector<std::string>& path)
{
    auto found = env.classes.find(from);
    if (found == env.classes.end())
        return false;
    for (const auto& entry : parse_restriction_entries(found->second.text, env)) {
        if (!entry.class_body)
            continue;
        const std::string& next = entry.token.text;
        path.push_back(next);
        if (next == target)
            return true;
        if (seen.insert(next).second && reaches(next, target, env, seen, path))
            return true;
        path.pop_back();
    }
    return false;
}

// smtpd_relay_restrictions' default has defer_unauth_destination from compatibility_level 1
// on, so a relay list at its default that guards nothing means the level is below 1.
std::string relay_default_hint(const RestrictionValue& relay, const RestrictionValue& recipient)
{
    if (relay.explicitly_set)
        return "";
    if (!recipient.explicitly_set)
        return " (both lists are at their defaults, and below compatibility_level 1 "
               "smtpd_relay_restrictions is empty: set compatibility_level = 3.6)";
    return " (smtpd_relay_restrictions is at its default, which below compatibility_level 1 is "
           "empty: set compatibility_level = 3.6, or add reject_unauth_destination to "
           "smtpd_recipient_restrictions)";
}

} // namespace

std::vector<RestrictionEntry> parse_restriction_entries(std::string_view text,
                                                        const RestrictionEnvironment& env)
{
    const auto tokens = split_postfix_list(text).tokens;
    std::vector<RestrictionEntry> entries;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        RestrictionEntry entry;
        entry.token = tokens[i];
        const bool has_next = i + 1 < tokens.size();
        if (has_colon(entry.token.text)) {
            entry.bare_table = true;
        } else if ((entry.info = find_restriction(entry.token.text)) != nullptr) {
            bool takes_next = false;
            switch (entry.info->argument) {
            case RestrictionArgument::none:
                break;
            case RestrictionArgument::table:
            case RestrictionArgument::dnsxl_domain:
                // smtpd consumes the next token whatever it is.
                takes_next = has_next;
                break;
            case RestrictionArgument::policy_service:
                takes_next = has_next && has_colon(tokens[i + 1].text);
                break;
            case RestrictionArgument::seconds:
                takes_next = has_next && all_digits(tokens[i + 1].text);
                break;
            }
            if (takes_next) {
                entry.has_argument = true;
                entry.argument = tokens[++i];
            }
        } else if (auto found = env.classes.find(entry.token.text); found != env.classes.end()) {
            entry.class_body = &found->second;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

void check_restriction_list(RestrictionList list, const RestrictionValue& value,
                            const RestrictionEnvironment& env, UniqueReporter& reporter)
{
    Visiting visiting;
    check_body(list, restriction_list_parameter(list), value, env, reporter, visiting);
}

void check_restriction_classes(const RestrictionEnvironment& env, UniqueReporter& reporter)
{
    for (const auto& [name, body] : env.classes) {
        if (body.text.find_first_not_of(", \t\r\n") == std::string::npos) {
            reporter.report(Severity::error, body.location,
                            "restriction class " + quoted(name) +
                                " needs a definition (" + name +
                                " = restrictions... in main.cf); smtpd will not start",
                            code::restriction_class_undefined);
            continue;
        }
        if (find_restriction(name))
            reporter.report(Severity::warning, body.location,
                            "restriction class " + quoted(name) +
                                " is never used: smtpd runs the built-in restriction of that "
                                "name instead",
                            code::restriction_class_shadowed);
        std::set<std::string> seen;
        std::vector<std::string> path{name};
        if (reaches(name, name, env, seen, path)) {
            std::string chain;
            for (const auto& step : path)
                chain += (chain.empty() ? "" : " -> ") + step;
            reporter.report(Severity::error, body.location,
                            "restriction class " + quoted(name) + " uses itself (" + chain +
                                "); smtpd recurses without end and crashes",
                            code::restriction_class_loop);
        }
        Visiting visiting{name};
        check_body(std::nullopt, name, body, env, reporter, visiting);
    }
}

RelayOutcome relay_outcome(const RestrictionValue& list, const RestrictionEnvironment& env)
{
    Visiting visiting;
    return walk_relay(list, env, visiting);
}

bool has_working_relay_guard(const RestrictionValue& list, const RestrictionEnvironment& env)
{
    Visiting visiting;
    return postfix_has_required(list, env, visiting);
}

void check_open_relay(const RestrictionValue& relay, const RestrictionValue& recipient,
                      const RestrictionEnvironment& env, std::string_view service,
                      UniqueReporter& reporter)
{
    const std::string who =
        service.empty() ? std::string("smtpd") : "smtpd service " + quoted(service);
    if (!has_working_relay_guard(relay, env) && !has_working_relay_guard(recipient, env)) {
        const RestrictionValue& blamed =
            relay.explicitly_set || !recipient.explicitly_set ? relay : recipient;
        reporter.report(Severity::error, blamed.location,
                        who + " will not start: in parameter smtpd_relay_restrictions or "
                              "smtpd_recipient_restrictions, specify at least one working "
                              "instance of: reject_unauth_destination, defer_unauth_destination, "
                              "reject, defer, defer_if_permit or check_relay_domains" +
                            relay_default_hint(relay, recipient),
                        code::relay_restrictions_missing);
        return;
    }
    const auto relay_result = relay_outcome(relay, env);
    const auto recipient_result = relay_outcome(recipient, env);
    if (relay_result == RelayOutcome::refused || recipient_result == RelayOutcome::refused)
        return;
    // Blame the list whose permit lets the mail through, preferring one the administrator set.
    const RestrictionValue* blamed = &relay;
    if (relay_result != RelayOutcome::permitted ||
        (recipient_result == RelayOutcome::permitted && recipient.explicitly_set &&
         !relay.explicitly_set))
        blamed = &recipient;
    if (!blamed->explicitly_set && (blamed == &relay ? recipient : relay).explicitly_set)
        blamed = blamed == &relay ? &recipient : &relay;
    const bool via_mynetworks = env.mynetworks_matches_everyone;
    reporter.report(Severity::error, blamed->location,
                    "open relay: " + who +
                        " accepts mail for any destination from any client: neither "
                        "smtpd_relay_restrictions nor smtpd_recipient_restrictions refuses "
                        "unauthorised destinations before a permit" +
                        (via_mynetworks ? " (mynetworks matches every address, so "
                                          "permit_mynetworks permits everyone)"
                                        : "") +
                        "; put reject_unauth_destination before it",
                    code::open_relay);
}

} // namespace mf::compiler
