// Duplicate main.cf definitions: the last one wins, as in Postfix, which warns "overriding
// earlier entry: name=old" at the later line when the values differ. A repeat with the same
// value changes nothing and gets a note. The earlier line gets a note too: it is dead text.
#include <unordered_map>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

void check_duplicates(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    std::unordered_map<std::string_view, const Setting*> previous;
    for (const Setting& setting : config.main_cf_settings()) {
        auto [it, inserted] = previous.emplace(setting.name, &setting);
        if (inserted)
            continue;
        const Setting& earlier = *it->second;
        const std::string where = " (line " + std::to_string(earlier.name_location.line) + ")";
        if (earlier.value != setting.value)
            sink.report(Severity::warning, setting.name_location,
                        "overriding earlier entry: " + earlier.name + "=" + earlier.value + where,
                        code::duplicate_parameter);
        else
            sink.report(Severity::note, setting.name_location,
                        setting.name + " is defined again with the same value" + where,
                        code::duplicate_parameter);
        sink.report(Severity::note, earlier.name_location,
                    earlier.name + " is defined again on line " +
                        std::to_string(setting.name_location.line) + "; this definition is ignored",
                    code::duplicate_parameter);
        it->second = &setting;
    }
}

} // namespace mf::compiler
