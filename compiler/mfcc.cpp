// mfcc: checks a Postfix main.cf and master.cf and compiles them into a snapshot.
// Exit status: 0 no error, 1 errors found (warnings too with -Werror), 2 cannot run (usage,
// unreadable input). Diagnostics go to stderr in text form, to stdout in the machine forms;
// the postconf views (-n, -p, -M) print to stdout exactly what postconf prints.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check_tls.hpp"
#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"
#include "compiler/diagnostic_codes.hpp"
#include "compiler/diagnostic_render.hpp"
#include "compiler/postconf_expansions.hpp"
#include "compiler/postconf_views.hpp"
#include "compiler/snapshot.hpp"
#include "compiler/tls_file_cache.hpp"
#include "postmap/mapped_file.hpp"
#include "util/huge_page_heap.hpp"
#include "util/openssl.hpp"
#include "util/regular_file.hpp"

namespace {

using namespace mf::compiler;

constexpr const char* version = "0.1";

constexpr const char* usage_text =
    "usage: mfcc [options] [CONFIG_DIR | path/to/main.cf]\n"
    "  --master FILE        read this master.cf instead of the one beside main.cf\n"
    "  -o FILE              write the compiled snapshot to FILE (only when there is no error)\n"
    "  --dump FILE          print a snapshot in readable form\n"
    "  --diff OLD NEW       show what snapshot NEW changes compared with OLD\n"
    "  -n                   print the non-default settings, as postconf -n\n"
    "  -p NAME...           print effective values, as postconf -x -h NAME\n"
    "  -M                   print the master.cf services, as postconf -M\n"
    "  -c DIR               the configuration directory (same as the positional argument)\n"
    "  --sysroot DIR        look up the absolute paths the configuration names under DIR\n"
    "  --no-file-checks     skip the checks of files that are not there\n"
    "  --host-checks        this is the mail server: check the configuration against this host\n"
    "  --min-validity=PERIOD  a certificate expiring within PERIOD (14d, 2w, 12h) is an error\n"
    "  --format=FORMAT      text (default), json, sarif or github\n"
    "  -Werror              treat warnings as errors\n"
    "  -q                   print errors only\n"
    "  --explain CODE       explain a diagnostic code\n"
    "  --list-codes         list every diagnostic code\n"
    "  --version            print the version\n";

struct Options {
    std::optional<std::string> config;
    std::optional<std::string> master;
    std::optional<std::string> snapshot_output;
    std::optional<std::string> dump;
    std::optional<std::pair<std::string, std::string>> diff;
    bool non_default = false;
    bool print_values = false;
    bool services = false;
    bool werror = false;
    bool quiet = false;
    std::vector<std::string> names;
    OutputFormat format = OutputFormat::text;
    CheckOptions checks;
};

// Output goes through stdio, not iostreams: std::cout's static initialisation (the eight
// standard streams and the classic locale) cost every run, the quiet ones too, about 0.1 ms.
// Diagnostics on stderr follow what stdout holds already, as with std::cerr tied to std::cout.
void print(std::string_view text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
}

void print_error(std::string_view text)
{
    std::fflush(stdout);
    std::fwrite(text.data(), 1, text.size(), stderr);
}

// Ends a check without destroying what it built. The configuration, its diagnostics and the
// snapshot are some ten thousand small heap blocks; freeing them one by one just before the
// process ends took 3% of a run's instructions and up to 0.25 ms, for memory the kernel takes
// back whole anyway.
// Compilers leave theirs likewise (clang's -disable-free).
[[noreturn]] void end_run(int status)
{
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(status);
}

int usage(const std::string& problem)
{
    print_error("mfcc: " + problem + "\n" + usage_text);
    return 2;
}

bool looks_like_path(const std::string& argument)
{
    return argument.find('/') != std::string::npos || argument == "." || argument == "..";
}

// Returns an exit status when parsing ends the run (usage error, --explain...).
std::optional<int> parse_arguments(int argc, char** argv, Options& options)
{
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc)
                return std::nullopt;
            return std::string(argv[++i]);
        };
        if (argument == "--master" || argument == "-o" || argument == "--dump" ||
            argument == "--sysroot" || argument == "-c" || argument == "--explain") {
            auto operand = value();
            if (!operand)
                return usage(argument + " needs an operand");
            if (argument == "--master")
                options.master = *operand;
            else if (argument == "-o")
                options.snapshot_output = *operand;
            else if (argument == "--dump")
                options.dump = *operand;
            else if (argument == "--sysroot")
                options.checks.sysroot = *operand;
            else if (argument == "-c")
                options.config = *operand;
            else {
                const DiagnosticCodeInfo* info = find_diagnostic_code(*operand);
                if (!info) {
                    print_error("mfcc: unknown diagnostic code \"" + *operand +
                                "\" (mfcc --list-codes lists them)\n");
                    return 2;
                }
                print(std::string(info->code) + ": " + info->summary + "\n\n" +
                      info->explanation + "\n");
                return 0;
            }
        }
        else if (argument == "--diff") {
            if (i + 2 >= argc)
                return usage("--diff needs two snapshot files");
            options.diff = {argv[i + 1], argv[i + 2]};
            i += 2;
        }
        else if (argument.rfind("--format=", 0) == 0) {
            const std::string format = argument.substr(9);
            if (format == "text")
                options.format = OutputFormat::text;
            else if (format == "json")
                options.format = OutputFormat::json;
            else if (format == "sarif")
                options.format = OutputFormat::sarif;
            else if (format == "github")
                options.format = OutputFormat::github;
            else
                return usage("unknown format \"" + format + "\" (text, json, sarif, github)");
        }
        else if (argument == "-n")
            options.non_default = true;
        else if (argument == "-p")
            options.print_values = true;
        else if (argument == "-M")
            options.services = true;
        else if (argument == "-Werror")
            options.werror = true;
        else if (argument == "-q")
            options.quiet = true;
        else if (argument == "--no-file-checks")
            options.checks.no_file_checks = true;
        else if (argument == "--host-checks")
            options.checks.host_checks = true;
        else if (argument == "--min-validity" || argument.rfind("--min-validity=", 0) == 0) {
            std::string period;
            if (argument.size() > 14)
                period = argument.substr(15);
            else if (i + 1 < argc)
                period = argv[++i];
            auto seconds = parse_validity_period(period);
            if (!seconds)
                return usage(seconds.error().message);
            options.checks.min_validity_seconds = *seconds;
        }
        else if (argument == "--list-codes") {
            for (const DiagnosticCodeInfo& info : diagnostic_codes())
                print(std::string(info.code) + "\t" + info.summary + "\n");
            return 0;
        }
        else if (argument == "--version") {
            print(std::string("mfcc ") + version + "\n");
            return 0;
        }
        else if (argument == "-h" || argument == "--help") {
            print(usage_text);
            return 0;
        }
        else if (argument.size() > 1 && argument[0] == '-')
            return usage("unknown option " + argument);
        else
            positional.push_back(argument);
    }
    // With -p, parameter names are positional too; a configuration path contains a '/'.
    for (const std::string& argument : positional) {
        if (options.print_values && (options.config || !looks_like_path(argument)))
            options.names.push_back(argument);
        else if (!options.config)
            options.config = argument;
        else
            return usage("more than one configuration given");
    }
    if (options.print_values && options.names.empty())
        return usage("-p needs at least one parameter name");
    return std::nullopt;
}

