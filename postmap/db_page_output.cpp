// See db_page_output.hpp.
#include "postmap/db_page_output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>

#include "postmap/db_format.hpp"
#include "postmap/scratch_file.hpp"

namespace mf::maps {

namespace {

using namespace db_format;

// Pages gathered for one write() of consecutive pages.
constexpr std::size_t run_bytes = 256u << 10;

} // namespace

DbPageRun::DbPageRun(int fd, std::uint32_t page_size)
    : fd_(fd), page_size_(page_size),
      run_(std::max<std::size_t>(run_bytes / page_size, 1) * page_size)
{
}

void DbPageRun::write(std::uint32_t pgno, const unsigned char* page)
{
    if (pages_ > 0 && (pgno != first_ + pages_ || (pages_ + 1) * page_size_ > run_.size()))
        flush();
    if (pages_ == 0)
        first_ = pgno;
    std::memcpy(run_.data() + std::size_t{pages_} * page_size_, page, page_size_);
    ++pages_;
}

void DbPageRun::flush()
{
    if (pages_ > 0 && error_.empty())
        if (auto wrote = write_all_at(fd_, reinterpret_cast<const char*>(run_.data()),
                                      std::size_t{pages_} * page_size_,
                                      std::uint64_t{first_} * page_size_);
            !wrote)
            error_ = wrote.error().message;
    pages_ = 0;
}

std::uint32_t write_overflow_chain(
    DbPageRun& run, std::uint32_t page_size, std::uint32_t first, std::uint32_t total,
    const std::function<void(std::uint32_t, std::uint32_t, unsigned char*)>& copy)
{
    std::vector<unsigned char> bytes(page_size);
    unsigned char* page = bytes.data();
    std::uint32_t per_page = page_size - page_header;
    std::uint32_t pgno = first;
    for (std::uint32_t done = 0; done < total; ++pgno) {
        std::uint32_t length = std::min(per_page, total - done);
        std::fill(bytes.begin(), bytes.end(), 0);
        store_u32(page + page_lsn + 4, lsn_not_logged_offset);
        store_u32(page + page_pgno, pgno);
        store_u32(page + page_prev_pgno, pgno == first ? 0 : pgno - 1);
        store_u32(page + page_next_pgno, done + length < total ? pgno + 1 : 0);
        store_u16(page + page_entries, 1); // referenced once
        store_u16(page + page_high_free, length);
        page[page_type] = page_overflow;
        copy(done, length, page + page_header);
        run.write(pgno, page);
        done += length;
    }
    return pgno - first;
}

void store_meta_header(const MetaHeader& header, int fd, unsigned char* page)
{
    store_u32(page + page_lsn + 4, lsn_not_logged_offset);
    store_u32(page + meta_magic, header.magic);
    store_u32(page + meta_version, header.version);
    store_u32(page + meta_page_size, header.page_size);
    page[meta_type] = header.type;
    store_u32(page + meta_last_pgno, header.last_pgno);
    struct stat status {};
    ::fstat(fd, &status);
    unsigned char* uid = page + meta_uid;
    store_u32(uid, static_cast<std::uint32_t>(status.st_ino));
    store_u32(uid + 4, static_cast<std::uint32_t>(status.st_dev));
    store_u32(uid + 8, static_cast<std::uint32_t>(std::time(nullptr)));
    store_u32(uid + 12, std::random_device{}());
}

std::string write_error_message(const std::string& path,
                                std::initializer_list<std::string_view> errors)
{
    for (std::string_view error : errors)
        if (!error.empty())
            return "cannot write " + path + ": " + std::string(error);
    return {};
}

Result<void> close_written(UniqueFd& fd, const std::string& path,
                           std::initializer_list<std::string_view> errors)
{
    if (std::string error = write_error_message(path, errors); !error.empty())
        return fail(error);
    if (::close(fd.release()) != 0)
        return fail("cannot write " + path + ": " + std::strerror(errno));
    return {};
}

} // namespace mf::maps
