// Duplicate main.cf definitions: the last one wins, as in Postfix, which warns "overriding
// earlier entry: name=old" at the later line when the values differ. A repeat with the same
// value changes nothing and gets a note. The earlier line gets a note too: it is dead text.
// config_directory has an earlier entry that main.cf does not show: every Postfix program sets
// it (from -c, MAIL_CONFIG or the built-in /etc/postfix) before reading main.cf, so a main.cf
// value that names another directory draws the same warning from each of them.
#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_map>

#include "compiler/checks.hpp"
#include "compiler/diagnostic_codes.hpp"

namespace mf::compiler {

namespace {

bool same_directory(const std::string& a, const std::string& b)
{
    std::error_code error;
    const auto canonical_a = std::filesystem::weakly_canonical(a, error);
    if (error)
        return a == b;
    const auto canonical_b = std::filesystem::weakly_canonical(b, error);
    return error ? a == b : canonical_a == canonical_b;
}

// A checked copy stands for the directory main.cf names when --sysroot maps that name onto it,
// or, without --sysroot, when main.cf names the built-in /etc/postfix (a repository's copy of it).
void check_config_directory(const Configuration& config, DiagnosticSink& sink,
                            const CheckOptions& options)
{
    const auto& settings = config.main_cf_settings();
    const auto first = std::find_if(settings.begin(), settings.end(), [](const Setting& setting) {
        return setting.name == "config_directory";
    });
    if (first == settings.end())
        return;
    const std::string expanded = config.expand_text(first->value);
    const std::string named(trim_whitespace(expanded));
    if (same_directory(options.resolve(named), config.config_directory()) ||
        (options.sysroot.empty() && named == "/etc/postfix"))
        return;
    sink.report(Severity::warning, first->name_location,
                "overriding earlier entry: config_directory=" + config.config_directory() +
                    " (every Postfix program started for this directory sets config_directory "
                    "before it reads main.cf, and warns so; $config_directory then means " +
                    config.expand("config_directory") + ")",
                code::duplicate_parameter);
}

} // namespace

void check_duplicates(const Configuration& config, DiagnosticSink& sink,
                      const CheckOptions& options)
{
    check_config_directory(config, sink, options);
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
