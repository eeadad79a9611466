// Copying one open file's contents into another as cheaply as the file system allows: a
// reflink (FICLONE: the copy shares the original's blocks until either is written, so it
// costs no data I/O, on btrfs, XFS and other file systems that support it), else
// copy_file_range(2) (an in-kernel copy; some file systems and NFS 4.2 turn it into a
// server-side or block-sharing copy), else sendfile(2). Both files must be regular files;
// `to` must be empty and is left holding exactly `from`'s first `size` bytes.
#pragma once

#include <sys/types.h>

#include <string>

#include "util/result.hpp"

namespace mf {

enum class CopyMethod { reflink, copy_file_range, sendfile };

// `name` is used in messages. Returns how the copy was made.
Result<CopyMethod> copy_file_contents(int from, int to, off_t size, const std::string& name);

} // namespace mf
