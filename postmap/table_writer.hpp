// The write side of a buildable table type. The builder (table_build.hpp) hands a writer the
// (estimated) totals first, then every entry (duplicates already resolved) sorted by the
// writer's rank() and then by key, then calls finish(). Each writer chooses the order that is
// cheap for its format: Berkeley DB hash bucket order, key order for btree and lmdb, hash-table
// order for cdb. Keys and values arrive without storage conventions; the writer appends the NUL
// when it was created with `nul`. The file at `path` already exists (empty), created by the
// builder's atomic temporary file; the writer fills it and closes its own handles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

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
};

} // namespace mf::maps