// The diagnostics to show, in file order (as a compiler prints them), whatever check found them.
// Dropped ones (-q) go before sorting, and the sort compares a rank of the file (there are a
// handful) instead of its name: comparing names made sorting the 300,000 diagnostics of a
// 200,000-line main.cf cost more than reading it.
DiagnosticSink filtered(const DiagnosticSink& sink, bool quiet, bool werror)
{
    auto shown_severity = [werror](Severity severity) {
        return werror && severity == Severity::warning ? Severity::error : severity;
    };
    struct Entry {
        std::size_t file_rank;
        const Diagnostic* diagnostic;
    };
    std::vector<Entry> order;
    std::vector<std::string_view> files; // distinct, in order of first appearance
    for (const Diagnostic& d : sink.all()) {
        if (quiet && shown_severity(d.severity) != Severity::error)
            continue;
        const std::string_view file = d.location.file;
        auto known = std::find(files.begin(), files.end(), file);
        if (known == files.end())
            known = files.insert(files.end(), file);
        order.push_back({static_cast<std::size_t>(known - files.begin()), &d});
    }
    std::vector<std::size_t> rank_of(files.size());
    std::vector<std::size_t> by_name(files.size());
    for (std::size_t i = 0; i < files.size(); ++i)
        by_name[i] = i;
    std::sort(by_name.begin(), by_name.end(),
              [&](std::size_t a, std::size_t b) { return files[a] < files[b]; });
    for (std::size_t rank = 0; rank < by_name.size(); ++rank)
        rank_of[by_name[rank]] = rank;
    for (Entry& entry : order)
        entry.file_rank = rank_of[entry.file_rank];
    std::stable_sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.file_rank, a.diagnostic->location.line, a.diagnostic->location.column) <
               std::tie(b.file_rank, b.diagnostic->location.line, b.diagnostic->location.column);
    });
    DiagnosticSink out;
    for (const Entry& entry : order) {
        const Diagnostic& d = *entry.diagnostic;
        out.report(shown_severity(d.severity), d.location, d.message, d.code);
    }
    return out;
}

