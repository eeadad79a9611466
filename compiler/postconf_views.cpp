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

// postconf drops an assignment of a read-only parameter ("read-only parameter assignment").
bool is_read_only(const Configuration& config, std::string_view name)
{
    const CatalogEntry* entry = config.catalog_entry(name);
    return entry && (entry->flags & flag_read_only);
}

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
    for (const Setting& setting : config.main_cf_settings())
        if (!setting.overridden && config.is_known(setting.name) && !is_read_only(config, setting.name))
            lines.emplace_back(setting.name, collapse_whitespace(setting.value));
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

namespace {

// Reports why postconf dies on `problems`, met expanding the value of `name` in `service`'s
// scope (or main.cf's), as an error at the text that holds the fault; false when it does not
// die. `expansion` says which expansion of postconf's that is.
bool report_fatal_expansion(const Configuration& config, std::string_view name,
                            const std::vector<ExpansionProblem>& problems, const Service* service,
                            const Setting* setting, const SourceLocation& where_set,
                            const std::string& expansion, DiagnosticSink& fatal)
{
    for (const ExpansionProblem& problem : problems) {
        if (problem.kind == ExpansionProblem::Kind::nesting) {
            fatal.report(Severity::error, where_set,
                         "unreasonable macro call nesting: \"" + problem.detail + "\" (" +
                             expansion + " and dies: macro processing error)",
                         code::expansion_loop);
            return true;
        }
        if (problem.kind != ExpansionProblem::Kind::syntax)
            continue;
        // At the value that holds the fault: this one, or one it references.
        const Setting* holder = setting;
        if (!problem.parameter.empty()) {
            const auto referenced = config.lookup(problem.parameter, service);
            holder = referenced ? referenced->setting : nullptr;
        }
        const std::string_view holder_name = problem.parameter.empty() ? name : problem.parameter;
        fatal.report(Severity::error, holder ? holder->location_of(problem.offset) : where_set,
                     "macro processing error in " + std::string(holder_name) + ": " +
                         problem.detail + " (" + expansion + " and dies here)",
                     code::expansion_syntax);
        return true;
    }
    return false;
}

// The values postconf evaluates at start-up for the defaults it computes and for the names of
// restriction classes: main.cf's setting in main.cf's own dictionary (names main.cf does not
// set expand to nothing there), or the default expanded in full. The classes always; mydomain
// for myhostname's default (when the system name has no dot), myhostname for mydomain's, and
// the interfaces, protocols and style (whose default compares compatibility levels) for
// mynetworks's.
std::vector<std::string_view> evaluated_at_start_up(const Configuration& config)
{
    std::vector<std::string_view> names = {"smtpd_restriction_classes"};
    if (!config.main_cf_setting("myhostname") &&
        config.system_name().find('.') == std::string::npos)
        names.push_back("mydomain");
    if (!config.main_cf_setting("mydomain"))
        names.push_back("myhostname");
    if (!config.main_cf_setting("mynetworks"))
        names.insert(names.end(), {"inet_interfaces", "inet_protocols", "mynetworks_style"});
    return names;
}

} // namespace

void report_expansions_postconf_dies_on(const Configuration& config,
                                        const std::vector<std::string>& shown,
                                        DiagnosticSink& fatal)
{
    for (const std::string_view name : evaluated_at_start_up(config)) {
        std::vector<ExpansionProblem> problems;
        const Setting* own = config.main_cf_setting(name);
        // A default fails only through the compatibility level it compares.
        const Setting* where_set = own ? own : config.main_cf_setting("compatibility_level");
        if (own)
            config.expand_in_main_cf_dictionary(own->value, &problems);
        else
            config.expand(name, nullptr, &problems);
        const std::string expansion =
            "postconf expands " + std::string(name) +
            (own ? " at start-up with only main.cf's settings defined" : "'s default at start-up");
        if (report_fatal_expansion(
                config, name, problems, nullptr, own,
                where_set ? where_set->value_location : SourceLocation{config.main_cf_path(), 0, 0},
                expansion, fatal))
            return;
    }
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        const CatalogEntry* entry = config.catalog_entry(setting.name);
        if (!entry || entry->type == ParamType::raw_string || (entry->flags & flag_read_only) ||
            (service && service->override_for(setting.name) != &setting))
            return;
        std::vector<ExpansionProblem> problems;
        config.expand_text(setting.value, service, &problems);
        report_fatal_expansion(config, setting.name, problems, service, &setting,
                               setting.value_location,
                               "postconf expands " + setting.name + " at start-up", fatal);
    });
    for (const std::string& name : shown) {
        const auto value = config.lookup(name);
        if (!value || !config.is_known(name) ||
            (value->entry && value->entry->type == ParamType::raw_string))
            continue;
        std::vector<ExpansionProblem> problems;
        config.expand_text(value->raw, nullptr, &problems);
        const SourceLocation where_set =
            value->setting ? value->setting->value_location : SourceLocation{config.main_cf_path(), 0, 0};
        report_fatal_expansion(config, name, problems, nullptr, value->setting, where_set,
                               "postconf -x expands " + name, fatal);
    }
}

} // namespace mf::compiler
