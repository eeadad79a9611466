// See read_to_end.hpp.
#include "util/read_to_end.hpp"

#include <unistd.h>

#include <cerrno>

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

} // namespace mf
