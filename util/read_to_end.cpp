// See read_to_end.hpp.
#include "util/read_to_end.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/unique_fd.hpp"

namespace mf {

int read_to_end(int fd, std::string& out, std::size_t limit)
{
    // Straight into the string's own storage, grown as it fills: a buffer on the stack would
    // fault in fresh stack pages (tens of microseconds each on a virtual machine) at every
    // start of mfcc. The storage reaches at most one byte past `limit`, enough to see that
    // there is more.
    std::size_t used = out.size();
    const auto finish = [&](int status) {
        out.resize(used);
        return status;
    };
    for (;;) {
        if (used == out.size()) {
            const std::size_t most = limit == SIZE_MAX ? limit : limit + 1;
            out.resize(std::min(most, std::max(out.capacity(),
                                               used + std::max<std::size_t>(used, 16384))));
        }
        ssize_t got = ::read(fd, out.data() + used, out.size() - used);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return finish(errno);
        }
        if (got == 0)
            return finish(0);
        if (static_cast<std::size_t>(got) > limit - used)
            return finish(EFBIG);
        used += static_cast<std::size_t>(got);
    }
}

Result<std::string> read_file(const std::string& path, std::size_t limit)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return fail(path + ": " + std::strerror(errno));
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0)
        return fail(path + ": " + std::strerror(errno));
    if (S_ISDIR(status.st_mode))
        return fail(path + ": is a directory");
    std::string content;
    if (S_ISREG(status.st_mode) && static_cast<std::size_t>(status.st_size) <= limit)
        content.reserve(static_cast<std::size_t>(status.st_size) + 1); // + 1: room to see the end
    if (int error = read_to_end(fd.get(), content, limit); error == EFBIG)
        return fail(path + ": larger than " + std::to_string(limit) + " bytes");
    else if (error != 0)
        return fail(path + ": " + std::strerror(error));
    return content;
}

} // namespace mf
