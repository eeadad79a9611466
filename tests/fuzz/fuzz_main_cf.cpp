// libFuzzer target: arbitrary bytes as main.cf through the whole mfcc pipeline (logical lines,
// entry grammar, expansion of every value, every check, the snapshot encoder and decoder).
// Nothing may crash, hang or leak, every diagnostic must point inside the input, and a
// snapshot must decode back to what was encoded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"
#include "compiler/snapshot.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mf::compiler;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 1;
    for (char c : text)
        lines += c == '\n';
    DiagnosticSink sink;
    Configuration config = configuration_from_text("/fuzz/main.cf", text, "/fuzz/master.cf",
                                                   "smtp inet n - n - - smtpd\n", sink);
    CheckOptions options;
    options.no_file_checks = true;
    options.sysroot = "/nonexistent-fuzz-root";
    run_checks(config, sink, options);
    for (const Diagnostic& d : sink.all())
        if (d.location.file == "/fuzz/main.cf" && d.location.line > lines)
            std::abort();
    for (const Setting& setting : config.main_cf_settings())
        config.expand(setting.name);
    const Snapshot snapshot = build_snapshot(config, options);
    auto decoded = decode_snapshot(encode_snapshot(snapshot));
    if (!decoded || (*decoded)->parameters.size() != snapshot.parameters.size())
        std::abort();
    return 0;
}
