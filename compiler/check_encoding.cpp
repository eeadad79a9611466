// Values that are not valid UTF-8. Postfix treats values as bytes, so this is a warning: it
// almost always means a file saved in another encoding (Latin-1, UTF-16) or binary data that
// was not meant to be a configuration. One warning per value, at the first bad byte.
#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/utf8.hpp"

namespace mf::compiler {

namespace {

void check_setting(const Setting& setting, DiagnosticSink& sink)
{
    for (const auto& [text, location] : {std::pair{std::string_view(setting.name), setting.name_location},
                                         std::pair{std::string_view(setting.value), setting.value_location}}) {
        const std::size_t bad = first_invalid_utf8(text);
        if (bad == std::string_view::npos)
            continue;
        SourceLocation at = location;
        at.column += bad;
        sink.report(Severity::warning, at,
                    "invalid UTF-8 in this " + std::string(text.data() == setting.name.data() ? "name" : "value") +
                        " (is the file in another encoding, or not a configuration file?)",
                    code::invalid_utf8);
        return;
    }
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