void print_diagnostics(const DiagnosticSink& sink, const Configuration* config,
                       const Options& options)
{
    switch (options.format) {
    case OutputFormat::text: {
        const bool colour = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
        // Diagnostics in other files (a regexp table's rule, an access table's entry) show
        // their line too: those files are read when a diagnostic first points into one.
        std::map<std::string, mf::maps::MappedFile, std::less<>> other_files;
        print_error(render_text(
            sink,
            [&](std::string_view file) -> std::string_view {
                if (config && (file == config->main_cf_path() || file == config->master_cf_path()))
                    return config->source_text(file);
                if (auto read = other_files.find(file); read != other_files.end())
                    return read->second.text();
                if (!mf::is_regular_file(std::string(file)))
                    return {};
                auto opened = mf::maps::MappedFile::open(std::string(file));
                if (!opened)
                    return {};
                return other_files.emplace(std::string(file), std::move(*opened))
                    .first->second.text();
            },
            colour));
        break;
    }
    case OutputFormat::json:
        print(render_json(sink));
        break;
    case OutputFormat::sarif:
        print(render_sarif(sink, version));
        break;
    case OutputFormat::github:
        print(render_github(sink));
        break;
    }
}

int run(const Options& options)
{
    // Here rather than first in main(): --version, --explain and usage errors touch too little
    // memory to repay the clearing of a 2 MiB page.
    mf::place_heap_on_huge_pages();
    if (options.dump) {
        auto snapshot = read_snapshot(*options.dump);
        if (!snapshot) {
            print_error("mfcc: " + snapshot.error().message + "\n");
            return 2;
        }
        print(dump_snapshot(**snapshot));
        return 0;
    }
    if (options.diff) {
        auto old_snapshot = read_snapshot(options.diff->first);
        auto new_snapshot = read_snapshot(options.diff->second);
        for (const auto* result : {&old_snapshot, &new_snapshot})
            if (!*result) {
                print_error("mfcc: " + result->error().message + "\n");
                return 2;
            }
        const std::string changes = diff_snapshots(**old_snapshot, **new_snapshot);
        print(changes);
        return changes.empty() ? 0 : 1;
    }

    // With -q only errors are shown (warnings too with -Werror, which makes them errors).
    DiagnosticSink sink(!options.quiet   ? Severity::note
                        : options.werror ? Severity::warning
                                         : Severity::error);
    LoadOptions load;
    load.path = options.config.value_or("/etc/postfix");
    load.master = options.master;
    const bool view = options.non_default || options.print_values || options.services;
    // As postconf shows its own (in process_id and in what expands it, like debugger_command).
    if (view)
        load.process_id = std::to_string(::getpid());
    auto config = load_configuration(load, sink);
    if (!config) {
        DiagnosticSink failure;
        failure.report(Severity::error, {load.path, 0, 0}, config.error().message,
                       code::unreadable_file);
        print_diagnostics(failure, nullptr, options);
        return 2;
    }
    if (view) {
        // Where postconf would die reading the files or expanding what it read, print why and
        // nothing else, as it does: a view of a configuration Postfix cannot read would be a
        // view of something else.
        DiagnosticSink fatal;
        for (const Diagnostic& d : sink.all())
            if (stops_postconf(d.code))
                fatal.report(d.severity, d.location, d.message, d.code);
        if (!fatal.has_errors())
            report_expansions_postconf_dies_on(
                *config, options.print_values ? options.names : std::vector<std::string>{}, fatal);
        if (fatal.has_errors()) {
            print_diagnostics(filtered(fatal, false, false), &*config, options);
            return 1;
        }
        std::string warnings;
        if (options.non_default)
            print(postconf_non_default(*config));
        if (options.print_values)
            print(postconf_values(*config, options.names, warnings));
        if (options.services)
            print(postconf_services(*config));
        print_error(warnings);
        return 0;
    }

    // One reading of the TLS files for the checks and the snapshot (tls_file_cache.hpp).
    CheckOptions checks = options.checks;
    share_tls_files(checks);
    run_checks(*config, sink, checks);
    const DiagnosticSink shown = filtered(sink, options.quiet, options.werror);
    print_diagnostics(shown, &*config, options);
    if (shown.has_errors())
        end_run(1);
    if (options.snapshot_output) {
        auto written = write_snapshot(build_snapshot(*config, checks), *options.snapshot_output);
        if (!written) {
            print_error("mfcc: " + written.error().message + "\n");
            end_run(2);
        }
    }
    end_run(0);
}

} // namespace

int main(int argc, char** argv)
{
    mf::openssl::ignore_system_configuration();
    Options options;
    if (auto status = parse_arguments(argc, argv, options))
        return *status;
    try {
        return run(options);
    }
    catch (const std::exception& error) {
        print_error(std::string("mfcc: ") + error.what() + "\n");
        return 2;
    }
}
