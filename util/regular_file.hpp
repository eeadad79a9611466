// Whether a path names a regular file. Checks that read files a configuration names (table
// sources, pattern tables) read only regular files: a FIFO would block the open, /dev/zero
// would never end, and neither is something to lint.
#pragma once

#include <sys/stat.h>

#include <string>

namespace mf {

inline bool is_regular_file(const std::string& path)
{
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

} // namespace mf
