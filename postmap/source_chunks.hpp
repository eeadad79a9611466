// Reading a table source file in bounded pieces: each piece is a run of whole logical lines
// (it ends just before a line that starts in column 0 and is not a comment or blank, which
// always begins a new logical line), so a line-oriented reader given one piece at a time sees
// exactly what it would see in the whole file. Memory stays at about one megabyte whatever
// the file's size; a single logical line longer than that grows the buffer to hold it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "postmap/table_writer.hpp"
#include "util/result.hpp"

namespace mf::maps {

// `text` is valid during the call only; `first_line` is the line number of its first line.
using SourceChunkHandler = std::function<Result<void>(std::string_view text, std::uint32_t first_line)>;

// "-" reads standard input.
Result<void> read_source_chunks(const std::string& path, const SourceChunkHandler& each);

// What a build from `path` will hold, estimated from its size and its first lines, so a
// writer can size its table before reading the entries (WriteStats for TableWriter::start).
WriteStats estimate_source_stats(const std::string& path);

} // namespace mf::maps
