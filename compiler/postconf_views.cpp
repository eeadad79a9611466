// The postconf views. -n lists the main.cf settings postconf considers used (known, derived
// from a service, or user-defined), sorted, with whitespace runs collapsed, and
// config_directory as given on the command line unless main.cf sets it. -M re-renders each
// entry in postconf's columns: option words cut and `{...}` arguments read as postconf reads
// them (daemon_options.hpp), braced again where postconf braces them.
#include "compiler/postconf_views.hpp"

#include <algorithm>
#include <cstdio>

#include "compiler/daemon_options.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

namespace {

bool has_space(std::string_view text)
{
    return text.find_first_of(" \t\r\n\v\f") != std::string_view::npos;
}

// postconf puts each field at its column, or one space after the previous field if that
// one ran past it.
void add_field(std::string& line, const std::string& text, std::size_t column)
{
    if (!line.empty())
        line += line.size() < column ? std::string(column - line.size(), ' ') : " ";
    line += text;
}

} // namespace

std::string postconf_non_default(const Configuration& config)
{
    std::vector<std::pair<std::string, std::string>> lines;
    for (const Setting& setting : config.main_cf_settings()) {
        // postconf drops the assignment of a read-only parameter.
        const CatalogEntry* entry = config.catalog_entry(setting.name);
        if (!setting.overridden && config.is_known(setting.name) && !(entry && entry->read_only()))
            lines.emplace_back(setting.name, collapse_whitespace(setting.value));
    }
    if (!config.main_cf_setting("config_directory"))
        lines.emplace_back("config_directory", config.config_directory());
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& [name, value] : lines)
        out += value.empty() ? name + " =\n" : name + " = " + value + "\n";
    return out;
}

std::string postconf_values(const Configuration& config, const std::vector<std::string>& names,
                            std::string& warnings)
{
    std::string out;
    for (const std::string& name : names) {
        // As postconf: a main.cf name that nothing references is unused, not a parameter.
        if (!config.is_known(name) || !config.lookup(name)) {
            warnings += "mfcc: warning: " + name + ": unknown parameter\n";
            continue;
        }
        out += collapse_whitespace(config.expand(name)) + "\n";
    }
    return out;
}

std::string postconf_services(const Configuration& config)
{
    std::string out;
    for (const Service& service : config.services()) {
        static constexpr std::size_t columns[] = {0, 11, 17, 25, 33, 41, 49, 57};
        const ServiceField* fields[] = {&service.name,   &service.type,         &service.private_field,
                                        &service.unprivileged, &service.chroot, &service.wakeup,
                                        &service.process_limit, &service.command};
        std::string line;
        for (std::size_t i = 0; i < 8; ++i)
            add_field(line, fields[i]->text, columns[i]);
        std::size_t option_count = 0;
        const std::vector<std::string> words =
            postconf_option_words(service.argument_texts(), option_count);
        // As postconf: an option's operand is braced when it holds whitespace; so is every
        // word after the first that is not an option.
        for (std::size_t i = 0; i < words.size(); ++i) {
            const bool has_operand = i + 1 < option_count &&
                                     (words[i] == "-" || words[i][1] == 'o');
            const bool rebraced = i > option_count && has_space(words[i]);
            line += " " + (rebraced ? "{" + words[i] + "}" : words[i]);
            if (has_operand) {
                ++i;
                line += " " + (has_space(words[i]) ? "{" + words[i] + "}" : words[i]);
            }
        }
        out += line + "\n";
    }
    return out;
}

bool stops_postconf(std::string_view code)
{
    static constexpr const char* fatal[] = {
        code::main_cf_syntax,  code::master_field_count,  code::master_bad_type,
        code::master_bad_field, code::master_bad_wakeup, code::master_bad_process_limit};
    return std::find(std::begin(fatal), std::end(fatal), code) != std::end(fatal);
}

} // namespace mf::compiler
