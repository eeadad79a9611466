// The cdb hash of a key as a table stores it: tinycdb's cdb_hash() over the key, carried on over
// the trailing NUL when the table keeps Postfix's NUL-terminated keys, so neither the writer nor
// the reader's prefetch has to build a copy of the key with the NUL.
#pragma once

#include <cdb.h>

#include <cstdint>
#include <string_view>

namespace mf::maps {

// The hash of a key stored with its NUL from the hash of the key without it: one more step
// of h = (h * 33) ^ byte, for the NUL byte.
inline std::uint32_t cdb_stored_key_hash_with_nul(std::uint32_t without_nul)
{
    return without_nul * 33;
}

inline std::uint32_t cdb_stored_key_hash(std::string_view key, bool nul)
{
    std::uint32_t h = cdb_hash(key.data(), static_cast<unsigned>(key.size()));
    return nul ? cdb_stored_key_hash_with_nul(h) : h;
}

} // namespace mf::maps
