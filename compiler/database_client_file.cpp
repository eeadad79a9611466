#include "compiler/database_client_file.hpp"

#include <fcntl.h>

#include <algorithm>
#include <optional>

#include "compiler/closest_name.hpp"
#include "compiler/config_check_codes.hpp"
#include "compiler/configuration.hpp"
#include "compiler/dbms_parameters.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "grammar/logical_lines.hpp"
#include "grammar/table_line_words.hpp"
#include "util/read_to_end.hpp"
#include "util/unique_fd.hpp"

namespace mf::compiler {

namespace {

struct NameValue {
    std::string_view name, value;
};

// Postfix's split_nameval(): the problem with a logical line, or its name and value.
std::optional<NameValue> split_name_value(std::string_view line, std::string_view& problem)
{
    using grammar::table_line::is_space;
    using grammar::table_line::skip_space;
    const std::string_view from_name = skip_space(line);
    const auto name_end = std::find_if(from_name.begin(), from_name.end(),
                                       [](char c) { return is_space(c) || c == '='; });
    const std::string_view name = from_name.substr(0, name_end - from_name.begin());
    const std::string_view from_equals = skip_space(from_name.substr(name.size()));
    if (from_equals.empty() || from_equals.front() != '=') {
        problem = "missing '=' after attribute name";
        return std::nullopt;
    }
    if (name.empty()) {
        problem = "missing attribute name";
        return std::nullopt;
    }
    return NameValue{name, trim_whitespace(from_equals.substr(1))};
}

} // namespace

std::optional<ClientSettings> check_database_client_file(std::string_view type,
                                                         std::string_view name,
                                                         const std::string& path,
                                                         UniqueReporter& reporter)
{
    mf::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    std::string text;
    constexpr std::size_t limit = 1024 * 1024; // a client configuration is a few lines
    if (fd.get() < 0 || mf::read_to_end(fd.get(), text, limit) != 0 || text.size() >= limit)
        return std::nullopt;
    const std::string label = std::string(type) + ":" + std::string(name);
    const std::string table_manual = std::string(type) + "_table(5)";
    ClientSettings settings;
    bool well_formed = true;
    grammar::read_logical_lines(
        text,
        [&](const grammar::LogicalLine& line) {
            if (!well_formed)
                return; // Postfix stopped at the line before
            const grammar::Position at = line.start();
            std::string_view problem;
            const auto entry = split_name_value(line.text, problem);
            if (!entry) {
                well_formed = false;
                reporter.report(Severity::error, {path, at.line, at.column},
                                label + ": " + std::string(problem) + ": \"" +
                                    std::string(line.text.substr(0, 200)) +
                                    "\": postconf, and every Postfix program that opens the "
                                    "table, stops at this line",
                                code::table_config_syntax);
                return;
            }
            auto [setting, added] = settings.try_emplace(std::string(entry->name));
            if (!added)
                reporter.report(Severity::warning, {path, at.line, at.column},
                                label + ": " + std::string(entry->name) +
                                    " is set again; this value replaces the one of line " +
                                    std::to_string(setting->second.at.line) +
                                    " (Postfix: overriding earlier entry)",
                                code::duplicate_parameter);
            setting->second = {std::string(entry->value), at};
        },
        [&](grammar::Position at, std::string_view message) {
            if (!well_formed)
                return;
            reporter.report(Severity::warning, {path, at.line, at.column},
                            label + ": " + std::string(message) + " (the text is ignored)",
                            code::leading_whitespace);
        });
    if (!well_formed)
        return std::nullopt;
    // postconf looks for names the type does not define once the file is read to its end.
    for (const auto& [setting_name, setting] : settings) {
        if (is_dbms_parameter(type, setting_name))
            continue;
        const auto suggestion = closest_name(setting_name, dbms_suffixes(type));
        reporter.report(Severity::warning, {path, setting.at.line, setting.at.column},
                        label + ": unused parameter: " + setting_name + "=" +
                            setting.value.substr(0, 200) + " (not a " + table_manual +
                            " parameter" +
                            (suggestion ? "; did you mean " + *suggestion + "?" : "") + ")",
                        code::unknown_parameter);
    }
    return settings;
}

} // namespace mf::compiler
