// See map_commands.hpp. Messages follow postmap's shapes: "NAME: fatal: ...",
// "NAME: warning: FILE, line N: ...".
#include "postmap/map_commands.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "postmap/alias_source_reader.hpp"
#include "postmap/base64.hpp"
#include "postmap/case_fold.hpp"
#include "postmap/map_source_reader.hpp"
#include "postmap/mapped_file.hpp"
#include "postmap/progress_meter.hpp"
#include "postmap/registry.hpp"
#include "postmap/source_chunks.hpp"
#include "postmap/table_build.hpp"
#include "postmap/table_update.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

constexpr int exit_error = 2;

int fatal(const CommandOptions& options, const std::string& message)
{
    std::fflush(stdout);
    std::fprintf(stderr, "%s: fatal: %s\n", options.program.c_str(), message.c_str());
    return exit_error;
}

void warning(const CommandOptions& options, const std::string& message)
{
    std::fprintf(stderr, "%s: warning: %s\n", options.program.c_str(), message.c_str());
}

SourceWarning line_warning(const CommandOptions& options, const std::string& file)
{
    return [&options, file](std::uint32_t line, const std::string& message) {
        if (line == 0)
            warning(options, file + ": " + message);
        else
            warning(options, file + ", line " + std::to_string(line) + ": " + message);
    };
}

DictOptions dict_options(const CommandOptions& options, const std::string& table = {})
{
    DictOptions dict;
    if (!table.empty()) {
        TableRef ref = parse_table_ref(table, options.config.default_database_type);
        dict.on_warning = [&options, ref](std::size_t line, const std::string& message) {
            warning(options, ref.type + " map " + ref.name +
                                 (line ? ", line " + std::to_string(line) : std::string()) +
                                 ": " + message);
        };
    }
    dict.fold_case = options.fold_case;
    dict.utf8_fold = options.config.smtputf8_enable;
    if (options.nul)
        dict.nul = *options.nul ? NulMode::with_nul : NulMode::without_nul;
    dict.lock_per_lookup = false;
    return dict;
}

BuildOptions build_options(const CommandOptions& options, const std::string& source,
                           const std::string& label, ProgressMeter& meter)
{
    BuildOptions build;
    build.fold_case = options.fold_case;
    build.utf8_fold = options.config.smtputf8_enable;
    build.nul = options.nul;
    build.duplicates = options.duplicates;
    build.source_path = source;
    build.keep_root_owner = options.keep_root_owner;
    build.plain_mode = options.plain_mode;
    build.on_warning = line_warning(options, label);
    build.on_progress = [&meter](double done) { meter.update(done); };
    return build;
}

// postmap -F: the value lists files whose concatenated contents are stored base64-encoded.
Result<std::string> load_file_value(std::string_view names, const std::string& source,
                                    std::uint32_t line)
{
    std::string contents;
    bool first = true;
    while (!names.empty()) {
        std::size_t start = names.find_first_not_of(" \t,");
        if (start == std::string_view::npos)
            break;
        names.remove_prefix(start);
        std::size_t end = names.find_first_of(" \t,");
        std::string name(names.substr(0, end));
        names.remove_prefix(end == std::string_view::npos ? names.size() : end);
        auto file = MappedFile::open(name);
        if (!file)
            return fail(source + ", line " + std::to_string(line) + ": " + file.error().message);
        // postmap joins the files' contents with a newline between them.
        if (!first)
            contents.push_back('\n');
        first = false;
        contents.append(file->text());
    }
    return base64_encode(contents);
}

// The postalias records written after the user's (spec D.4); the "@" entry comes first, with
// the user's entries (see alias_entries).
void add_alias_records(const CommandOptions& options, BuildOptions& build)
{
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%010lld", static_cast<long long>(std::time(nullptr)));
    build.raw_records.emplace_back("YP_LAST_MODIFIED", stamp);
    build.raw_records.emplace_back("YP_MASTER_NAME", options.config.myhostname);
}

void read_source(const CommandOptions& options, std::string_view text, const EntrySink& sink,
                 const SourceWarning& warn, std::uint32_t first_line)
{
    MapSourceOptions source;
    source.require_utf8 = options.config.smtputf8_enable && options.require_utf8;
    if (options.aliases)
        read_alias_source(text, source, sink, warn, first_line);
    else
        read_map_source(text, source, sink, warn, first_line);
}

