// Cutting a text held in memory into lines as std::getline would: at '\n' only (a '\r' stays in
// the line), a last line without '\n' still counts, nothing follows a final '\n'.
#pragma once

#include <string_view>

namespace mf {

// Removes the first line of `text` (with its '\n') and returns it (without).
inline std::string_view take_line(std::string_view& text)
{
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    return line;
}

} // namespace mf
