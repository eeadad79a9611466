// The cdb hash of a key as a table stores it: tinycdb's cdb_hash() over the key, carried on over
// the trailing NUL when the table keeps Postfix's NUL-terminated keys, so neither the writer nor
// the reader's prefetch has to build a copy of the key with the NUL.
#pragma once

#include <cdb.h>

#include <cstdint>
#include <string_view>

namespace mf::maps {

inline std::uint32_t cdb_stored_key_hash(std::string_view key, bool nul)
{
    std::uint32_t h = cdb_hash(key.data(), static_cast<unsigned>(key.size()));
    return nul ? h * 33 : h; // one more step of h = (h * 33) ^ byte, for the NUL byte
}

} // namespace mf::maps