void read_source(const CommandOptions& options, std::string_view text, TableEntries& entries,
                 const SourceWarning& warn)
{
    read_source(
        options, text,
        [&](std::string_view key, std::string_view value, std::uint32_t line) {
            entries.add(key, value, line);
        },
        warn, 1);
}

// A source file's entries, read in pieces as the build consumes them (so a build's memory
// does not grow with the source), with -F values loaded and postalias's "@" entry last.
EntrySource source_entries(const CommandOptions& options, const std::string& path)
{
    EntrySource source;
    source.estimate = estimate_source_stats(path);
    source.produce = [&options, path](const EntrySink& sink) -> Result<void> {
        Result<void> loaded;
        EntrySink each = sink;
        if (options.base64_files)
            each = [&](std::string_view key, std::string_view value, std::uint32_t line) {
                if (!loaded)
                    return;
                auto contents = load_file_value(value, path, line);
                if (!contents)
                    loaded = tl::unexpected(contents.error());
                else
                    sink(key, *contents, line);
            };
        SourceWarning warn = line_warning(options, path);
        auto read = read_source_chunks(path, [&](std::string_view text, std::uint32_t line) {
            read_source(options, text, each, warn, line);
            return loaded;
        });
        if (!read)
            return read;
        if (options.aliases)
            sink("@", "@", 0);
        return {};
    };
    return source;
}

std::string shown_value(const CommandOptions& options, const std::string& value)
{
    if (!options.base64_files)
        return value;
    auto decoded = base64_decode(value);
    return decoded ? *decoded : value;
}

std::vector<std::unique_ptr<Dict>> open_all(const CommandOptions& options,
                                            const std::vector<std::string>& tables, int& status)
{
    std::vector<std::unique_ptr<Dict>> dicts;
    for (const std::string& text : tables) {
        auto dict = open_table(parse_table_ref(text, options.config.default_database_type),
                               dict_options(options, text));
        if (!dict) {
            status = fatal(options, dict.error().message);
            return {};
        }
        dicts.push_back(std::move(*dict));
    }
    status = 0;
    return dicts;
}

// First table that has the key; -1 on a lookup error (reported), 0 not found, 1 found.
int lookup_in(const CommandOptions& options, const std::vector<std::unique_ptr<Dict>>& dicts,
              std::string_view key, std::string& value)
{
    for (const auto& dict : dicts) {
        LookupResult result = dict->lookup(key);
        if (result.is_found()) {
            value = shown_value(options, result.value());
            return 1;
        }
        if (result.is_error()) {
            fatal(options, "table " + dict->name() + ": " + result.reason());
            return -1;
        }
    }
    return 0;
}

// -h/-b keys from a message on stdin: logical header lines (continuations joined with their
// newline) up to the first empty line, then each body line.
std::vector<std::string> message_keys(std::istream& in, bool headers, bool body)
{
    std::vector<std::string> keys;
    std::string line, header;
    bool in_headers = true;
    while (std::getline(in, line)) {
        if (in_headers) {
            if (line.empty() || line == "\r") {
                if (!header.empty() && headers)
                    keys.push_back(header);
                in_headers = false;
                // postmap counts the separating empty line as the first body line.
                if (body)
                    keys.push_back(line);
                continue;
            }
            if ((line[0] == ' ' || line[0] == '\t') && !header.empty()) {
                header += "\n" + line;
                continue;
            }
            if (!header.empty() && headers)
                keys.push_back(header);
            header = line;
            continue;
        }
        if (body)
            keys.push_back(line);
    }
    if (in_headers && !header.empty() && headers)
        keys.push_back(header);
    return keys;
}

} // namespace

