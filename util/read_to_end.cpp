// See read_to_end.hpp.
#include "util/read_to_end.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/unique_fd.hpp"

namespace mf {

int read_to_end(int fd, std::string& out, std::size_t limit)
{
    char buffer[65536];
    for (;;) {
        ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (got == 0)
            return 0;
        if (static_cast<std::size_t>(got) > limit - out.size())
            return EFBIG;
        out.append(buffer, static_cast<std::size_t>(got));
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
        content.reserve(static_cast<std::size_t>(status.st_size));
    if (int error = read_to_end(fd.get(), content, limit); error == EFBIG)
        return fail(path + ": larger than " + std::to_string(limit) + " bytes");
    else if (error != 0)
        return fail(path + ": " + std::strerror(error));
    return content;
}

} // namespace mf
