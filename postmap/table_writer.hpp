// The write side of a buildable table type. The builder (table_build.hpp) hands a writer the
// totals first, then every entry in increasing (rank(key), key) order with duplicates already
// resolved, then calls finish(). Each writer chooses its rank so that this order is the cheap
// one for its format: Berkeley DB hash bucket order, key order for btree and lmdb, the cdb hash
// for cdb. Keys and values arrive without storage conventions; the writer appends the NUL
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

class TableWriter {
public:
    virtual ~TableWriter() = default;
    virtual Result<void> start(const WriteStats& stats) = 0;
    virtual std::uint64_t rank(std::string_view key) const = 0;
    virtual Result<void> add(std::string_view key, std::string_view value) = 0;
    // Stores the bytes exactly as given (no NUL), after every add(); any order.
    virtual Result<void> add_raw(std::string_view key, std::string_view value) = 0;
    virtual Result<void> finish() = 0;
};

} // namespace mf::maps