int run_build(const CommandOptions& options, const std::vector<std::string>& tables)
{
    for (const std::string& text : tables) {
        TableRef table = parse_table_ref(text, options.config.default_database_type);
        const TableType* type = find_table_type(table.type);
        if (type == nullptr)
            return fatal(options, "unsupported dictionary type: " + table.type);
        if (!type->buildable)
            return fatal(options, "unsupported dictionary type for building: " + table.type);
        if (UniqueFd readable(::open(table.name.c_str(), O_RDONLY | O_CLOEXEC));
            !readable && table.name != "-")
            return fatal(options, "open " + table.name + ": " + std::strerror(errno));
        ProgressMeter meter(options.program + ": " + table.name);
        BuildOptions build = build_options(options, table.name, table.name, meter);
        if (options.aliases)
            add_alias_records(options, build);
        auto report = build_table(table.spec(), source_entries(options, table.name), build);
        meter.finish();
        if (!report)
            return fatal(options, report.error().message);
    }
    return 0;
}

int run_incremental(const CommandOptions& options, const std::vector<std::string>& tables)
{
    auto input = MappedFile::open("-");
    if (!input)
        return fatal(options, input.error().message);
    TableEntries entries;
    read_source(options, input->text(), entries, line_warning(options, "stdin"));
    for (const std::string& text : tables) {
        auto changed = update_table(
            text, options.config.default_database_type, dict_options(options),
            [&](Dict& dict) -> Result<bool> {
                for (const TableEntry& entry : entries.entries()) {
                    auto outcome = dict.update(entry.key, entry.value, options.duplicates);
                    if (!outcome)
                        return tl::unexpected(outcome.error());
                    if (*outcome == UpdateOutcome::kept_existing &&
                        options.duplicates == DuplicatePolicy::warn_keep_first)
                        warning(options, "stdin, line " + std::to_string(entry.line) +
                                             ": duplicate entry: \"" + std::string(entry.key) +
                                             "\" -- keeping the existing value");
                }
                if (options.aliases) {
                    (void)dict.update("@", "@", DuplicatePolicy::replace);
                }
                return true;
            });
        if (!changed)
            return fatal(options, changed.error().message);
    }
    return 0;
}

int run_query(const CommandOptions& options, const std::string& key,
              const std::vector<std::string>& tables)
{
    int status = 0;
    auto dicts = open_all(options, tables, status);
    if (status != 0)
        return status;
    std::string value;
    if (key != "-") {
        int found = lookup_in(options, dicts, key, value);
        if (found < 0)
            return exit_error;
        if (found == 0)
            return 1;
        std::printf("%s\n", value.c_str());
        return 0;
    }
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    std::ios::sync_with_stdio(false);
    bool any = false;
    auto query = [&](const std::string& each) -> bool {
        int found = lookup_in(options, dicts, each, value);
        if (found < 0)
            return false;
        if (found > 0) {
            any = true;
            std::fwrite(each.data(), 1, each.size(), stdout);
            std::fputs(options.aliases ? ":\t" : "\t", stdout);
            std::fwrite(value.data(), 1, value.size(), stdout);
            std::fputc('\n', stdout);
        }
        return true;
    };
    if (options.header_keys || options.body_keys) {
        for (const std::string& each : message_keys(std::cin, options.header_keys, options.body_keys))
            if (!query(each))
                return exit_error;
    } else {
        std::string line;
        while (std::getline(std::cin, line))
            if (!query(line))
                return exit_error;
    }
    std::fflush(stdout);
    return any ? 0 : 1;
}

int run_delete(const CommandOptions& options, const std::string& key,
               const std::vector<std::string>& tables)
{
    std::vector<std::string> keys;
    if (key == "-") {
        std::string line;
        while (std::getline(std::cin, line))
            keys.push_back(line);
    } else {
        keys.push_back(key);
    }
    bool any = false;
    for (const std::string& text : tables) {
        auto changed = update_table(text, options.config.default_database_type,
                                    dict_options(options), [&](Dict& dict) -> Result<bool> {
                                        bool removed_here = false;
                                        for (const std::string& each : keys) {
                                            auto removed = dict.remove(each);
                                            if (!removed)
                                                return tl::unexpected(removed.error());
                                            removed_here = removed_here || *removed;
                                        }
                                        return removed_here;
                                    });
        if (!changed)
            return fatal(options, changed.error().message);
        any = any || *changed;
    }
    return any ? 0 : 1;
}

