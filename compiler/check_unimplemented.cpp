// One note for every parameter set in main.cf or by a master.cf -o that Postfix knows but mfd
// does not implement (the catalog's "implemented by mfd" flag), at its first setting: the
// configuration is valid, but mfd will behave as if the line were not there.
#include <set>

#include "compiler/checks.hpp"
#include "compiler/config_check_codes.hpp"

namespace mf::compiler {

namespace {

void note_if_unimplemented(const Configuration& config, const Setting& setting,
                           std::set<std::string>& noted, DiagnosticSink& sink)
{
    const CatalogEntry* entry = config.catalog_entry(setting.name);
    // A read-only parameter's assignment is ignored by every program (check_parameter_names).
    if (!entry || entry->implemented() || entry->read_only() ||
        !noted.insert(setting.name).second)
        return;
    sink.report(Severity::note, setting.name_location,
                "mfd does not implement " + setting.name + "; accepted and ignored by mfd",
                code::not_implemented);
}

} // namespace

void check_unimplemented(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    if (!sink.keeps(Severity::note))
        return;
    std::set<std::string> noted;
    for (const Setting& setting : config.main_cf_settings())
        note_if_unimplemented(config, setting, noted, sink);
    for (const Service& service : config.services())
        for (const Setting& setting : service.overrides)
            note_if_unimplemented(config, setting, noted, sink);
}

} // namespace mf::compiler
