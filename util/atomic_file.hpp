// Replacing a file so that readers see either the whole old content or the whole new one.
// The new content goes to a temporary file in the target's directory (same file system, so
// rename is atomic), is fsynced, renamed over the target, and the directory is fsynced so the
// rename itself survives a crash. Until commit() the target is untouched; an AtomicFile that is
// destroyed without commit() removes its temporary file.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mf {

class AtomicFile {
public:
    // Creates the temporary file beside `target` with the given permission bits.
    static Result<AtomicFile> create(const std::string& target, mode_t mode);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    int fd() const { return fd_.get(); }
    const std::string& temporary_path() const { return temporary_path_; }
    const std::string& target() const { return target_; }

    Result<void> write(std::string_view bytes);
    // fsync, rename over the target, fsync the directory.
    Result<void> commit();

private:
    AtomicFile(std::string target, std::string temporary_path, UniqueFd fd);

    std::string target_;
    std::string temporary_path_;
    UniqueFd fd_;
    bool committed_ = false;
};

// Writes `bytes` to `target` through an AtomicFile.
Result<void> replace_file(const std::string& target, std::string_view bytes, mode_t mode);

// fsync the directory that holds `path`, so a rename or creation in it is durable.
Result<void> sync_parent_directory(const std::string& path);

} // namespace mf
