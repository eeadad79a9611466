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

// Decodes one code point at `text[i]`; returns its length, or 0 if the bytes are not UTF-8.
std::size_t utf8_length_at(std::string_view text, std::size_t i)
{
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    unsigned char lead = byte(i);
    std::size_t length;
    char32_t code, minimum;
    if (lead < 0x80)
        return 1;
    if ((lead & 0xE0) == 0xC0)
        length = 2, code = lead & 0x1F, minimum = 0x80;
    else if ((lead & 0xF0) == 0xE0)
        length = 3, code = lead & 0x0F, minimum = 0x800;
    else if ((lead & 0xF8) == 0xF0)
        length = 4, code = lead & 0x07, minimum = 0x10000;
    else
        return 0;
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
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

bool is_valid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = utf8_length_at(text, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

} // namespace mf::maps
