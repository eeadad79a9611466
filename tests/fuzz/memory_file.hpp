// For the fuzz targets whose code under test reads a file: the input as an anonymous in-memory
// file (memfd), so that nothing touches the disk and each run starts from a fresh file.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "util/unique_fd.hpp"

namespace mf::fuzz {

// A memfd holding `data`; empty (no descriptor) when it cannot be made or filled.
inline UniqueFd memory_file(const char* name, const std::uint8_t* data, std::size_t size)
{
    UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
    if (!fd)
        return fd;
    std::size_t written = 0;
    while (written < size) {
        ssize_t got = ::write(fd.get(), data + written, size - written);
        if (got <= 0)
            return UniqueFd();
        written += static_cast<std::size_t>(got);
    }
    return fd;
}

} // namespace mf::fuzz
