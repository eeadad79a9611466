// Typed values, checked after $ expansion the way the daemons parse them (spec B.1, B.2):
// booleans are yes/no only; integers and sizes are plain decimal numbers (no k/M suffix) within
// the parameter's bounds (0 = unchecked); time values are a signed number plus an optional
// lowercase unit, where Postfix reads only the first letter (trailing text is a warning, not an
// error); a string that must not be empty is checked whenever its daemon runs;
// enumerations come from fixed sets; myhostname is a full name (network values: check_network_values).
// Each main.cf value is checked once; each -o value once for its service. An enumeration its
// daemon reads only when a feature is on (catalog: enabled_when) gets warnings, not errors,
// where that feature is off, and so does one Postfix ignores ("never"). Whether it is read is
// worked out only for a bad value. Likewise a value that no daemon master.cf runs reads
// (postscreen's without a postscreen service, cleanup's in an -o of an smtpd service).
#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "compiler/checks.hpp"
#include "compiler/compatibility_level.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/enabling_condition.hpp"
#include "compiler/parameter_readers.hpp"
#include "util/postfix_number.hpp"

namespace mf::compiler {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Whether `value` (unexpanded) is nothing but a reference to `name`: $name, ${name}, $(name).
bool refers_only_to(std::string_view value, std::string_view name)
{
    const auto first = value.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return false;
    value = value.substr(first, value.find_last_not_of(" \t\r\n") + 1 - first);
    if (value.size() < 2 || value[0] != '$')
        return false;
    value.remove_prefix(1);
    if ((value.front() == '{' && value.back() == '}') || (value.front() == '(' && value.back() == ')'))
        value = value.substr(1, value.size() - 2);
    return value == name;
}

// Whether a daemon reads parameter `entry` where `service`'s values are in force (nullptr:
// main.cf's): its condition holds there, or an enumeration that is read there takes its whole
// value from it (tlsproxy reads smtpd_tls_protocols through tlsproxy_tls_protocols, whose
// default is $smtpd_tls_protocols). `depth` bounds chains of such references.
bool read_in_scope(const Configuration& config, const CatalogEntry& entry, const Service* service,
                   int depth = 2)
{
    if (condition_holds(entry.enabled_when, config, service))
        return true;
    if (depth == 0)
        return false;
    for (const CatalogEntry& reader : all_parameters()) {
        if (reader.type != ParamType::enumeration || &reader == &entry)
            continue;
        const auto value = config.lookup(reader.name, service);
        if (value && refers_only_to(value->raw, entry.name) &&
            read_in_scope(config, reader, service, depth - 1))
            return true;
    }
    return false;
}

// Whether a daemon reads `setting` anywhere it is in force: for an -o override, in its
// service; for main.cf, in main.cf alone or in any service that does not override it (a
// service's -o may turn the feature on for the main.cf value).
bool read_where_in_force(const Configuration& config, const Setting& setting,
                         const Service* service, const CatalogEntry& entry)
{
    if (service)
        return read_in_scope(config, entry, service);
    if (read_in_scope(config, entry, nullptr))
        return true;
    for (const Service& other : config.services())
        if (!other.override_for(setting.name) && read_in_scope(config, entry, &other))
            return true;
    return false;
}

class ValueChecker {
public:
    // `service`: the service whose -o set the value (nullptr: main.cf), for deciding whether
    // a bad value is read at all.
    ValueChecker(DiagnosticSink& sink, const Configuration& config, const Setting& setting,
                 const Service* service, const CatalogEntry& entry, std::string value)
        : sink_(sink), config_(config), setting_(setting), service_(service), entry_(entry),
          value_(std::move(value))
    {
    }

