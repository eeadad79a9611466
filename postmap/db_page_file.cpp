// See db_page_file.hpp.
#include "postmap/db_page_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace mf::maps {

namespace {

// pread() the whole range, retrying short reads and EINTR; false at end of file or on error.
bool read_exactly(int fd, unsigned char* into, std::size_t size, off_t offset)
{
    while (size > 0) {
        ssize_t got = ::pread(fd, into, size, offset);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        into += got;
        size -= static_cast<std::size_t>(got);
        offset += got;
    }
    return true;
}

} // namespace

bool DbPageFile::read_meta(int fd, unsigned char (&meta)[db_format::meta_size])
{
    return read_exactly(fd, meta, sizeof meta, 0);
}

DbMeta DbPageFile::decode_meta(const unsigned char (&meta)[db_format::meta_size])
{
    using namespace db_format;
    DbMeta decoded;
    decoded.magic = load_u32(meta + meta_magic);
    decoded.version = load_u32(meta + meta_version);
    decoded.page_size = load_u32(meta + meta_page_size);
    decoded.encrypt_alg = meta[meta_encrypt_alg];
    decoded.type = meta[meta_type];
    decoded.meta_flags = meta[meta_meta_flags];
    decoded.last_pgno = load_u32(meta + meta_last_pgno);
    decoded.flags = load_u32(meta + meta_flags);
    return decoded;
}

std::optional<DbPageFile> DbPageFile::open(int fd, const DbMeta& meta)
{
    struct stat status;
    if (!valid_page_size(meta.page_size) || ::fstat(fd, &status) != 0)
        return std::nullopt;
    auto pages = static_cast<std::uint64_t>(status.st_size) / meta.page_size;
    if (pages == 0)
        return std::nullopt;
    auto last = std::min<std::uint64_t>(meta.last_pgno, pages - 1);
    return DbPageFile(fd, meta.page_size, static_cast<std::uint32_t>(last), meta.last_pgno);
}

bool DbPageFile::valid_page_size(std::uint32_t size)
{
    return size >= 512 && size <= 65536 && (size & (size - 1)) == 0;
}

bool DbPageFile::read_page(std::uint32_t pgno, std::uint8_t type, unsigned char* page) const
{
    if (pgno == 0 || pgno > last_pgno_)
        return false;
    if (!read_exactly(fd_, page, page_size_, static_cast<off_t>(pgno) * page_size_))
        return false;
    PageHeader header = page_header_of(page);
    return header.pgno == pgno && header.type == type;
}

DbPageFile::BucketPage DbPageFile::read_bucket_page(std::uint32_t pgno, std::uint8_t type,
                                                    unsigned char* page) const
{
    if (pgno == 0 || pgno > meta_last_pgno_)
        return BucketPage::bad;
    if (pgno > last_pgno_)
        return BucketPage::empty;
    if (!read_exactly(fd_, page, page_size_, static_cast<off_t>(pgno) * page_size_))
        return BucketPage::bad;
    PageHeader header = page_header_of(page);
    if (header.pgno == 0 && header.type == 0)
        return BucketPage::empty;
    return header.pgno == pgno && header.type == type ? BucketPage::read : BucketPage::bad;
}

template <typename Each>
PageLookup DbPageFile::walk_overflow(std::uint32_t pgno, std::uint32_t total, Each&& each) const
{
    // An item longer than the whole file is corrupt; the page count bounds a cyclic chain.
    std::uint64_t capacity =
        (std::uint64_t{last_pgno_} + 1) * (page_size_ - db_format::page_header);
    if (total > capacity)
        return PageLookup::corrupt;
    auto page = std::make_unique_for_overwrite<unsigned char[]>(page_size_);
    std::uint32_t seen = 0;
    std::uint32_t remaining = total;
    while (remaining > 0) {
        if (++seen > last_pgno_ || !read_page(pgno, db_format::page_overflow, page.get()))
            return PageLookup::corrupt;
        PageHeader header = page_header_of(page.get());
        std::uint32_t length = header.high_free_offset;
        if (length == 0 || length > page_size_ - db_format::page_header || length > remaining)
            return PageLookup::corrupt;
        if (!each(std::string_view(reinterpret_cast<const char*>(page.get()) +
                                       db_format::page_header,
                                   length)))
            return PageLookup::found;
        remaining -= length;
        pgno = header.next_pgno;
    }
    return PageLookup::found;
}

PageLookup DbPageFile::read_overflow(std::uint32_t pgno, std::uint32_t total,
                                     std::string& out) const
{
    std::size_t start = out.size();
    PageLookup status = walk_overflow(pgno, total, [&](std::string_view piece) {
        out.append(piece);
        return true;
    });
    if (status != PageLookup::found)
        out.resize(start);
    return status;
}

std::optional<int> DbPageFile::compare_overflow(std::string_view key, std::uint32_t pgno,
                                                std::uint32_t total) const
{
    // Compares piece by piece; the first difference decides, else the lengths do.
    int order = 0;
    std::size_t at = 0;
    PageLookup status = walk_overflow(pgno, total, [&](std::string_view piece) {
        std::string_view against = key.substr(std::min(at, key.size()), piece.size());
        int c = std::memcmp(piece.data(), against.data(), std::min(piece.size(), against.size()));
        if (c != 0 || against.size() < piece.size()) {
            // The stored item is greater when it runs on past the end of `key`.
            order = c != 0 ? (c < 0 ? 1 : -1) : -1;
            return false;
        }
        at += piece.size();
        return true;
    });
    if (status != PageLookup::found)
        return std::nullopt;
    if (order != 0)
        return order;
    return key.size() == total ? 0 : 1;
}

} // namespace mf::maps
