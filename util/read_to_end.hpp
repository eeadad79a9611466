// Reading an open file descriptor to its end into a string: the one loop every reader of whole
// files uses (TLS files, PEM bundles, a table source that cannot be mapped), retrying EINTR and
// refusing content past a size guard, so that naming a device or a huge file by mistake is an
// error rather than unbounded memory. Readers use these rather than iostreams: the first file
// stream of a process builds the whole classic locale (every facet, char and wchar_t), which
// costs a short-lived command such as mfcc more than the file it reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/result.hpp"

namespace mf {

// Appends what `fd` holds up to its end to `out`. Returns 0, an errno value from read(2), or
// EFBIG once `out` would hold more than `limit` bytes.
int read_to_end(int fd, std::string& out, std::size_t limit = SIZE_MAX);

// Reads a whole file, at most `limit` bytes. Failures name the file: "PATH: reason".
Result<std::string> read_file(const std::string& path, std::size_t limit = 16 * 1024 * 1024);

} // namespace mf