    void run()
    {
        switch (entry_.type) {
        case ParamType::boolean:
            if (!equals_ignoring_case(value_, "yes") && !equals_ignoring_case(value_, "no"))
                error("bad boolean configuration: " + shown() + " (use yes or no)",
                      code::bad_boolean);
            break;
        case ParamType::integer:
            integer(INT_MIN, INT_MAX, code::bad_integer);
            break;
        case ParamType::long_integer:
            integer(LONG_MIN, LONG_MAX, code::bad_integer);
            break;
        case ParamType::size:
            integer(LONG_MIN, LONG_MAX, code::bad_size);
            break;
        case ParamType::time:
            time();
            break;
        case ParamType::enumeration:
            if (!bad_length())
                enumeration();
            break;
        case ParamType::string:
        case ParamType::raw_string:
        case ParamType::list:
        case ParamType::table_list:
        case ParamType::restriction_list:
            bad_length();
            break;
        case ParamType::unknown:
            break;
        }
        const std::string_view name = entry_.name;
        if (name == "compatibility_level")
            compatibility_level();
        else if (name == "myhostname")
            host_name();
    }

private:
    std::string shown() const
    {
        std::string out = setting_.name + " = " + value_;
        if (value_ != setting_.value)
            out += " (from " + setting_.value + ")";
        return out;
    }

    // An error, or a warning that says why not where no daemon reads the value. What a
    // daemon checks when it starts (`at_start`) is read whether or not its feature is on.
    enum class Checked { when_used, at_start };
    void error(std::string message, const char* code, Checked checked = Checked::when_used)
    {
        if (std::string unread = unread_by_its_daemon(config_, setting_.name, service_);
            !unread.empty()) {
            warning(std::move(message) + "; not an error yet: " + unread, code);
            return;
        }
        if (checked == Checked::at_start) {
            sink_.report(Severity::error, setting_.value_location, std::move(message), code);
            return;
        }
        const std::string_view when = entry_.enabled_when;
        if (condition_is_never(when)) {
            warning(std::move(message) + "; not an error: " + describe_condition(when), code);
            return;
        }
        if (!when.empty() && !read_where_in_force(config_, setting_, service_, entry_)) {
            warning(std::move(message) + "; not an error yet: Postfix reads " + setting_.name +
                        " only when " + describe_condition(when) + ", and then it is one",
                    code);
            return;
        }
        sink_.report(Severity::error, setting_.value_location, std::move(message), code);
    }
    // A daemon checks the length of a string it reads when it starts (smtpd dies on an empty
    // smtpd_sasl_type without SASL, every daemon on a default_verp_delimiters of one character).
    bool bad_length()
    {
        const long length = static_cast<long>(value_.size());
        if (entry_.min > 0 && length < entry_.min)
            error("bad string length " + std::to_string(length) + " < " +
                      std::to_string(entry_.min) + ": " + shown() +
                      (length == 0 ? " (it must not be empty)" : ""),
                  length == 0 ? code::empty_value : code::bad_string_length, Checked::at_start);
        else if (entry_.max > 0 && length > entry_.max)
            error("bad string length " + std::to_string(length) + " > " +
                      std::to_string(entry_.max) + ": " + shown(),
                  code::bad_string_length, Checked::at_start);
        else
            return false;
        return true;
    }

    void warning(std::string message, const char* code)
    {
        sink_.report(Severity::warning, setting_.value_location, std::move(message), code);
    }

    void bounds(long number)
    {
        if (entry_.min != 0 && number < entry_.min)
            error("invalid " + setting_.name + " parameter value " + std::to_string(number) +
                      " < " + std::to_string(entry_.min),
                  code::out_of_range);
        else if (entry_.max != 0 && number > entry_.max)
            error("invalid " + setting_.name + " parameter value " + std::to_string(number) +
                      " > " + std::to_string(entry_.max),
                  code::out_of_range);
    }

