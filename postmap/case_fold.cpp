// See case_fold.hpp. The UTF-8 path decodes, maps with towlower_l in a C.UTF-8 locale object
// (created once; locale_t use is thread-safe), and re-encodes.
#include "postmap/case_fold.hpp"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

namespace mf::maps {

namespace {

// Decodes one code point at `text[i]`; returns its length, or 0 if the bytes are not UTF-8.
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& code)
{
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    unsigned char lead = byte(i);
    std::size_t length;
    char32_t minimum;
    if (lead < 0x80) {
        code = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, code = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
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

void encode_utf8(char32_t code, std::string& out)
{
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

locale_t utf8_locale()
{
    static const locale_t locale = [] {
        locale_t made = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
        return made ? made : newlocale(LC_CTYPE_MASK, "C", locale_t(0));
    }();
    return locale;
}

char32_t lower_code_point(char32_t code)
{
    if (code < 0x80)
        return (code >= 'A' && code <= 'Z') ? code + ('a' - 'A') : code;
    return static_cast<char32_t>(towlower_l(static_cast<wint_t>(code), utf8_locale()));
}

} // namespace

bool needs_folding(std::string_view key, bool utf8)
{
    for (std::size_t i = 0; i < key.size();) {
        unsigned char c = static_cast<unsigned char>(key[i]);
        if (c < 0x80 || !utf8) {
            if (c >= 'A' && c <= 'Z')
                return true;
            ++i;
            continue;
        }
        char32_t code;
        std::size_t length = decode_utf8(key, i, code);
        if (length == 0) {
            ++i;
            continue;
        }
        if (lower_code_point(code) != code)
            return true;
        i += length;
    }
    return false;
}

void append_folded(std::string_view key, bool utf8, std::string& out)
{
    out.reserve(out.size() + key.size());
    for (std::size_t i = 0; i < key.size();) {
        unsigned char c = static_cast<unsigned char>(key[i]);
        if (c < 0x80 || !utf8) {
            out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A'))
                                                 : static_cast<char>(c));
            ++i;
            continue;
        }
        char32_t code;
        std::size_t length = decode_utf8(key, i, code);
        if (length == 0) {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        encode_utf8(lower_code_point(code), out);
        i += length;
    }
}

bool is_valid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        char32_t code;
        std::size_t length = decode_utf8(text, i, code);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

} // namespace mf::maps
