// The write side of a buildable table type. The builder (table_build.hpp) hands a writer the
// (estimated) totals first, then every entry (duplicates already resolved) sorted by the
// writer's rank() and then by key, then calls finish(). Each writer chooses the order that is
// cheap for its format: Berkeley DB hash bucket order, key order for btree and lmdb. A writer
// that can find equal keys more cheaply itself (cdb, whose hash table groups them anyway) says
// so with takes_source_order(): it then gets the entries unsorted, in source order, and resolves
// duplicates in finish_source_order(). Keys and values arrive without storage conventions; the
// writer appends the NUL when it was created with `nul`. The file at `path` already exists
// (empty), created by the builder's atomic temporary file; the writer fills it and closes its
// own handles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "postmap/dict.hpp"
#include "util/result.hpp"

namespace mf::maps {

struct WriteStats {
    std::size_t entries = 0;
    std::size_t key_bytes = 0;
    std::size_t value_bytes = 0;
};

// The first eight key bytes as a big-endian number: sorting by it and then by key gives key
// order while most comparisons stay integer ones.
inline std::uint64_t key_prefix_rank(std::string_view key)
{
    std::uint64_t rank = 0;
    for (std::size_t i = 0; i < 8; ++i)
        rank = (rank << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    return rank;
}

// What a source-order writer does with equal keys: keep the first (warn_keep_first, ignore)
// or the last (replace) as postmap does, or every one (keep_all: cdb -w, tinycdb's
// CDB_PUT_ADD). `dropped` hears of each entry left out, with its source line and key.
struct DuplicateRules {
    DuplicatePolicy policy = DuplicatePolicy::warn_keep_first;
    bool keep_all = false;
    std::function<void(std::uint32_t line, std::string_view key)> dropped;
};

class TableWriter {
public:
    virtual ~TableWriter() = default;
    // `stats` may be an estimate made before the entries are read (more or fewer entries
    // must still work, perhaps less compactly).
    virtual Result<void> start(const WriteStats& stats) = 0;
    // The sort rank of a key (without storage conventions); called only after start().
    virtual std::uint64_t rank(std::string_view key) const = 0;
    virtual Result<void> add(std::string_view key, std::string_view value) = 0;
    // Stores the bytes exactly as given (no NUL), after every add(); any order.
    virtual Result<void> add_raw(std::string_view key, std::string_view value) = 0;
    virtual Result<void> finish() = 0;

    // Source-order writers: add_in_source_order() for every entry instead of rank() and add(),
    // then add_raw() as above, then finish_source_order() instead of finish(); it returns how
    // many entries were dropped as duplicates.
    virtual bool takes_source_order() const { return false; }
    virtual Result<void> add_in_source_order(std::string_view, std::string_view, std::uint32_t)
    {
        return fail("this table type takes its entries sorted");
    }
    virtual Result<std::size_t> finish_source_order(const DuplicateRules&)
    {
        return fail("this table type takes its entries sorted");
    }
};

} // namespace mf::maps
