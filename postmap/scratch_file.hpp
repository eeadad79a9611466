// Anonymous scratch files for data that does not fit in a build's memory budget (sorted runs,
// cdb hash-table spools). The file lives in the given directory (the table's, so it is on a
// file system with room for the table) and has no name: it disappears when closed, even if the
// process is killed, so a failed build leaves nothing behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

Result<UniqueFd> open_scratch_file(const std::string& directory);

// Writes all of `size` bytes at `offset`, retrying short writes.
Result<void> write_all_at(int fd, const char* data, std::size_t size, std::uint64_t offset);

// Reads up to `size` bytes at `offset`; returns how many were read (fewer only at end of file).
Result<std::size_t> read_at(int fd, char* data, std::size_t size, std::uint64_t offset);

} // namespace mf::maps
