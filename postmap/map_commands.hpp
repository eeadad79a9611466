// What mfmap (and mfalias) do once the command line is parsed: build, query, dump, delete,
// incremental add, convert, verify. Each returns the process exit status as postmap's: 0
// success/found, 1 not found (queries, deletes), a difference (verify) or a fatal error, which
// is reported as "NAME: fatal: ...".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "postmap/dict.hpp"
#include "postmap/map_config.hpp"

namespace mf::maps {

struct CommandOptions {
    std::string program = "mfmap";  // prefix of every message
    bool aliases = false;            // postalias format and records
    MapConfig config;
    bool fold_case = true;           // not -f
    std::optional<bool> nul;         // -N / -n
    DuplicatePolicy duplicates = DuplicatePolicy::warn_keep_first;
    bool keep_root_owner = false;    // -o
    bool plain_mode = false;         // -p
    bool base64_files = false;       // -F
    bool utf8_disabled = false;      // -u: no UTF-8 folding or checks even with smtputf8
    bool force_utf8 = false;         // -U: keep UTF-8 folding and checks with -b/-h
    bool header_keys = false;        // -h
    bool body_keys = false;          // -b
    bool mime_keys = false;          // -m: MIME-aware -h/-b
    int verbose = 0;                 // -v, once per -v (or MAIL_VERBOSE)
};

// Postfix's UTF-8 mode for this run (dict_utf8): smtputf8_enable, not -u, and with -b/-h only
// when -U asks for it. When on, keys fold with Unicode case folding, source lines and query
// keys must be valid UTF-8, and so must the values a query returns.
bool utf8_active(const CommandOptions& options);

int run_build(const CommandOptions& options, const std::vector<std::string>& tables);
int run_incremental(const CommandOptions& options, const std::vector<std::string>& tables);
// key "-" reads keys (or, with -h/-b, a message) from stdin.
int run_query(const CommandOptions& options, const std::string& key,
              const std::vector<std::string>& tables);
int run_delete(const CommandOptions& options, const std::string& key,
               const std::vector<std::string>& tables);
// -s: lists the first table only, as postmap and postalias do.
int run_dump(const CommandOptions& options, const std::vector<std::string>& tables);
int run_convert(const CommandOptions& options, const std::string& from, const std::string& to);
int run_verify(const CommandOptions& options, const std::vector<std::string>& tables);

} // namespace mf::maps
