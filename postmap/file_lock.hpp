// flock() helpers. Postfix serialises table writers with an exclusive flock() on the table
// file and makes readers take a shared one around each lookup (spec D.5); these RAII guards do
// the same so that mfmap and real postmap never interleave on one file.
#pragma once

#include <sys/file.h>

#include <cerrno>

namespace mf::maps {

// Holds a flock() on `fd` (not owned) until destroyed.
class FlockGuard {
public:
    FlockGuard(int fd, int operation) : fd_(fd)
    {
        while (::flock(fd_, operation) != 0) {
            if (errno != EINTR) {
                fd_ = -1;
                return;
            }
        }
    }
    FlockGuard(const FlockGuard&) = delete;
    FlockGuard& operator=(const FlockGuard&) = delete;
    ~FlockGuard()
    {
        if (fd_ >= 0)
            ::flock(fd_, LOCK_UN);
    }
    bool locked() const { return fd_ >= 0; }

private:
    int fd_;
};

} // namespace mf::maps
