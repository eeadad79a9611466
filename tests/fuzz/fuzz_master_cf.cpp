// libFuzzer target: arbitrary bytes as master.cf (with a fixed main.cf) through the reader,
// the master.cf checks and the postconf -M renderer. Nothing may crash or hang, and every
// diagnostic must point inside the input, at an existing line and column.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"
#include "compiler/postconf_views.hpp"
#include "tests/fuzz/diagnostic_bounds.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mf::compiler;
    std::string text(reinterpret_cast<const char*>(data), size);
    if (text.empty())
        return 0;
    const mf::fuzz::DiagnosticBounds bounds("/fuzz/master.cf", text);
    DiagnosticSink sink;
    Configuration config = configuration_from_text(
        "/fuzz/main.cf", "compatibility_level = 3.6\nmyhostname = mx.example.test\n",
        "/fuzz/master.cf", text, sink);
    CheckOptions options;
    options.no_file_checks = true;
    options.sysroot = "/nonexistent-fuzz-root";
    run_checks(config, sink, options);
    for (const Diagnostic& d : sink.all())
        if (!bounds.inside(d))
            std::abort();
    postconf_services(config);
    for (const Service& service : config.services())
        for (const Setting& setting : service.overrides)
            config.expand(setting.name, &service);
    return 0;
}
