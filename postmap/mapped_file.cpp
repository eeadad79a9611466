// See mapped_file.hpp.
#include "postmap/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/read_to_end.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : mapping_(std::exchange(other.mapping_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)), buffer_(std::move(other.buffer_))
{
    text_ = mapping_ ? std::string_view(static_cast<const char*>(mapping_), mapped_size_)
                     : std::string_view(buffer_);
    other.text_ = {};
}

MappedFile::~MappedFile()
{
    if (mapping_ != nullptr)
        ::munmap(mapping_, mapped_size_);
}

Result<MappedFile> MappedFile::open(const std::string& path)
{
    MappedFile file;
    UniqueFd owned;
    int fd = 0;
    if (path != "-") {
        owned = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!owned)
            return fail("open " + path + ": " + std::strerror(errno));
        fd = owned.get();
    }
    struct stat info;
    if (::fstat(fd, &info) != 0)
        return fail("stat " + path + ": " + std::strerror(errno));
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
        void* mapping = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ,
                               MAP_PRIVATE, fd, 0);
        if (mapping != MAP_FAILED) {
            ::madvise(mapping, static_cast<std::size_t>(info.st_size), MADV_SEQUENTIAL);
            file.mapping_ = mapping;
            file.mapped_size_ = static_cast<std::size_t>(info.st_size);
            file.text_ = {static_cast<const char*>(mapping), file.mapped_size_};
            return file;
        }
    }
    if (int error = read_to_end(fd, file.buffer_); error != 0)
        return fail("read " + path + ": " + std::strerror(error));
    file.text_ = file.buffer_;
    return file;
}

} // namespace mf::maps
