// Whether text is a message header line as Postfix's is_header() accepts it ("Name: value"): a
// name of printable ASCII other than ':', optional blanks, a colon. PREPEND and REPLACE actions
// need one where they act on headers.
#pragma once

#include <string_view>

namespace mf::compiler {

inline bool is_header_text(std::string_view text)
{
    std::size_t at = 0;
    while (at < text.size() && text[at] > ' ' && text[at] < 0x7f && text[at] != ':')
        ++at;
    if (at == 0)
        return false;
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t'))
        ++at;
    return at < text.size() && text[at] == ':';
}

} // namespace mf::compiler
