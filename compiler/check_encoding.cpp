// Values that are not valid UTF-8. Postfix treats values as bytes, so this is a warning: it
// almost always means a file saved in another encoding (Latin-1, UTF-16) or binary data that
// was not meant to be a configuration. One warning per value, at the first bad byte.
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "util/utf8.hpp"

namespace mf::compiler {

namespace {

void report(const SourceLocation& at, const char* what, DiagnosticSink& sink)
{
    sink.report(Severity::warning, at,
                std::string("invalid UTF-8 in this ") + what +
                    " (is the file in another encoding, or not a configuration file?)",
                code::invalid_utf8);
}

void check_setting(const Setting& setting, DiagnosticSink& sink)
{
    std::size_t bad = first_invalid_utf8(setting.name);
    if (bad != std::string_view::npos) {
        SourceLocation at = setting.name_location; // a name never spans lines
        at.column += bad;
        report(at, "name", sink);
        return;
    }
    bad = first_invalid_utf8(setting.value);
    if (bad != std::string_view::npos)
        report(setting.location_of(bad), "value", sink);
}

} // namespace

void check_encoding(const Configuration& config, DiagnosticSink& sink, const CheckOptions&)
{
    for (const Setting& setting : config.main_cf_settings())
        check_setting(setting, sink);
    for (const Service& service : config.services())
        for (const Setting& setting : service.overrides)
            check_setting(setting, sink);
}

} // namespace mf::compiler
