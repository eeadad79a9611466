// A table that follows its file: when the file behind it has been replaced (another inode,
// size or modification time), the next lookup after the check interval opens the new file
// and swaps it in. Lookups already running finish on the table they started with, which
// stays alive through its shared_ptr; new lookups see the new table. If the new file cannot
// be opened (half-way through a real postmap rewrite, say) the old table keeps answering and
// the reopen is retried at the next check.
// Locking: one mutex guards only the shared_ptr copy and the file identity; the lookup itself
// runs outside it, on a Dict that is safe for concurrent lookups (dict.hpp).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "postmap/dict.hpp"
#include "postmap/registry.hpp"

namespace mf::maps {

class ReloadingTable {
public:
    // `check_interval` bounds how often the file is stat()ed; zero checks on every lookup.
    static Result<std::unique_ptr<ReloadingTable>> open(
        const std::string& table, const DictOptions& options,
        std::chrono::milliseconds check_interval = std::chrono::milliseconds(1000));

    LookupResult lookup(std::string_view key) const;

    // The table in use now; it stays valid for as long as the caller holds it.
    std::shared_ptr<const Dict> current() const;

    // How many times a replaced file was picked up.
    unsigned reloads() const { return reloads_.load(); }

    struct FileIdentity {
        dev_t device = 0;
        ino_t inode = 0;
        off_t size = 0;
        long long mtime_ns = 0;
        bool operator==(const FileIdentity&) const = default;
    };

private:
    ReloadingTable(TableRef table, DictOptions options, std::string file,
                   std::chrono::milliseconds interval);
    void check_for_replacement() const;

    TableRef table_;
    DictOptions options_;
    std::string file_;  // empty for tables without a file (inline:, static:)
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const Dict> dict_;
    mutable FileIdentity identity_;
    mutable std::atomic<long long> next_check_ns_{0};
    mutable std::atomic<unsigned> reloads_{0};
};

} // namespace mf::maps
