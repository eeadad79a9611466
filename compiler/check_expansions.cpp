// `$` references in every main.cf value and every -o value: syntax errors (Postfix: "macro
// processing error", fatal; only a warning in a parameter nothing uses or in a branch not taken),
// nesting loops ("unreasonable macro call nesting", fatal when read),
// and references to names defined nowhere (postconf's warning "undefined parameter"). RAW
// parameters are only syntax-checked: their $user, $home... are filled in per message (and
// *_expansion_filter, a set of characters, not even that).
#include <map>
#include <set>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

namespace {

void check_value(const Configuration& config, const Setting& setting, const Service* service,
                 DiagnosticSink& sink)
{
    if (setting.value.find('$') == std::string::npos)
        return;
    const CatalogEntry* entry = config.catalog_entry(setting.name);
    const bool raw = entry && entry->type == ParamType::raw_string;
    // A character set, never expanded: its `$` is just one of the characters.
    if (raw && setting.name.ends_with("_expansion_filter"))
        return;
    // A name Postfix does not know and nothing references is never expanded by a daemon.
    const bool unused = !config.is_known(setting.name);
    std::vector<ExpansionProblem> problems;
    config.expand_text(setting.value, service, &problems);
    std::set<std::string> loops;
    for (const ExpansionProblem& problem : problems) {
        switch (problem.kind) {
        case ExpansionProblem::Kind::syntax:
            if (!problem.parameter.empty())
                break; // in a value this one references: reported at that value
            if (unused)
                sink.report(Severity::warning, setting.location_of(problem.offset),
                            problem.detail + " in " + setting.name +
                                " (nothing uses it, so Postfix never expands it and only warns)",
                            code::expansion_syntax);
            else
                sink.report(Severity::error, setting.location_of(problem.offset),
                            "macro processing error in " + setting.name + ": " + problem.detail,
                            code::expansion_syntax);
            return;
        case ExpansionProblem::Kind::nesting:
            if (!raw && loops.insert(problem.detail).second)
                sink.report(Severity::error, setting.value_location,
                            "unreasonable macro call nesting: \"" + problem.detail +
                                "\" (expanding " + setting.name + " never ends)",
                            code::expansion_loop);
            break;
        case ExpansionProblem::Kind::too_large:
            if (!raw)
                sink.report(Severity::error, setting.value_location,
                            "expanding " + setting.name + " produces more than 16 MiB",
                            code::expansion_loop);
            break;
        case ExpansionProblem::Kind::undefined:
            break;
        }
    }
    // No error on the path these values take; postconf's scan reads every branch, and warns.
    if (const auto scanned = first_syntax_error(setting.value))
        sink.report(Severity::warning, setting.location_of(scanned->offset),
                    scanned->detail + " in " + setting.name +
                        ", in a branch these values do not take (postconf warns; a program "
                        "stops on it once the branch is taken)",
                    code::expansion_syntax);
    if (raw)
        return;
    // Undefined names: only those this value names itself, so a chain reports at its end.
    std::map<std::string, std::size_t, std::less<>> own;
    collect_reference_offsets(setting.value, own);
    for (const auto& [name, offset] : own)
        if (!config.lookup(name, service))
            sink.report(Severity::warning, setting.location_of(offset),
                        "undefined parameter: " + name + " (in " + setting.name +
                            "; it expands to nothing)",
                        code::undefined_parameter);
}

} // namespace

void check_expansions(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    config.for_each_setting_in_force([&](const Setting& setting, const Service* service) {
        check_value(config, setting, service, sink);
    });
}

} // namespace mf::compiler
