// See map_source_reader.hpp.
#include "postmap/map_source_reader.hpp"

#include <algorithm>
#include <cstring>

#include "grammar/logical_lines.hpp"
#include "grammar/map_source.hpp"
#include "util/utf8.hpp"

namespace mf::maps {

std::string quote_for_message(std::string_view text)
{
    std::string out;
    std::size_t limit = std::min<std::size_t>(text.size(), 100);
    for (std::size_t i = 0; i < limit; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        out.push_back(c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c));
    }
    if (text.size() > limit)
        out += "...";
    return out;
}

bool source_line_is_usable(std::string_view content, std::uint32_t line,
                           const MapSourceOptions& options, const SourceWarning& warn)
{
    if (std::memchr(content.data(), '\0', content.size()) != nullptr) {
        warn(line, "NUL byte in \"" + quote_for_message(content) + "\" -- ignoring this line");
        return false;
    }
    if (options.require_utf8 && !is_valid_utf8(content)) {
        warn(line, "non-UTF-8 input \"" + quote_for_message(content) + "\" -- ignoring this line");
        return false;
    }
    return true;
}

void read_map_source(std::string_view text, const MapSourceOptions& options,
                     const EntrySink& sink, const SourceWarning& warn, std::uint32_t first_line)
{
    auto on_line = [&](const grammar::LogicalLine& line) {
        auto number = static_cast<std::uint32_t>(line.start().line) + first_line - 1;
        std::string_view content = line.text;
        if (!source_line_is_usable(content, number, options, warn))
            return;
        grammar::MapSourceLine parsed = grammar::parse_map_source_line(content);
        if (parsed.unclosed_quote) {
            warn(number, "unbalanced '\"' in '" + quote_for_message(content) +
                             "' -- ignoring this line");
            return;
        }
        if (parsed.key.empty() || parsed.value.empty()) {
            warn(number, "expected format: key whitespace value -- ignoring this line");
            return;
        }
        if (parsed.key.back() == ':')
            warn(number, "record is in \"key: value\" format; is this an alias file?");
        sink(parsed.key, parsed.value, number);
    };
    auto on_warning = [&](grammar::Position position, std::string_view message) {
        warn(static_cast<std::uint32_t>(position.line) + first_line - 1, std::string(message));
    };
    grammar::read_logical_lines(text, on_line, on_warning);
}

void read_map_source(std::string_view text, const MapSourceOptions& options,
                     TableEntries& entries, const SourceWarning& warn)
{
    read_map_source(
        text, options,
        [&](std::string_view key, std::string_view value, std::uint32_t line) {
            entries.add(key, value, line);
        },
        warn);
}

} // namespace mf::maps
