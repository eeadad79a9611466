// Writes a Berkeley DB 5.3 btree file without libdb, by bulk loading: the entries arrive
// sorted and free of duplicates, so leaf pages are filled left to right, each level of
// internal pages is built from the separators of the level below as its pages complete, and
// the root (page 1, where libdb keeps it) and the meta page (page 0) are written last. The
// file is one libdb reads, verifies and updates like its own (layout in db_format.hpp):
// default comparator, minkey 2, no checksums, encryption, duplicates or record numbers,
// items longer than libdb's on-page limit in overflow page chains. Memory stays at one page
// per tree level and a write buffer, whatever the table's size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postmap/db_page_output.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

class DbBtreeWriter {
public:
    // Fills the existing, empty file `path`; with `nul`, every key and value is stored with a
    // NUL after it (Postfix's convention). Without `page_size` (a power of two from 512 to
    // 32768), the page size libdb would choose for a new file there.
    static Result<DbBtreeWriter> open(const std::string& path, bool nul,
                                      std::optional<std::uint32_t> page_size = std::nullopt);

    // libdb's page size for a new file on `fd`'s file system when none is set: the preferred
    // I/O size (st_blksize), between 512 and 16384 bytes.
    static std::uint32_t default_page_size(int fd);

    // Adds an entry. Stored keys must arrive in strictly increasing order by Berkeley DB's
    // default comparison (bytes as unsigned, then length); anything else is refused.
    Result<void> add(std::string_view key, std::string_view value);

    // Writes the pages still held, the root and the meta page, and closes the file. The
    // caller syncs it.
    Result<void> finish();

    std::uint32_t page_size() const { return page_size_; }

private:
    // One page being filled: items from the page end down, their offsets in the index array.
    class PageImage {
    public:
        explicit PageImage(std::uint32_t page_size) : bytes_(page_size) {}
        void reset(std::uint8_t type, std::uint8_t level);
        // Bytes in use: header, index array and items.
        std::uint32_t used() const;
        std::uint32_t entries() const;
        // Room for an item of `size` bytes (a multiple of 4) at the bottom of the free
        // space, zeroed, its offset appended to the index array.
        unsigned char* add_item(std::uint32_t size);
        void set_links(std::uint32_t pgno, std::uint32_t prev, std::uint32_t next);
        unsigned char* data() { return bytes_.data(); }
        const unsigned char* data() const { return bytes_.data(); }

    private:
        std::vector<unsigned char> bytes_;
    };

    // An internal level being built: its open page and the separator that leads to that
    // page from the level above (the key of the page's first item, which libdb stores empty).
    struct Level {
        PageImage page;
        std::string first_separator;
        bool wrote_page = false; // an earlier page of this level is written: it is not the root
    };

    // The bytes of a stored item: the text, then a NUL with Postfix's convention.
    struct Item {
        std::string_view text;
        bool nul;
        std::uint32_t size() const { return static_cast<std::uint32_t>(text.size()) + nul; }
        void copy(std::uint32_t offset, std::uint32_t length, unsigned char* to) const;
    };

    DbBtreeWriter(UniqueFd fd, std::string path, bool nul, std::uint32_t page_size);

    std::uint32_t allocate() { return next_pgno_++; }
    bool overflows(std::uint32_t size) const { return size > on_page_limit_; }
    void put_leaf_item(const Item& item);
    void end_leaf();
    void add_to_level(std::size_t index, std::string separator, std::uint32_t child);
    std::uint32_t write_overflow(const Item& item);
    void write_page(std::uint32_t pgno, const unsigned char* page) { run_.write(pgno, page); }
    void write_meta();
    // "cannot write PATH: reason" after a failed write, else empty.
    std::string write_error() const;

    UniqueFd fd_;
    std::string path_;
    bool nul_;
    std::uint32_t page_size_;
    std::uint32_t on_page_limit_;
    std::uint32_t leaf_target_;
    std::uint32_t internal_target_;
    std::uint32_t next_pgno_ = 2; // 0 is the meta page, 1 the root

    PageImage leaf_;
    std::uint32_t leaf_pgno_ = 0; // 0 until a second leaf shows the first is not the root
    std::uint32_t previous_leaf_pgno_ = 0;
    std::string leaf_separator_;
    std::vector<Level> levels_; // levels_[0] holds level 2, the parents of the leaves

    std::string key_;      // the stored key being added
    std::string last_key_; // the stored key added last
    bool have_key_ = false;

    DbPageRun run_;
};

} // namespace mf::maps
