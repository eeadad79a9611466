// Reads a postmap(1) source (spec D.1) into TableEntries, with postmap's decisions: lines that
// cannot be entries are reported and skipped, never fatal. Checks beyond the grammar live here:
// NUL bytes, UTF-8 validity when smtputf8 is on, a key that looks like an alias entry.
// Entries go to a sink (views valid during the call only) or are copied into TableEntries.
// `first_line` numbers the first line of `text`, for sources read in pieces (source_chunks.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "postmap/table_entries.hpp"

namespace mf::maps {

struct MapSourceOptions {
    bool require_utf8 = false; // smtputf8_enable = yes (postmap without -U)
};

// Receives each line the reader skips or doubts, with Postfix's words; never empty (a caller
// that does not report them passes a function that ignores them).
using SourceWarning = std::function<void(std::uint32_t line, const std::string& message)>;

void read_map_source(std::string_view text, const MapSourceOptions& options,
                     const EntrySink& sink, const SourceWarning& warn,
                     std::uint32_t first_line = 1);
void read_map_source(std::string_view text, const MapSourceOptions& options,
                     TableEntries& entries, const SourceWarning& warn);

// How a line is shown inside a message: at most 100 bytes, control bytes as '?'.
std::string quote_for_message(std::string_view text);

// The byte-level screening every source line gets before its grammar (postmap and postalias
// alike): a NUL byte, or invalid UTF-8 when smtputf8 is on, skips the line with a warning.
bool source_line_is_usable(std::string_view content, std::uint32_t line,
                           const MapSourceOptions& options, const SourceWarning& warn);

} // namespace mf::maps