int run_dump(const CommandOptions& options, const std::vector<std::string>& tables)
{
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    for (const std::string& text : tables) {
        auto dict = open_table(parse_table_ref(text, options.config.default_database_type),
                               dict_options(options, text));
        if (!dict)
            return fatal(options, dict.error().message);
        const char* separator = options.aliases ? ":\t" : "\t";
        auto listed = (*dict)->sequence([&](std::string_view key, std::string_view value) {
            std::string shown = shown_value(options, std::string(value));
            std::fwrite(key.data(), 1, key.size(), stdout);
            std::fputs(separator, stdout);
            std::fwrite(shown.data(), 1, shown.size(), stdout);
            std::fputc('\n', stdout);
            return true;
        });
        if (!listed)
            return fatal(options, listed.error().message);
    }
    std::fflush(stdout);
    return 0;
}

int run_convert(const CommandOptions& options, const std::string& from, const std::string& to)
{
    auto source = open_table(parse_table_ref(from, options.config.default_database_type),
                             dict_options(options));
    if (!source)
        return fatal(options, source.error().message);
    TableEntries entries;
    std::vector<std::pair<std::string, std::string>> raw;
    auto listed = (*source)->sequence([&](std::string_view key, std::string_view value) {
        // postalias's YP_* records are stored raw (no NUL, no folding) and stay so.
        if (key.substr(0, 3) == "YP_")
            raw.emplace_back(std::string(key), std::string(value));
        else
            entries.add(key, value);
        return true;
    });
    if (!listed)
        return fatal(options, listed.error().message);
    ProgressMeter meter(options.program + ": " + to);
    BuildOptions build = build_options(options, table_file(parse_table_ref(
                                                    from, options.config.default_database_type)),
                                       to, meter);
    build.raw_records = std::move(raw);
    auto report = build_table(to, entries, build, options.config.default_database_type);
    if (!report)
        return fatal(options, report.error().message);
    return 0;
}

int run_verify(const CommandOptions& options, const std::vector<std::string>& tables)
{
    int differences = 0;
    for (const std::string& text : tables) {
        TableRef table = parse_table_ref(text, options.config.default_database_type);
        auto source = MappedFile::open(table.name);
        if (!source)
            return fatal(options, source.error().message);
        TableEntries entries;
        read_source(options, source->text(), entries, [](std::uint32_t, const std::string&) {});
        // What the table must hold: folded keys, first value wins unless -r.
        std::map<std::string, std::pair<std::string, std::uint32_t>> expected;
        for (const TableEntry& entry : entries.entries()) {
            std::string key = options.fold_case ? folded(entry.key, options.config.smtputf8_enable)
                                                : std::string(entry.key);
            auto [at, inserted] = expected.try_emplace(key, std::string(entry.value), entry.line);
            if (!inserted && options.duplicates == DuplicatePolicy::replace)
                at->second = {std::string(entry.value), entry.line};
        }
        auto dict = open_table(table, dict_options(options));
        if (!dict)
            return fatal(options, dict.error().message);
        std::set<std::string> seen;
        auto listed = (*dict)->sequence([&](std::string_view key, std::string_view value) {
            std::string stored(key);
            if (options.aliases && (stored == "@" || stored.rfind("YP_", 0) == 0))
                return true;
            auto found = expected.find(stored);
            if (found == expected.end()) {
                warning(options, table_file(table) + ": key \"" + stored +
                                     "\" is not in the source " + table.name);
                ++differences;
            } else if (found->second.first != value) {
                warning(options, table.name + ", line " + std::to_string(found->second.second) +
                                     ": \"" + stored + "\" has value \"" + std::string(value) +
                                     "\" in " + table_file(table) + ", source says \"" +
                                     found->second.first + "\"");
                ++differences;
            }
            seen.insert(std::move(stored));
            return true;
        });
        if (!listed)
            return fatal(options, listed.error().message);
        for (const auto& [key, value] : expected) {
            if (seen.count(key) == 0) {
                warning(options, table.name + ", line " + std::to_string(value.second) + ": \"" +
                                     key + "\" is missing from " + table_file(table));
                ++differences;
            }
        }
        if (differences == 0)
            std::printf("%s: %s matches %s (%zu entries)\n", options.program.c_str(),
                        table_file(table).c_str(), table.name.c_str(), expected.size());
    }
    return differences == 0 ? 0 : 1;
}

} // namespace mf::maps
