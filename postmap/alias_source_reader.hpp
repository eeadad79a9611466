// Reads an aliases(5) source as postalias does (spec D.4) into a sink or TableEntries: the name before
// the first ':' in internal (unquoted) form, the value re-serialised in external form with
// normalised spacing ("a,\n  b" -> "a, b"); lines without a usable "name: value" are reported
// and skipped; names with '@' or '%' are rejected as not local.
#pragma once

#include <string>
#include <string_view>

#include "postmap/map_source_reader.hpp"
#include "postmap/table_entries.hpp"

namespace mf::maps {

void read_alias_source(std::string_view text, const MapSourceOptions& options,
                       const EntrySink& sink, const SourceWarning& warn,
                       std::uint32_t first_line = 1);
void read_alias_source(std::string_view text, const MapSourceOptions& options,
                       TableEntries& entries, const SourceWarning& warn);

} // namespace mf::maps
