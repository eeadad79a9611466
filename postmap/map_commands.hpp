// What mfmap (and mfalias) do once the command line is parsed: build, query, dump, delete,
// incremental add, convert, verify. Each returns the process exit status: 0 success/found,
// 1 not found (queries, deletes) or a difference (verify); fatal errors are reported as
// "NAME: fatal: ..." and give exit status 2.
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
    bool require_utf8 = true;        // not -U (only matters when smtputf8 is on)
    bool header_keys = false;        // -h
    bool body_keys = false;          // -b
    bool verbose = false;            // -v
};

int run_build(const CommandOptions& options, const std::vector<std::string>& tables);
int run_incremental(const CommandOptions& options, const std::vector<std::string>& tables);
// key "-" reads keys (or, with -h/-b, a message) from stdin.
int run_query(const CommandOptions& options, const std::string& key,
              const std::vector<std::string>& tables);
int run_delete(const CommandOptions& options, const std::string& key,
               const std::vector<std::string>& tables);
int run_dump(const CommandOptions& options, const std::vector<std::string>& tables);
int run_convert(const CommandOptions& options, const std::string& from, const std::string& to);
int run_verify(const CommandOptions& options, const std::vector<std::string>& tables);

} // namespace mf::maps
