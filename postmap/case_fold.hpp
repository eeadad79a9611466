// Key case folding, as Postfix applies it to fixed-key tables (hash, btree, cdb, lmdb,
// texthash, inline) on insert and on query (spec D.1, F.1). ASCII folding by default;
// with smtputf8_enable, UTF-8 aware lower-casing of every code point (Postfix uses ICU's full
// case folding; this uses the C library's simple lower-case mapping, which agrees on every
// letter that has a one-to-one lower case, i.e. everything but a few specials such as U+00DF).
// Invalid UTF-8 bytes are copied unchanged. Values are never folded.
#pragma once

#include <string>
#include <string_view>

namespace mf::maps {

// True when folding `key` would change it (so callers can skip a copy in the common case).
bool needs_folding(std::string_view key, bool utf8);

// Appends the folded form of `key` to `out`.
void append_folded(std::string_view key, bool utf8, std::string& out);

inline std::string folded(std::string_view key, bool utf8)
{
    std::string out;
    append_folded(key, utf8, out);
    return out;
}

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(std::string_view text);

} // namespace mf::maps
