// Key case folding, as Postfix applies it to fixed-key tables (hash, btree, cdb, lmdb,
// texthash, inline) on insert and on query (spec D.1, F.1). Without smtputf8 (or with
// postmap -u) only ASCII letters are folded. With smtputf8, a key holding any non-ASCII byte
// gets ICU's full Unicode case folding (CaseFolding.txt C+F, default mappings: "Straße" ->
// "strasse", U+0130 -> "i\u0307", final sigma -> σ), exactly what Postfix's casefold() asks ICU
// for; all-ASCII keys take the ASCII path in both modes. Values are never folded.
#pragma once

#include <string>
#include <string_view>

namespace mf::maps {

// True when folding `key` may change it (so callers can skip a copy in the common case):
// an ASCII upper-case letter, or, with `utf8`, any non-ASCII byte.
bool needs_folding(std::string_view key, bool utf8);

// Appends the folded form of `key` to `out`. Bytes that are not UTF-8 are copied unchanged
// (ICU's behaviour; Postfix refuses such keys before folding them, see mf::is_valid_utf8 in util/utf8.hpp).
void append_folded(std::string_view key, bool utf8, std::string& out);

inline std::string folded(std::string_view key, bool utf8)
{
    std::string out;
    append_folded(key, utf8, out);
    return out;
}

} // namespace mf::maps
