// See map_commands.hpp. Messages follow postmap's shapes: "NAME: fatal: ...",
// "NAME: warning: FILE, line N: ...".
#include "postmap/map_commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "postmap/alias_source_reader.hpp"
#include "postmap/base64.hpp"
#include "postmap/case_fold.hpp"
#include "postmap/map_source_reader.hpp"
#include "postmap/mapped_file.hpp"
#include "postmap/message_keys.hpp"
#include "postmap/parallel_batch_lookup.hpp"
#include "postmap/progress_meter.hpp"
#include "postmap/registry.hpp"
#include "postmap/source_chunks.hpp"
#include "postmap/source_owner.hpp"
#include "postmap/table_build.hpp"
#include "postmap/table_update.hpp"
#include "util/line_reader.hpp"
#include "util/unique_fd.hpp"
#include "util/utf8.hpp"

namespace mf::maps {

namespace {

// postmap exits 1 on fatal errors, the same status as "not found".
constexpr int exit_error = 1;

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

// -v: what was done, on standard error.
void info(const CommandOptions& options, const std::string& message)
{
    if (options.verbose > 0)
        std::fprintf(stderr, "%s: info: %s\n", options.program.c_str(), message.c_str());
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

// Bytes as Postfix's messages show them: control characters and bytes that are not ASCII as
// '?', except well-formed UTF-8 characters in UTF-8 mode, which stay as they are.
std::string printable(std::string_view text, bool utf8)
{
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = utf8 ? utf8_sequence_length(text, i) : 1;
        auto byte = static_cast<unsigned char>(text[i]);
        if (length == 0 || (length == 1 && (byte < 0x20 || byte >= 0x7F))) {
            out.push_back('?');
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

DictOptions dict_options(const CommandOptions& options, const std::string& table = {})
{
    DictOptions dict;
    if (!table.empty()) {
        TableRef ref = parse_table_ref(table, options.config.default_database_type);
        // Line 0: about the file rather than one of its rules, which Postfix names alone.
        dict.on_warning = [&options, ref](std::size_t line, const std::string& message) {
            std::string where = line ? ref.type + " map " + ref.name + ", line " +
                                           std::to_string(line)
                                     : ref.name;
            warning(options, printable(where + ": " + message, options.config.smtputf8_enable));
        };
    }
    dict.fold_case = options.fold_case;
    dict.utf8_fold = utf8_active(options);
    if (options.nul)
        dict.nul = *options.nul ? NulMode::with_nul : NulMode::without_nul;
    dict.lock_per_lookup = false;
    dict.hold_lock = true;
    dict.concurrent_lookups = false;
    return dict;
}

BuildOptions build_options(const CommandOptions& options, const std::string& source,
                           const std::string& label, ProgressMeter& meter)
{
    BuildOptions build;
    build.fold_case = options.fold_case;
    build.utf8_fold = utf8_active(options);
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
Result<std::string> load_file_value(std::string_view names)
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
            return tl::unexpected(file.error());
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
std::vector<std::pair<std::string, std::string>> alias_raw_records(const CommandOptions& options)
{
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%010lld", static_cast<long long>(std::time(nullptr)));
    return {{"YP_LAST_MODIFIED", stamp}, {"YP_MASTER_NAME", options.config.myhostname}};
}

void add_alias_records(const CommandOptions& options, BuildOptions& build)
{
    for (auto& record : alias_raw_records(options))
        build.raw_records.push_back(std::move(record));
}

// The entries of a source (a file's or standard input's) as every command takes them: with -F,
// each value replaced by its files' contents, and an entry whose files cannot be read skipped
// with a warning, as postmap does.
void read_source(const CommandOptions& options, std::string_view text, const EntrySink& sink,
                 const SourceWarning& warn, std::uint32_t first_line)
{
    MapSourceOptions source;
    source.require_utf8 = utf8_active(options);
    EntrySink each = sink;
    if (options.base64_files)
        each = [&](std::string_view key, std::string_view value, std::uint32_t line) {
            auto contents = load_file_value(value);
            if (contents)
                sink(key, *contents, line);
            else
                warn(line, contents.error().message + ": skipping this entry");
        };
    if (options.aliases)
        read_alias_source(text, source, each, warn, first_line);
    else
        read_map_source(text, source, each, warn, first_line);
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
        SourceWarning warn = line_warning(options, path);
        auto read = read_source_chunks(path, [&](std::string_view text, std::uint32_t line) {
            read_source(options, text, sink, warn, line);
            return Result<void>{};
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

// The tables to query; with `concurrent`, opened for lookups from several threads.
std::vector<std::unique_ptr<Dict>> open_all(const CommandOptions& options,
                                            const std::vector<std::string>& tables, int& status,
                                            bool concurrent = false)
{
    std::vector<std::unique_ptr<Dict>> dicts;
    for (const std::string& text : tables) {
        DictOptions dict_settings = dict_options(options, text);
        dict_settings.concurrent_lookups = concurrent;
        auto dict = open_table(parse_table_ref(text, options.config.default_database_type),
                               dict_settings);
        if (!dict) {
            status = fatal(options, dict.error().message);
            return {};
        }
        dicts.push_back(std::move(*dict));
    }
    status = 0;
    return dicts;
}

// A table as postmap's UTF-8 messages name it: hash, btree and cdb tables by their file
// (hash:/etc/postfix/virtual.db), the others as given.
std::string utf8_message_name(const CommandOptions& options, const Dict& dict)
{
    TableRef ref = parse_table_ref(dict.name(), options.config.default_database_type);
    if (ref.type == "hash" || ref.type == "btree" || ref.type == "cdb")
        return ref.type + ":" + table_file(ref);
    return dict.name();
}

// Postfix's dict_utf8 policy in UTF-8 mode: a key that is not UTF-8 cannot be in the table,
// so it is reported and not looked up (queries) or not deleted (deletes report success).
bool usable_key(const CommandOptions& options, const Dict& dict, std::string_view key)
{
    if (!utf8_active(options) || is_valid_utf8(key))
        return true;
    warning(options, utf8_message_name(options, dict) + ": non-UTF-8 key \"" +
                         printable(key, true) + "\": malformed UTF-8 or invalid codepoint");
    return false;
}

// One table's answer for `key`: 1 found (the value, as shown, in `value`), 0 not found, -1 a
// lookup error (reported). In UTF-8 mode a value that is not UTF-8 is a query error, as in
// Postfix.
int judge_answer(const CommandOptions& options, const Dict& dict, std::string_view key,
                 const Dict::BatchAnswer& answer, std::string& value)
{
    if (answer.status == LookupStatus::found) {
        if (utf8_active(options) && !is_valid_utf8(answer.text)) {
            std::string name = utf8_message_name(options, dict);
            warning(options, name + ": key \"" + printable(key, true) + "\": non-UTF-8 value \"" +
                                 printable(answer.text, true) +
                                 "\": malformed UTF-8 or invalid codepoint");
            fatal(options, "table " + name + ": query error");
            return -1;
        }
        // Assigned, not rebuilt: a bulk query then reuses one buffer for every value.
        if (options.base64_files)
            value = shown_value(options, std::string(answer.text));
        else
            value.assign(answer.text);
        return 1;
    }
    if (answer.status == LookupStatus::try_again || answer.status == LookupStatus::config_error) {
        fatal(options, "table " + dict.name() + ": " + std::string(answer.text));
        return -1;
    }
    return 0;
}

// First table that has the key; -1 on a lookup error (reported), 0 not found, 1 found.
int lookup_in(const CommandOptions& options, const std::vector<std::unique_ptr<Dict>>& dicts,
              std::string_view key, std::string& value)
{
    for (const auto& dict : dicts) {
        if (!usable_key(options, *dict, key))
            continue;
        LookupResult result = dict->lookup(key);
        int found = judge_answer(options, *dict, key, {result.status(), result.value()}, value);
        if (found != 0)
            return found;
    }
    return 0;
}

// postmap's identity rule (source_owner.hpp) for the input `source` (the source file, or
// standard input with -i), then its permission check: hash, btree and lmdb tables are
// rewritten in place by postmap, so a table file that the effective user cannot write is
// fatal, as there (mfmap's rename would succeed where postmap fails).
Result<void> take_identity(const CommandOptions& options, const struct stat& source,
                           const std::string& source_name, const TableRef& table)
{
    if (!options.keep_root_owner && needs_identity_switch(source)) {
        if (auto became = become_source_owner(source); !became)
            return became;
        info(options, "working as the owner of " + source_name + ": " + effective_identity());
    }
    const TableType* type = find_table_type(table.type);
    std::string file = table_file(table);
    if (type != nullptr && type->updatable && ::access(file.c_str(), F_OK) == 0 &&
        ::faccessat(AT_FDCWD, file.c_str(), W_OK, AT_EACCESS) != 0)
        return fail("open database " + file + ": " + std::strerror(errno));
    return {};
}

} // namespace

bool utf8_active(const CommandOptions& options)
{
    return options.config.smtputf8_enable && !options.utf8_disabled &&
           (!(options.header_keys || options.body_keys) || options.force_utf8);
}

int run_build(const CommandOptions& options, const std::vector<std::string>& tables)
{
    for (const std::string& text : tables) {
        TableRef table = parse_table_ref(text, options.config.default_database_type);
        const TableType* type = find_table_type(table.type);
        if (type == nullptr)
            return fatal(options, "unsupported dictionary type: " + table.type);
        if (!type->buildable)
            return fatal(options, "unsupported dictionary type: " + table.type +
                                     " does not support bulk-mode creation.");
        UniqueFd readable(::open(table.name.c_str(), O_RDONLY | O_CLOEXEC));
        if (!readable && table.name != "-")
            return fatal(options, "open " + table.name + ": " + std::strerror(errno));
        struct stat source_status;
        if (::fstat(readable ? readable.get() : STDIN_FILENO, &source_status) != 0)
            return fatal(options, "fstat " + table.name + ": " + std::strerror(errno));
        if (auto identity = take_identity(options, source_status, table.name, table); !identity)
            return fatal(options, identity.error().message);
        ProgressMeter meter(options.program + ": " + table.name);
        BuildOptions build = build_options(options, table.name, table.name, meter);
        if (options.aliases)
            add_alias_records(options, build);
        auto report = build_table(table.spec(), source_entries(options, table.name), build);
        meter.finish();
        if (!report)
            return fatal(options, report.error().message);
        info(options, report->file + ": " + std::to_string(report->records) + " records from " +
                          table.name + ", " + std::to_string(report->duplicates) +
                          " duplicates dropped");
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
    struct stat input_status;
    if (::fstat(STDIN_FILENO, &input_status) != 0)
        return fatal(options, std::string("fstat stdin: ") + std::strerror(errno));
    for (const std::string& text : tables) {
        TableRef table = parse_table_ref(text, options.config.default_database_type);
        // postmap -i opens the table as it would build it, so types it cannot build say so.
        if (const TableType* type = find_table_type(table.type); type && !type->buildable)
            return fatal(options, "unsupported dictionary type: " + table.type +
                                      " does not support bulk-mode creation.");
        if (auto identity = take_identity(options, input_status, "stdin", table); !identity)
            return fatal(options, identity.error().message);
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
                                             ": duplicate entry: \"" +
                                             (options.fold_case
                                                  ? folded(entry.key, utf8_active(options))
                                                  : std::string(entry.key)) +
                                             "\" -- keeping the existing value");
                }
                // postalias rewrites its "@" record on every update, and (below) the YP_*
                // records, stored without folding or NUL.
                if (options.aliases)
                    if (auto added = dict.update("@", "@", DuplicatePolicy::replace); !added)
                        return tl::unexpected(added.error());
                return true;
            },
            [&](Dict& raw) -> Result<void> {
                if (!options.aliases)
                    return {};
                for (const auto& [key, value] : alias_raw_records(options))
                    if (auto added = raw.update(key, value, DuplicatePolicy::replace); !added)
                        return tl::unexpected(added.error());
                return {};
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
    // A bulk query of one table may look keys up on two threads.
    const bool parallel = key == "-" && tables.size() == 1 && !options.header_keys &&
                          !options.body_keys && std::thread::hardware_concurrency() > 1;
    auto dicts = open_all(options, tables, status, parallel);
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
    bool any = false;
    std::string_view separator = options.aliases ? ":\t" : "\t";
    std::string line;
    // "key<TAB>value" for a key found, `value` holding its value.
    auto print = [&](std::string_view key) {
        any = true;
        // One unlocked write per answer: this runs once per key of a bulk query.
        line.assign(key).append(separator).append(value).push_back('\n');
        fwrite_unlocked(line.data(), 1, line.size(), stdout);
    };
    auto query = [&](std::string_view each) -> bool {
        int found = lookup_in(options, dicts, each, value);
        if (found > 0)
            print(each);
        return found >= 0;
    };
    // Postfix looks keys up as C strings: a key ends at its first NUL byte.
    auto query_line = [&](std::string_view line) {
        return query(line.substr(0, line.find('\0')));
    };
    bool ok = true;
    if (options.header_keys || options.body_keys) {
        std::ios::sync_with_stdio(false);
        MessageKeyOptions message;
        message.headers = options.header_keys;
        message.body = options.body_keys;
        message.mime = options.mime_keys;
        message.header_limit = options.config.header_size_limit;
        message.nesting_limit = options.config.mime_nesting_limit;
        message.boundary_limit = options.config.mime_boundary_length_limit;
        for_each_message_key(std::cin, message, [&](std::string_view key) {
            ok = query_line(key);
            return ok;
        });
    } else {
        // Keys are read in batches. With one table (the common bulk query) each batch is
        // looked up at once, on two threads where there are two processors
        // (parallel_batch_lookup.hpp); the answers are then judged and printed in input order,
        // and keys Postfix refuses as non-UTF-8 are reported in their place. With several
        // tables each key is looked up in one table after the other.
        constexpr std::size_t batch = 1024;
        LineReader input(STDIN_FILENO);
        std::vector<std::string_view> keys, usable;
        std::optional<ParallelBatchLookup> lookups;
        if (dicts.size() == 1)
            lookups.emplace(*dicts.front(), parallel);
        while (ok) {
            input.next_batch(keys, batch);
            if (keys.empty())
                break;
            for (std::string_view& key : keys)
                key = key.substr(0, key.find('\0'));
            if (!lookups) {
                for (std::size_t i = 0; ok && i < keys.size(); ++i)
                    ok = query(keys[i]);
                continue;
            }
            const Dict& dict = *dicts.front();
            usable.clear();
            for (std::string_view key : keys)
                if (!utf8_active(options) || is_valid_utf8(key))
                    usable.push_back(key);
            auto answers = lookups->lookup(usable);
            std::size_t next = 0;
            for (std::size_t i = 0; ok && i < keys.size(); ++i) {
                if (next == usable.size() || usable[next].data() != keys[i].data()) {
                    usable_key(options, dict, keys[i]); // reports the key
                    continue;
                }
                int found = judge_answer(options, dict, keys[i], answers[next++], value);
                if (found > 0)
                    print(keys[i]);
                ok = found >= 0;
            }
        }
    }
    if (!ok)
        return exit_error;
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
    // A key Postfix refuses as non-UTF-8 counts as deleted (dict_utf8 reports success).
    bool any = false;
    for (const std::string& text : tables) {
        auto edit = [&](Dict& dict) -> Result<bool> {
            bool removed_here = false;
            for (const std::string& each : keys) {
                if (!usable_key(options, dict, each)) {
                    any = true;
                    continue;
                }
                auto removed = dict.remove(each);
                if (!removed)
                    return tl::unexpected(removed.error());
                removed_here = removed_here || *removed;
            }
            return removed_here;
        };
        auto changed =
            update_table(text, options.config.default_database_type, dict_options(options), edit);
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
    // postmap and postalias list the first table given and stop: the others are not even
    // opened. Scripts see the same output and exit status here.
    if (tables.empty())
        return 0;
    const std::string& text = tables.front();
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
    // Closed (and its shared lock released) before the build locks its target, which may be
    // the same file (hash:x to btree:x both write x.db).
    source->reset();
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
            std::string key = options.fold_case ? folded(entry.key, utf8_active(options))
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
