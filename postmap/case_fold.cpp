// See case_fold.hpp. The Unicode path hands the key to ICU's ucasemap_utf8FoldCase with the
// options Postfix uses (locale "en_US", U_FOLD_CASE_DEFAULT), writing straight into the
// output string. The UCaseMap is created once; ICU documents folding through a const UCaseMap
// as thread-safe, so concurrent lookups share it.
#include "postmap/case_fold.hpp"

#include <unicode/ucasemap.h>

#include <climits>
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
    for (unsigned char c : key)
        if ((c >= 'A' && c <= 'Z') || (utf8 && c >= 0x80))
            return true;
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
