// Read-only page access to a Berkeley DB 5.3 file for our own hash and btree readers
// (db_hash_reader.hpp, db_btree_reader.hpp): the generic meta page header, pages read with
// pread() into the caller's buffer (nothing is mapped, so memory stays at a page or two per
// lookup), and overflow items (chains of P_OVERFLOW pages). Every number taken from the file
// is checked before use: a corrupt or truncated file gives Corrupt, never a crash or a loop.
// The layout (db_format.hpp) is Berkeley DB's on-disk format, little-endian, no checksums.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "postmap/db_format.hpp"

namespace mf::maps {

// What one read-only lookup found.
enum class PageLookup { found, absent, corrupt };

// The fields of the generic meta header (bytes 0-71 of page 0) the readers check.
struct DbMeta {
    std::uint32_t magic = 0;
    std::uint32_t version = 0;
    std::uint32_t page_size = 0;
    std::uint8_t encrypt_alg = 0;
    std::uint8_t type = 0;
    std::uint8_t meta_flags = 0;
    std::uint32_t last_pgno = 0;
    std::uint32_t flags = 0;
};

class DbPageFile {
public:
    // The pages of `fd` (not owned) as `meta` describes them, or nullopt when its page size is
    // not one Berkeley DB writes or the file cannot be examined. Page numbers past the meta's
    // last page or the file's end are refused, which also bounds every chain walked.
    static std::optional<DbPageFile> open(int fd, const DbMeta& meta);

    // Reads the first meta_size bytes of `fd`; false when the file is shorter or unreadable.
    static bool read_meta(int fd, unsigned char (&meta)[db_format::meta_size]);
    // The generic header of those bytes.
    static DbMeta decode_meta(const unsigned char (&meta)[db_format::meta_size]);

    // Page sizes Berkeley DB writes: a power of two from 512 to 65536.
    static bool valid_page_size(std::uint32_t size);

    std::uint32_t page_size() const { return page_size_; }
    std::uint32_t last_pgno() const { return last_pgno_; }

    // Reads page `pgno` into `page` (page_size() bytes) and checks that it says it is that page
    // and has `type`.
    bool read_page(std::uint32_t pgno, std::uint8_t type, unsigned char* page) const;

    // read_page() for the first page of a hash bucket, which libdb allocates lazily: a page
    // the meta page counts but that was never written (past the file's end, or all zeros in a
    // hole) is an empty bucket.
    enum class BucketPage { read, empty, bad };
    BucketPage read_bucket_page(std::uint32_t pgno, std::uint8_t type, unsigned char* page) const;

    // Where item `index` starts on a hash or btree page (items fill the page from its end down
    // to `high_free_offset`, after the index array): nullopt when the index array or the
    // item's offset is out of bounds. The item's length is the caller's to check.
    struct Item {
        std::uint32_t offset;
        std::uint32_t available; // bytes from offset to the page end
    };
    std::optional<Item> item_at(const unsigned char* page, std::uint32_t index) const
    {
        PageHeader header = page_header_of(page);
        std::uint32_t index_end = db_format::page_header + 2 * std::uint32_t{header.entries};
        if (index >= header.entries || index_end > header.high_free_offset ||
            header.high_free_offset > page_size_)
            return std::nullopt;
        std::uint32_t offset = load_u16(page + db_format::page_header + 2 * index);
        if (offset < header.high_free_offset || offset >= page_size_)
            return std::nullopt;
        return Item{offset, page_size_ - offset};
    }

    // Appends the `total` bytes of the overflow item starting at page `pgno` to `out`.
    PageLookup read_overflow(std::uint32_t pgno, std::uint32_t total, std::string& out) const;

    // Compares the overflow item at `pgno` (`total` bytes) with `key` by Berkeley DB's default
    // order: <0, 0, >0, or nullopt when the chain is corrupt. Reads only as far as needed.
    std::optional<int> compare_overflow(std::string_view key, std::uint32_t pgno,
                                        std::uint32_t total) const;

private:
    DbPageFile(int fd, std::uint32_t page_size, std::uint32_t last_pgno,
               std::uint32_t meta_last_pgno)
        : fd_(fd), page_size_(page_size), last_pgno_(last_pgno), meta_last_pgno_(meta_last_pgno)
    {
    }

    template <typename Each>
    PageLookup walk_overflow(std::uint32_t pgno, std::uint32_t total, Each&& each) const;

    int fd_;
    std::uint32_t page_size_;
    std::uint32_t last_pgno_;      // the last page both the meta page and the file have
    std::uint32_t meta_last_pgno_; // the last page the meta page counts
};

// A buffer for one page: on the stack up to 4 KB (the usual page size), cache-line aligned
// (the kernel's copy into an aligned buffer is measurably faster: 54 against 58 ms per 100,000
// pages), on the heap for larger pages.
class PageBuffer {
public:
    explicit PageBuffer(std::uint32_t page_size)
    {
        if (page_size > sizeof small_) {
            large_ = std::make_unique_for_overwrite<unsigned char[]>(page_size);
            data_ = large_.get();
        }
    }
    PageBuffer(const PageBuffer&) = delete;
    PageBuffer& operator=(const PageBuffer&) = delete;

    unsigned char* get() { return data_; }

private:
    alignas(64) unsigned char small_[4096];
    std::unique_ptr<unsigned char[]> large_;
    unsigned char* data_ = small_;
};

// Whether the `size` bytes at `a` and `b` are equal, compared eight bytes at a time inline:
// a hash page scan compares the key with most items of a page, where a memcmp call each costs
// more than the comparison itself.
inline bool same_bytes(const void* a, const void* b, std::size_t size)
{
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    if (size >= 8) {
        std::uint64_t u, v;
        for (; size > 8; x += 8, y += 8, size -= 8) {
            std::memcpy(&u, x, 8);
            std::memcpy(&v, y, 8);
            if (u != v)
                return false;
        }
        // The last eight bytes, overlapping what was compared.
        std::memcpy(&u, x + size - 8, 8);
        std::memcpy(&v, y + size - 8, 8);
        return u == v;
    }
    if (size >= 4) {
        std::uint32_t u, v, s, t;
        std::memcpy(&u, x, 4);
        std::memcpy(&v, y, 4);
        std::memcpy(&s, x + size - 4, 4);
        std::memcpy(&t, y + size - 4, 4);
        return u == v && s == t;
    }
    for (; size > 0; ++x, ++y, --size)
        if (*x != *y)
            return false;
    return true;
}

// Berkeley DB's default key order (btree's default comparator): bytes as unsigned, then length.
inline int compare_keys(std::string_view a, std::string_view b)
{
    int c = a.compare(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

} // namespace mf::maps
