// Writing a cdb table (spec D.3; the layout tinycdb's cdb_make writes and postfix-cdb reads):
// the 2048-byte header of 256 (position, length) pairs, the records, then the 256 slot tables
// in order right after the records (readers take the first table's position as the end of the
// records). The writer takes its entries in source order (TableWriter::takes_source_order):
// records go to the file as they come, and only each record's (hash, position, line) is kept,
// spooled per slot table, so memory stays small whatever the number of records and the records
// are never sorted or copied through scratch files.
#pragma once

#include <memory>
#include <string>

#include "postmap/table_writer.hpp"

namespace mf::maps {

std::unique_ptr<TableWriter> make_cdb_writer(std::string path, bool nul);

} // namespace mf::maps
