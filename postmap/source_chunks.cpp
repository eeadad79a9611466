// See source_chunks.hpp.
#include "postmap/source_chunks.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

constexpr std::size_t chunk_size = 1u << 20;

// Where the last complete logical line in `text` ends: after the last '\n' that is followed
// by a byte that starts a new logical line; 0 when there is none.
std::size_t last_boundary(std::string_view text)
{
    for (std::size_t end = text.size(); end > 1;) {
        std::size_t newline = text.rfind('\n', end - 2);
        if (newline == std::string_view::npos)
            return 0;
        char next = text[newline + 1];
        if (std::strchr(" \t\r\v\f#\n", next) == nullptr)
            return newline + 1;
        end = newline + 1;
    }
    return 0;
}

std::uint32_t count_lines(std::string_view text)
{
    std::uint32_t lines = 0;
    const char* at = text.data();
    const char* end = at + text.size();
    while ((at = static_cast<const char*>(std::memchr(at, '\n', end - at))) != nullptr) {
        ++lines;
        ++at;
    }
    return lines;
}

} // namespace

Result<void> read_source_chunks(const std::string& path, const SourceChunkHandler& each)
{
    UniqueFd owned;
    int fd = 0;
    if (path != "-") {
        owned = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!owned)
            return fail("open " + path + ": " + std::strerror(errno));
        fd = owned.get();
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    // A small file needs no more than its size (plus one byte to see the end of file).
    std::size_t size = chunk_size;
    struct stat info;
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode))
        size = std::min<std::size_t>(size, static_cast<std::size_t>(info.st_size) + 1);
    std::vector<char> buffer(size);
    std::size_t filled = 0;
    std::uint32_t line = 1;
    for (;;) {
        if (filled == buffer.size())
            buffer.resize(buffer.size() * 2); // one logical line fills the whole buffer
        ssize_t got = ::read(fd, buffer.data() + filled, buffer.size() - filled);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return fail("read " + path + ": " + std::strerror(errno));
        }
        filled += static_cast<std::size_t>(got);
        std::string_view text(buffer.data(), filled);
        std::size_t end = got == 0 ? filled : last_boundary(text);
        if (end == 0 && got != 0)
            continue;
        std::string_view piece = text.substr(0, end);
        if (!piece.empty())
            if (auto handled = each(piece, line); !handled)
                return handled;
        if (got == 0)
            return {};
        line += count_lines(piece);
        std::memmove(buffer.data(), buffer.data() + end, filled - end);
        filled -= end;
    }
}

WriteStats estimate_source_stats(const std::string& path)
{
    WriteStats stats;
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat info;
    if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size == 0)
        return stats;
    std::vector<char> sample(256u << 10);
    ssize_t got = ::pread(fd.get(), sample.data(), sample.size(), 0);
    if (got <= 0)
        return stats;
    auto size = static_cast<std::size_t>(info.st_size);
    std::size_t lines = std::max<std::size_t>(
        1, count_lines({sample.data(), static_cast<std::size_t>(got)}));
    // Every line an entry, scaled from the sample to the whole file; each line's newline and
    // separator are not stored.
    stats.entries = static_cast<std::size_t>(static_cast<double>(size) * lines /
                                             static_cast<double>(got)) + 1;
    stats.key_bytes = size > 2 * stats.entries ? size - 2 * stats.entries : size;
    return stats;
}

} // namespace mf::maps
