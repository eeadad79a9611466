// libFuzzer target: arbitrary bytes as main.cf through the mfcc pipeline that depends on them
// (logical lines, entry grammar, expansion of every value, every check, the expansions postconf
// makes before its views print, with every name set shown as -p would). Nothing may crash,
// hang or leak, and every diagnostic must point inside the input, at an existing line and
// column. The snapshot is not built here: resolving, encoding and decoding Postfix's ~1000
// built-in parameters is the same for every input and took 70% of each run (perf, Nov 2026);
// the snapshot reader has its own target (fuzz_snapshot) fed with hostile bytes, and snapshot
// building is covered by tests.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"
#include "compiler/postconf_expansions.hpp"
#include "tests/fuzz/diagnostic_bounds.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mf::compiler;
    std::string text(reinterpret_cast<const char*>(data), size);
    const mf::fuzz::DiagnosticBounds bounds("/fuzz/main.cf", text);
    DiagnosticSink sink;
    Configuration config = configuration_from_text("/fuzz/main.cf", text, "/fuzz/master.cf",
                                                   "smtp inet n - n - - smtpd\n"
                                                   "2525 inet n - n - 1 postscreen\n", sink);
    CheckOptions options;
    options.no_file_checks = true;
    options.sysroot = "/nonexistent-fuzz-root";
    run_checks(config, sink, options);
    std::vector<std::string> shown;
    for (const Setting& setting : config.main_cf_settings())
        shown.push_back(setting.name);
    report_expansions_postconf_dies_on(config, shown, sink);
    for (const Diagnostic& d : sink.all())
        if (!bounds.inside(d))
            std::abort();
    for (const Setting& setting : config.main_cf_settings())
        config.expand(setting.name);
    return 0;
}
