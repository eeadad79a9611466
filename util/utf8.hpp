// UTF-8 validation, one definition for every part: mfcc's encoding check and its JSON/SARIF
// renderers (which must never emit invalid UTF-8, whatever bytes a configuration holds), and
// mfmap's UTF-8 mode (Postfix refuses keys that are not UTF-8). Well-formed means no overlong
// forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mf {

// The length of the valid UTF-8 sequence at text[i] (1 for ASCII), or 0 if it is invalid.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i)
{
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80)
        return 1;
    std::size_t length = 0;
    unsigned minimum = 0;
    if ((byte & 0xe0) == 0xc0) {
        length = 2;
        minimum = 0x80;
    }
    else if ((byte & 0xf0) == 0xe0) {
        length = 3;
        minimum = 0x800;
    }
    else if ((byte & 0xf8) == 0xf0) {
        length = 4;
        minimum = 0x10000;
    }
    else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    unsigned code_point = byte & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xc0) != 0x80)
            return 0;
        code_point = (code_point << 6) | (next & 0x3f);
    }
    if (code_point < minimum || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff))
        return 0;
    return length;
}

// The offset of the first invalid byte, or npos.
inline std::size_t first_invalid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0)
            return i;
        i += length;
    }
    return std::string_view::npos;
}

// True when the whole of `text` is well-formed UTF-8.
inline bool is_valid_utf8(std::string_view text)
{
    return first_invalid_utf8(text) == std::string_view::npos;
}

} // namespace mf
