// See atomic_file.hpp. The temporary name carries the pid and a counter so that concurrent
// writers of the same target never share a temporary file.
#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

namespace mf {

namespace {

std::string errno_text() { return std::strerror(errno); }

std::string parent_of(const std::string& path)
{
    auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return path.substr(0, slash);
}

} // namespace

AtomicFile::AtomicFile(std::string target, std::string temporary_path, UniqueFd fd)
    : target_(std::move(target)), temporary_path_(std::move(temporary_path)), fd_(std::move(fd))
{
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)), temporary_path_(std::move(other.temporary_path_)),
      fd_(std::move(other.fd_)), committed_(std::exchange(other.committed_, true))
{
}

AtomicFile::~AtomicFile()
{
    if (!committed_ && !temporary_path_.empty())
        ::unlink(temporary_path_.c_str());
}

Result<AtomicFile> AtomicFile::create(const std::string& target, mode_t mode)
{
    static std::atomic<unsigned> counter{0};
    std::string temporary = target + ".tmp." + std::to_string(::getpid()) + "." +
                            std::to_string(counter.fetch_add(1));
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return fail("cannot create " + temporary + ": " + errno_text());
    // The umask must not narrow or widen what the caller asked for.
    if (::fchmod(fd, mode) != 0) {
        std::string reason = errno_text();
        ::close(fd);
        ::unlink(temporary.c_str());
        return fail("cannot set mode of " + temporary + ": " + reason);
    }
    return AtomicFile(target, std::move(temporary), UniqueFd(fd));
}

Result<void> AtomicFile::write(std::string_view bytes)
{
    while (!bytes.empty()) {
        ssize_t written = ::write(fd_.get(), bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return fail("cannot write " + temporary_path_ + ": " + errno_text());
        }
        bytes.remove_prefix(static_cast<size_t>(written));
    }
    return {};
}

Result<void> AtomicFile::commit()
{
    if (::fsync(fd_.get()) != 0)
        return fail("cannot sync " + temporary_path_ + ": " + errno_text());
    fd_.reset();
    if (::rename(temporary_path_.c_str(), target_.c_str()) != 0)
        return fail("cannot rename " + temporary_path_ + " to " + target_ + ": " + errno_text());
    committed_ = true;
    return sync_parent_directory(target_);
}

Result<void> replace_file(const std::string& target, std::string_view bytes, mode_t mode)
{
    auto file = AtomicFile::create(target, mode);
    if (!file)
        return tl::unexpected(file.error());
    if (auto written = file->write(bytes); !written)
        return written;
    return file->commit();
}

Result<void> sync_parent_directory(const std::string& path)
{
    std::string directory = parent_of(path);
    UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd)
        return fail("cannot open directory " + directory + ": " + errno_text());
    if (::fsync(fd.get()) != 0)
        return fail("cannot sync directory " + directory + ": " + errno_text());
    return {};
}

} // namespace mf
