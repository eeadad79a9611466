#include "compiler/postconf_expansions.hpp"

#include <algorithm>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/host_defaults.hpp"

namespace mf::compiler {

namespace {

bool stops_expansion(const ExpansionProblem& problem)
{
    return problem.kind == ExpansionProblem::Kind::nesting ||
           problem.kind == ExpansionProblem::Kind::syntax;
}

// Reports the first problem that stops postconf, met expanding the value of `name` in
// `service`'s scope (or main.cf's), as an error at the text that holds the fault; false when
// none does. `expansion` says which of postconf's expansions that is.
bool report_stopping_problem(const Configuration& config, std::string_view name,
                             const std::vector<ExpansionProblem>& problems,
                             const Service* service, const Setting* setting,
                             const SourceLocation& where_set, const std::string& expansion,
                             DiagnosticSink& sink)
{
    const auto problem = std::find_if(problems.begin(), problems.end(), stops_expansion);
    if (problem == problems.end())
        return false;
    if (problem->kind == ExpansionProblem::Kind::nesting) {
        sink.report(Severity::error, where_set,
                    "unreasonable macro call nesting: \"" + problem->detail + "\" (" + expansion +
                        " and dies: macro processing error)",
                    code::expansion_loop);
        return true;
    }
    // At the value that holds the fault: this one, or one it references.
    const Setting* holder = setting;
    if (!problem->parameter.empty()) {
        const auto referenced = config.lookup(problem->parameter, service);
        holder = referenced ? referenced->setting : nullptr;
    }
    const std::string_view holder_name = problem->parameter.empty() ? name : problem->parameter;
    sink.report(Severity::error, holder ? holder->location_of(problem->offset) : where_set,
                "macro processing error in " + std::string(holder_name) + ": " + problem->detail +
                    " (" + expansion + " and dies here)",
                code::expansion_syntax);
    return true;
}

std::vector<std::string_view> evaluated_at_start_up(const Configuration& config)
{
    std::vector<std::string_view> names = {"smtpd_restriction_classes"};
    if (!config.main_cf_setting("myhostname") &&
        default_host_name_reads_domain(config.system_name()))
        names.push_back("mydomain");
    if (!config.main_cf_setting("mydomain"))
        names.push_back("myhostname");
    if (!config.main_cf_setting("mynetworks"))
        names.insert(names.end(), {"inet_interfaces", "inet_protocols", "mynetworks_style"});
    return names;
}

SourceLocation value_location_or_file(const Configuration& config, const Setting* setting)
{
    return setting ? setting->value_location : SourceLocation{config.main_cf_path(), 0, 0};
}

// Reports what stops `who` (postconf) evaluating `name` at start-up: its main.cf value with
// only main.cf's settings defined, or else its default in full, which fails only through the
// compatibility level it compares (reported there). False when nothing does.
bool report_start_up_evaluation(const Configuration& config, std::string_view name,
                                std::string_view who, DiagnosticSink& sink)
{
    std::vector<ExpansionProblem> problems;
    const Setting* own = config.main_cf_setting(name);
    if (own)
        config.expand_in_main_cf_dictionary(own->value, &problems);
    else
        config.expand(name, nullptr, &problems);
    const Setting* where_set = own ? own : config.main_cf_setting("compatibility_level");
    const std::string expansion =
        std::string(who) + " expands " + std::string(name) +
        (own ? " at start-up with only main.cf's settings defined" : "'s default at start-up");
    return report_stopping_problem(config, name, problems, nullptr, own,
                                   value_location_or_file(config, where_set), expansion, sink);
}

// What stops postconf in a word of inet_protocols or mynetworks_style, as it computes
// mynetworks's default from their values: a word neither knows in that spelling, or a style
// that is not exactly one word; "" when none does.
std::string mynetworks_input_problem(std::string_view name, const CatalogEntry& entry,
                                     const std::string& value)
{
    const std::vector<std::string_view> words = split_list(value);
    const bool style = name == "mynetworks_style";
    if (style && words.size() != 1)
        return "bad mynetworks_style value: " + value + "; specify exactly one value";
    for (const std::string_view word : words)
        if (!enumeration_allows(entry, word))
            return std::string(style ? "unknown mynetworks mask style value \""
                                     : "unknown inet_protocols value \"") +
                   std::string(word) + "\" in \"" + value + "\"";
    return "";
}

// Reports the word that stops postconf when `name` is one of the values it computes
// mynetworks's default from (evaluated_at_start_up lists them when main.cf does not set
// mynetworks), set in main.cf and read with only main.cf's settings defined; false when none.
bool report_mynetworks_input(const Configuration& config, std::string_view name,
                             DiagnosticSink& fatal)
{
    if (name != "inet_protocols" && name != "mynetworks_style")
        return false;
    const Setting* own = config.main_cf_setting(name);
    const CatalogEntry* entry = config.catalog_entry(name);
    if (!own || !entry)
        return false;
    const std::string problem =
        mynetworks_input_problem(name, *entry, config.expand_in_main_cf_dictionary(own->value));
    if (problem.empty())
        return false;
    fatal.report(Severity::error, own->value_location,
                 problem + " (postconf computes mynetworks's default when it starts, and dies here)",
                 code::bad_enumeration);
    return true;
}

} // namespace

void report_expansions_postconf_dies_on(const Configuration& config,
                                        const std::vector<std::string>& shown,
                                        DiagnosticSink& fatal)
{
    for (const std::string_view name : evaluated_at_start_up(config))
        if (report_start_up_evaluation(config, name, "postconf", fatal) ||
            report_mynetworks_input(config, name, fatal))
            return;
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        const CatalogEntry* entry = config.catalog_entry(setting.name);
        if (!entry || entry->type == ParamType::raw_string || entry->read_only() ||
            (service && service->override_for(setting.name) != &setting))
            return;
        std::vector<ExpansionProblem> problems;
        config.expand_text(setting.value, service, &problems);
        report_stopping_problem(config, setting.name, problems, service, &setting,
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
        report_stopping_problem(config, name, problems, nullptr, value->setting,
                                value_location_or_file(config, value->setting),
                                "postconf -x expands " + name, fatal);
    }
}

void report_start_up_evaluation_faults(const Configuration& config, DiagnosticSink& sink)
{
    for (const std::string_view name : evaluated_at_start_up(config)) {
        const Setting* own = config.main_cf_setting(name);
        if (!own)
            continue;
        std::vector<ExpansionProblem> in_full;
        config.expand_text(own->value, nullptr, &in_full);
        if (std::any_of(in_full.begin(), in_full.end(), stops_expansion))
            continue;
        report_start_up_evaluation(config, name,
                                   "postconf, which postfix check and postfix start run,", sink);
    }
}

} // namespace mf::compiler
