// Base64 (RFC 4648, with padding) for mfmap -F: values built from file contents are stored
// encoded and decoded again when queried or listed, as postmap -F does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mf::maps {

std::string base64_encode(std::string_view bytes);
// std::nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace mf::maps
