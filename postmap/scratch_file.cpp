// See scratch_file.hpp. O_TMPFILE where the file system has it, else a named temporary that is
// unlinked at once.
#include "postmap/scratch_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace mf::maps {

Result<UniqueFd> open_scratch_file(const std::string& directory)
{
    UniqueFd fd(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (fd)
        return fd;
    std::string pattern = directory + "/.mfmap-scratch.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd = UniqueFd(::mkostemp(name.data(), O_CLOEXEC));
    if (!fd)
        return fail("create scratch file in " + directory + ": " + std::strerror(errno));
    ::unlink(name.data());
    return fd;
}

Result<void> write_all_at(int fd, const char* data, std::size_t size, std::uint64_t offset)
{
    while (size > 0) {
        ssize_t wrote = ::pwrite(fd, data, size, static_cast<off_t>(offset));
        if (wrote < 0) {
            if (errno == EINTR)
                continue;
            return fail(std::strerror(errno));
        }
        data += wrote;
        size -= static_cast<std::size_t>(wrote);
        offset += static_cast<std::uint64_t>(wrote);
    }
    return {};
}

Result<std::size_t> read_at(int fd, char* data, std::size_t size, std::uint64_t offset)
{
    std::size_t done = 0;
    while (done < size) {
        ssize_t got = ::pread(fd, data + done, size - done, static_cast<off_t>(offset + done));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return fail(std::strerror(errno));
        }
        if (got == 0)
            break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

} // namespace mf::maps
