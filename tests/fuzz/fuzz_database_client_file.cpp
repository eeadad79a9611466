// libFuzzer target: a database client configuration file (compiler/database_client_file.hpp)
// read from arbitrary bytes, then its settings judged as each client judges them when it opens
// the table (compiler/database_client_settings.hpp). Every diagnostic must name the file, at
// one of its lines or as a whole; the reading's only error is the syntax error of a line, and
// a file of name = value lines gets none; the judging's only error is table-config-value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/config_check_codes.hpp"
#include "compiler/database_client_file.hpp"
#include "compiler/database_client_settings.hpp"
#include "tests/fuzz/diagnostic_bounds.hpp"
#include "tests/fuzz/memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const mf::UniqueFd file = mf::fuzz::memory_file("client_file", data, size);
    if (!file)
        return 0;
    const std::string path = "/proc/self/fd/" + std::to_string(file.get());
    const mf::fuzz::DiagnosticBounds bounds(path, input);
    // Whether every line that starts a logical line has a one-word name and '='.
    bool all_name_value = true;
    std::size_t start = 0;
    while (start <= input.size()) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos)
            end = input.size();
        const std::string_view line = input.substr(start, end - start);
        const bool blank = line.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
        if (!blank && line.front() != '#' && line.front() != ' ' && line.front() != '\t') {
            const std::size_t name_end = line.find_first_of(" \t\r\v\f=");
            const std::size_t equals = line.find_first_not_of(" \t\r\v\f", name_end);
            all_name_value = all_name_value && name_end != 0 && name_end != std::string_view::npos &&
                             equals != std::string_view::npos && line[equals] == '=';
        }
        start = end + 1;
    }
    const mf::compiler::ClientJudgeContext no_file_checks{
        [](std::string_view) { return std::optional<std::string>(); },
        mf::compiler::KnownTcpPorts("lmtp=24, smtp=25")};
    for (std::string_view type : {"mysql", "pgsql", "sqlite", "ldap", "memcache"}) {
        mf::compiler::DiagnosticSink sink;
        mf::compiler::UniqueReporter reporter(sink);
        const auto settings = mf::compiler::check_database_client_file(type, path, path, reporter);
        for (const auto& diagnostic : sink.all()) {
            if (diagnostic.location.file != path || diagnostic.location.line == 0 ||
                !bounds.inside(diagnostic))
                std::abort();
            if (diagnostic.severity == mf::compiler::Severity::error &&
                (diagnostic.code != mf::compiler::code::table_config_syntax || all_name_value))
                std::abort();
        }
        if (all_name_value && !settings)
            std::abort();
        if (!settings)
            continue;
        mf::compiler::DiagnosticSink judged;
        mf::compiler::UniqueReporter judge_reporter(judged);
        mf::compiler::check_database_client_settings(type, {"label", path, {path, 0, 0}, ""},
                                                     *settings,
                                                     no_file_checks,
                                                     mf::compiler::Severity::error,
                                                     judge_reporter);
        for (const auto& diagnostic : judged.all())
            if (diagnostic.location.file != path || !bounds.inside(diagnostic) ||
                diagnostic.code != mf::compiler::code::table_config_value)
                std::abort();
    }
    return 0;
}