    void integer(long low, long high, const char* code)
    {
        const std::optional<long> parsed = postfix_long(value_);
        const long number = parsed.value_or(0);
        if (!parsed || number < low || number > high) {
            std::string hint;
            if (!value_.empty() && std::isdigit(static_cast<unsigned char>(value_[0])) &&
                std::strchr("kKmMgG", value_.back()))
                hint = "; Postfix 3.7 takes a plain byte count, no k/M/G suffix";
            error("bad numerical configuration: " + shown() + hint, code);
            return;
        }
        bounds(number);
    }

    void time()
    {
        const std::string& text = value_;
        const PostfixTime parsed = postfix_time(text, entry_.time_unit);
        const std::size_t i = parsed.number_length;
        switch (parsed.problem) {
        case PostfixTime::Problem::malformed: {
            std::string hint = " (a number and an optional unit s, m, h, d or w)";
            if (i < text.size() && i > 0 && std::strchr("SMHDW", text[i]))
                hint = " (units are lowercase: s, m, h, d, w)";
            else if (i < text.size() && text[i] == '.')
                hint = " (no fractions: use a smaller unit)";
            error("invalid time value: " + shown() + hint, code::bad_time);
            return;
        }
        case PostfixTime::Problem::negative:
            error("invalid time value: " + shown() + " (negative)", code::bad_time);
            return;
        case PostfixTime::Problem::too_large:
            error("invalid time value: " + shown() + " (too large)", code::bad_time);
            return;
        case PostfixTime::Problem::none:
            break;
        }
        if (i + 1 < text.size())
            warning("time value " + shown() + ": Postfix reads only \"" + text.substr(0, i + 1) +
                        "\" and ignores \"" + text.substr(i + 1) + "\"",
                    code::time_trailing_text);
        const long seconds = parsed.seconds;
        if (entry_.min != 0 && seconds < entry_.min)
            error("invalid " + setting_.name + ": " + std::to_string(seconds) + " (min " +
                      std::to_string(entry_.min) + ")",
                  code::out_of_range);
        else if (entry_.max != 0 && seconds > entry_.max)
            error("invalid " + setting_.name + ": " + std::to_string(seconds) + " (max " +
                      std::to_string(entry_.max) + ")",
                  code::out_of_range);
    }

    // The word is allowed, but only in another spelling: name it in the message.
    std::string case_hint(std::string_view word) const
    {
        for (std::string_view allowed : split_list(entry_.words))
            if (allowed != word && equals_ignoring_case(allowed, word))
                return " (Postfix matches these words case-sensitively: write \"" +
                       std::string(allowed) + "\")";
        return "";
    }

    void enumeration()
    {
        const std::string_view words = entry_.words;
        if (entry_.flags & flag_enum_tls_protocols) {
            tls_protocols();
            return;
        }
        if (value_.empty()) {
            if (words.find("(empty)") == std::string_view::npos)
                error("bad parameter value: " + shown() + " (expected one of: " +
                          std::string(words) + ")",
                      code::bad_enumeration);
            return;
        }
        const auto items = split_list(value_);
        if ((entry_.flags & flag_enum_list) == 0 && items.size() > 1) {
            error("bad parameter value: " + shown() + " (expected one word of: " +
                      std::string(words) + ")",
                  code::bad_enumeration);
            return;
        }
        for (std::string_view item : items)
            if (!enumeration_allows(entry_, item)) {
                error("bad parameter value: " + shown() + ": \"" + std::string(item) +
                          "\" is not one of: " + std::string(words) + case_hint(item),
                      code::bad_enumeration);
                return;
            }
        server_tls_level(items);
    }

    // smtpd, postscreen and tlsproxy (server side) take verify, fingerprint and secure but run
    // them as encrypt, with a warning each time they start.
    void server_tls_level(const std::vector<std::string_view>& items)
    {
        const std::string_view name = entry_.name;
        if (items.size() != 1 || (name != "smtpd_tls_security_level" &&
                                  name != "postscreen_tls_security_level" &&
                                  name != "tlsproxy_tls_security_level"))
            return;
        for (std::string_view client_only : {"verify", "fingerprint", "secure"})
            if (equals_ignoring_case(items.front(), client_only))
                warning(setting_.name + ": unsupported TLS level \"" + std::string(items.front()) +
                            "\" on the server side; Postfix uses \"encrypt\"",
                        code::bad_enumeration);
    }

