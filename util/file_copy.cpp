// See file_copy.hpp. Each method is tried in turn and abandoned only for the errors that say
// "not supported here" (the file system, or the kernel, cannot do it); any other error is
// reported. A method that fails part-way leaves `to` truncated to nothing before the next.
#include "util/file_copy.hpp"

#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mf {

namespace {

bool not_supported(int error)
{
    return error == EOPNOTSUPP || error == ENOTTY || error == EXDEV || error == EINVAL ||
           error == ENOSYS || error == EPERM || error == ENOTSUP;
}

// Copies with `step(offset)` (which advances `offset`) until `size` bytes are done; returns
// errno on failure, 0 on success.
template <typename Step>
int copy_loop(off_t size, Step step)
{
    off_t offset = 0;
    while (offset < size) {
        ssize_t copied = step(offset);
        if (copied < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (copied == 0)
            return EIO; // the file shrank under us
    }
    return 0;
}

} // namespace

Result<CopyMethod> copy_file_contents(int from, int to, off_t size, const std::string& name)
{
    auto failed = [&name](int error) {
        return fail("copy " + name + ": " + std::strerror(error));
    };
    if (::ioctl(to, FICLONE, from) == 0) {
        if (::ftruncate(to, size) != 0)
            return failed(errno);
        return CopyMethod::reflink;
    }
    if (!not_supported(errno))
        return failed(errno);

    int error = copy_loop(size, [&](off_t& offset) {
        off64_t in = offset, out = offset;
        ssize_t copied = ::copy_file_range(from, &in, to, &out,
                                           static_cast<std::size_t>(size - offset), 0);
        if (copied > 0)
            offset += copied;
        return copied;
    });
    if (error == 0)
        return CopyMethod::copy_file_range;
    if (!not_supported(error))
        return failed(error);
    if (::ftruncate(to, 0) != 0)
        return failed(errno);

    error = copy_loop(size, [&](off_t& offset) {
        if (::lseek(to, offset, SEEK_SET) < 0)
            return ssize_t(-1);
        return ::sendfile(to, from, &offset, static_cast<std::size_t>(size - offset));
    });
    if (error != 0)
        return failed(error);
    return CopyMethod::sendfile;
}

} // namespace mf
