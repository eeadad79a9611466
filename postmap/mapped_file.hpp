// A whole file's bytes for reading: mmap'ed when it is a regular non-empty file (sources of a
// million lines are parsed in place, without copies), read into memory otherwise (stdin,
// pipes). Unmapped or freed when destroyed.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mf::maps {

class MappedFile {
public:
    // "-" reads standard input.
    static Result<MappedFile> open(const std::string& path);

    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&&) = delete;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::string_view text() const { return text_; }

private:
    MappedFile() = default;

    std::string_view text_;
    void* mapping_ = nullptr;
    std::size_t mapped_size_ = 0;
    std::string buffer_;
};

} // namespace mf::maps
