// The table interface every backend implements, after Postfix's dict: lookup, update, remove,
// sequence. A Dict is opened by the registry (registry.hpp) and closed by its destructor.
// Thread safety: lookup() and sequence() may be called from many threads at once on one Dict;
// update() and remove() are for the single-threaded mfmap -i/-d path and must not run
// concurrently with anything else on the same Dict. Each backend documents how it achieves this.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "postmap/case_fold.hpp"
#include "postmap/lookup_result.hpp"
#include "util/result.hpp"

namespace mf::maps {

// How keys and values are stored. `nul` says whether key and value carry a trailing NUL byte;
// `probe` lets a reader try both conventions and lock in the first that finds something, as
// Postfix's readers do (spec D.3).
enum class NulMode { probe, with_nul, without_nul };

// What to do when a key is added twice (postmap's default, -r, -w).
enum class DuplicatePolicy { warn_keep_first, replace, ignore };

struct DictOptions {
    bool fold_case = true;     // fold keys to lower case on insert and on query (not -f)
    bool utf8_fold = false;    // smtputf8_enable: fold with UTF-8 awareness
    NulMode nul = NulMode::probe;
    // Take a shared flock() on the file around each lookup, as Postfix readers do, so that a
    // real postmap rewriting the file in place is never observed half-way. mfmap's commands
    // hold one shared lock for the whole run instead (hold_lock).
    bool lock_per_lookup = true;
    // Take that shared lock before the file is opened and keep it until the table is closed
    // (file-backed tables opened for lookups; see locked_dict.hpp). Implies no per-lookup lock.
    bool hold_lock = false;
    // Postfix's smtputf8 lookup policy (utf8_checked_dict.hpp): keys that are not UTF-8 are
    // not found (reported through on_lookup_warning), values that are not UTF-8 are
    // configuration errors. For the runtime; mfmap's commands apply the policy themselves,
    // with postmap's messages.
    bool require_utf8 = false;
    std::function<void(const std::string& message)> on_lookup_warning;
    // Lookups may come from several threads at once (the server). mfmap's queries run in one
    // thread and turn this off, which spares Berkeley DB's per-page mutexes.
    bool concurrent_lookups = true;
    // Problems found while opening tables that are read from text (regexp, pcre, texthash):
    // (line, message) for each line that was skipped.
    std::function<void(std::size_t line, const std::string& message)> on_warning;
};

// The key a fixed-string table looks up: folded into `buffer` when the table folds case
// (spec F.1) and folding changes it, else `key` itself (no copy for the common key).
inline std::string_view query_key(std::string_view key, const DictOptions& options,
                                  std::string& buffer)
{
    if (!options.fold_case || !needs_folding(key, options.utf8_fold))
        return key;
    append_folded(key, options.utf8_fold, buffer);
    return buffer;
}

enum class UpdateOutcome { stored, replaced, kept_existing };

class Dict {
public:
    virtual ~Dict() = default;

    // Looks up `key` exactly as given (folding is applied here when the table folds keys).
    virtual LookupResult lookup(std::string_view key) const = 0;

    // One answer of lookup_batch(): what lookup() returns for the key, with the value (found)
    // or the reason (errors) as a view valid only during the visitor's call.
    struct BatchAnswer {
        LookupStatus status;
        std::string_view text;
    };
    using BatchVisitor = std::function<bool(std::size_t index, const BatchAnswer& answer)>;

    // Looks up `keys` one after the other exactly as lookup() would (the same answers, in the
    // same order), calling `each` with each key's index and answer; stops when `each` returns
    // false. For bulk queries: a backend may share work across the batch (fetch what the
    // lookups will read before reading it, so that the memory accesses of many keys overlap;
    // answer with views instead of a string per value). The default calls lookup() per key.
    virtual void lookup_batch(std::span<const std::string_view> keys,
                              const BatchVisitor& each) const;

    // Adds or replaces an entry; only writable tables (opened for update) support it.
    virtual Result<UpdateOutcome> update(std::string_view key, std::string_view value,
                                         DuplicatePolicy policy);
    // Removes `key`; returns false when it was absent.
    virtual Result<bool> remove(std::string_view key);
    // Makes update()/remove() durable in the file; a no-op for read-only tables.
    virtual Result<void> commit();

    // Calls `each(key, value)` for every entry in the table's own order, without the
    // storage conventions (no trailing NUL). Stops early when `each` returns false.
    using EntryVisitor = std::function<bool(std::string_view key, std::string_view value)>;
    virtual Result<void> sequence(const EntryVisitor& each) const = 0;

    // "hash:/etc/postfix/virtual" as given to the registry.
    const std::string& name() const { return name_; }

protected:
    explicit Dict(std::string name) : name_(std::move(name)) {}

private:
    std::string name_;
};

} // namespace mf::maps
