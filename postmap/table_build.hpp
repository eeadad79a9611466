// PUBLIC API for building a table file: mf::maps::build_table(). Give it a table reference
// (type and path, as in "cdb:/etc/postfix/relay_clientcerts"), the entries, and BuildOptions;
// it folds keys, resolves duplicates as postmap does, writes the type's file into a temporary
// file beside the target, fsyncs and renames it over the target while holding an exclusive
// flock() on the old target (the lock real postmap takes), so readers only ever see the whole
// old or the whole new table and a failed build leaves the old table in place. Entries may be
// streamed (EntrySource): memory then stays bounded whatever the table's size.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "postmap/dict.hpp"
#include "postmap/table_entries.hpp"
#include "postmap/table_writer.hpp"
#include "util/result.hpp"

namespace mf::maps {

struct BuildOptions {
    bool fold_case = true;                   // postmap without -f
    bool utf8_fold = false;                  // smtputf8_enable = yes
    std::optional<bool> nul;                 // -N (true) / -n (false); default per type
    DuplicatePolicy duplicates = DuplicatePolicy::warn_keep_first; // -r / -w
    // Owner and mode (spec D.5). With a source file, a new table copies the source's group and
    // other read bits and, when run as root, the source's owner and group (unless
    // keep_root_owner, postmap -o). An existing table keeps its mode and owner, except a cdb
    // table, which postmap writes anew: it gets a new table's. Without a source, or with
    // plain_mode (-p), a new table is 0644.
    std::optional<std::string> source_path;
    bool keep_root_owner = false;
    bool plain_mode = false;
    // Records stored exactly as given, without folding or NUL, after the others (postalias's
    // YP_LAST_MODIFIED and YP_MASTER_NAME).
    std::vector<std::pair<std::string, std::string>> raw_records;
    // Non-fatal problems: (source line or 0, message), in line order.
    std::function<void(std::uint32_t line, const std::string& message)> on_warning;
    // Called now and then with the fraction of the work done (0..1).
    std::function<void(double done)> on_progress;
};

// Entries produced on demand: `produce` calls the sink once per entry in source order and
// returns an error only for what makes the build fail. `estimate` sizes the table before the
// entries are read (see TableWriter::start).
struct EntrySource {
    std::function<Result<void>(const EntrySink& sink)> produce;
    WriteStats estimate;
};

struct BuildReport {
    std::string file;             // the table file written, e.g. "/etc/postfix/virtual.db"
    std::size_t records = 0;      // records stored
    std::size_t duplicates = 0;   // entries dropped or replaced as duplicates
};

// `table` is "type:path" or "path" (then `default_type`); the file written is path plus the
// type's suffix (.db, .cdb, .lmdb).
Result<BuildReport> build_table(const std::string& table, const EntrySource& entries,
                                const BuildOptions& options,
                                const std::string& default_type = "hash");

Result<BuildReport> build_table(const std::string& table, const TableEntries& entries,
                                const BuildOptions& options,
                                const std::string& default_type = "hash");

// Convenience for callers that hold their entries in memory.
Result<BuildReport> build_table(const std::string& table,
                                const std::vector<std::pair<std::string, std::string>>& entries,
                                const BuildOptions& options,
                                const std::string& default_type = "hash");

} // namespace mf::maps
