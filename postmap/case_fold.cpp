// See case_fold.hpp. The Unicode path hands the key to ICU's ucasemap_utf8FoldCase with the
// options Postfix uses (locale "en_US", U_FOLD_CASE_DEFAULT), writing straight into the
// output string. The UCaseMap is created once; ICU documents folding through a const UCaseMap
// as thread-safe, so concurrent lookups share it.
#include "postmap/case_fold.hpp"

#include <unicode/ucasemap.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace mf::maps {

namespace {

bool is_ascii(std::string_view text)
{
    for (unsigned char c : text)
        if (c >= 0x80)
            return false;
    return true;
}

void append_ascii_folded(std::string_view key, std::string& out)
{
    std::size_t at = out.size();
    out.append(key);
    for (std::size_t i = at; i < out.size(); ++i)
        if (out[i] >= 'A' && out[i] <= 'Z')
            out[i] = static_cast<char>(out[i] + ('a' - 'A'));
}

const UCaseMap* case_map()
{
    static const UCaseMap* map = [] {
        UErrorCode error = U_ZERO_ERROR;
        UCaseMap* made = ucasemap_open("en_US", U_FOLD_CASE_DEFAULT, &error);
        // ICU's data is linked into libicudata; failing here means a broken installation.
        if (U_FAILURE(error) || made == nullptr)
            throw std::runtime_error(std::string("ucasemap_open: ") + u_errorName(error));
        return made;
    }();
    return map;
}

} // namespace

bool needs_folding(std::string_view key, bool utf8)
{
    // Eight bytes at a time (every key of a bulk query passes here): with the top bits
    // cleared no byte carries into the next, so adding 0x80 - 'A' sets a byte's top bit when
    // it is 'A' or above, and adding 0x80 - ('Z' + 1) when it is above 'Z'.
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t tops = 0x80 * ones;
    const char* at = key.data();
    std::size_t left = key.size();
    for (; left >= 8; at += 8, left -= 8) {
        std::uint64_t word;
        std::memcpy(&word, at, 8);
        if (utf8 && (word & tops) != 0)
            return true;
        std::uint64_t low = word & ~tops;
        if (((low + (0x80 - 'A') * ones) & ~(low + (0x80 - 'Z' - 1) * ones) & ~word & tops) != 0)
            return true;
    }
    for (; left > 0; ++at, --left) {
        auto c = static_cast<unsigned char>(*at);
        if ((c >= 'A' && c <= 'Z') || (utf8 && c >= 0x80))
            return true;
    }
    return false;
}

void append_folded(std::string_view key, bool utf8, std::string& out)
{
    if (!utf8 || is_ascii(key) || key.size() > INT_MAX / 4) {
        append_ascii_folded(key, out);
        return;
    }
    std::size_t at = out.size();
    // Full folding grows a key by at most three times (one code point to three).
    std::size_t capacity = key.size() * 3 + 4;
    for (int attempt = 0; attempt < 2; ++attempt) {
        out.resize(at + capacity);
        UErrorCode error = U_ZERO_ERROR;
        int32_t length = ucasemap_utf8FoldCase(case_map(), out.data() + at,
                                               static_cast<int32_t>(capacity), key.data(),
                                               static_cast<int32_t>(key.size()), &error);
        if (U_SUCCESS(error)) {
            out.resize(at + static_cast<std::size_t>(length));
            return;
        }
        if (error != U_BUFFER_OVERFLOW_ERROR)
            break;
        capacity = static_cast<std::size_t>(length);
    }
    out.resize(at);
    append_ascii_folded(key, out);
}

} // namespace mf::maps