    // Postfix's tls_protocol_mask: words separated by ", :"; each an optional "!" (exclude),
    // ">=" or "<=" (bounds, Postfix 3.6+) and a protocol name, in any case. One unknown name
    // makes the whole list invalid: smtpd and tlsproxy then run without TLS, smtp and lmtp
    // abort each TLS session and defer the mail.
    void tls_protocols()
    {
        const std::string_view name = entry_.name;
        const bool client = name.starts_with("smtp_") || name.starts_with("lmtp_");
        std::size_t i = 0;
        while (i < value_.size()) {
            while (i < value_.size() && std::strchr(" \t\r\n,:", value_[i]))
                ++i;
            std::size_t end = i;
            while (end < value_.size() && !std::strchr(" \t\r\n,:", value_[end]))
                ++end;
            std::string_view word = std::string_view(value_).substr(i, end - i);
            i = end;
            if (word.empty())
                continue;
            if (word.front() == '!')
                word.remove_prefix(1);
            else if (word.starts_with(">=") || word.starts_with("<="))
                word.remove_prefix(2);
            if (word.empty())
                continue; // a lone ">=" before a space: smtpd accepts it
            if (!enumeration_allows(entry_, word)) {
                error("invalid TLS protocol list: " + shown() + ": unknown protocol \"" +
                          std::string(word) + "\" (known: " +
                          std::string(entry_.words.substr(entry_.words.find(',') + 1)) +
                          (client ? "); the client defers the mail (\"Cannot start TLS\")"
                                  : "); Postfix disables TLS"),
                      code::bad_enumeration);
                return;
            }
        }
    }

    // N, N.N or N.N.N (Postfix: "malformed compatibility level syntax", then fatal).
    void compatibility_level()
    {
        if (!compatibility_level_value(value_))
            error("malformed compatibility level syntax: " + shown() +
                      " (expected N, N.N or N.N.N, with N.N.N's last two at most 1023)",
                  code::bad_compatibility_level);
    }

    // Its syntax is valid_hostname()'s, checked with mydomain in check_startup.cpp.
    void host_name()
    {
        if (!value_.empty() && value_.find('.') == std::string::npos)
            warning("myhostname \"" + value_ + "\" is not a fully qualified domain name",
                    code::hostname_not_fqdn);
    }

    DiagnosticSink& sink_;
    const Configuration& config_;
    const Setting& setting_;
    const Service* service_;
    const CatalogEntry& entry_;
    std::string value_;
};

void check_setting(const Configuration& config, const Setting& setting, const Service* service,
                   DiagnosticSink& sink)
{
    const CatalogEntry* entry = config.catalog_entry(setting.name);
    if (!entry)
        return;
    std::vector<ExpansionProblem> problems;
    std::string value = entry->type == ParamType::raw_string
                            ? setting.value
                            : config.expand_text(setting.value, service, &problems);
    for (const ExpansionProblem& problem : problems)
        if (problem.kind != ExpansionProblem::Kind::undefined)
            return; // reported by check_expansions; the value is meaningless
    ValueChecker(sink, config, setting, service, *entry, std::move(value)).run();
}

} // namespace

bool enumeration_allows(const CatalogEntry& entry, std::string_view word)
{
    const bool exact = (entry.flags & flag_enum_exact_case) != 0;
    for (std::string_view allowed : split_list(entry.words)) {
        if (allowed == "(empty)")
            continue;
        if (exact ? allowed == word : equals_ignoring_case(allowed, word))
            return true;
    }
    return false;
}

void check_parameter_values(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        check_setting(config, setting, service, sink);
    });
}

} // namespace mf::compiler
