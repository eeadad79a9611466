// A read-only lookup in a Berkeley DB 5.3 btree file without libdb: from the root page down
// through internal pages to the leaf that may hold the key, binary search on each page, big
// keys and values through overflow pages. Pages are read with pread(), never mapped, so a
// query's memory does not grow with the file. The internal pages can be read once at open
// (`cache_internal`, up to a fixed budget): lookups then cost one leaf read each; a caller
// that does not hold the file's lock for the reader's whole life must not cache, as a writer
// may rebuild the tree in place. Only the plain layout Postfix and mfmap write is accepted
// (little-endian, version 9, no checksums, encryption, duplicates, record numbers,
// compression or sub-databases); open() says nullopt for anything else and the caller uses
// libdb. The reader never changes after open, so lookups may run in many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postmap/db_page_file.hpp"

namespace mf::maps {

class DbBtreeReader {
public:
    // `fd` (not owned) must stay open while the reader is used.
    static std::optional<DbBtreeReader> open(int fd, bool cache_internal);

    // Looks up the stored key bytes; on found, `value` holds the stored value bytes.
    // With `reread_meta` the meta page is read again first and the cache is not used.
    PageLookup lookup(std::string_view key, std::string& value, bool reread_meta) const;

    // Most bytes of internal pages kept by `cache_internal`.
    static constexpr std::size_t cache_budget = 1u << 20;

private:
    struct Tree {
        DbPageFile pages;
        std::uint32_t root;
    };

    explicit DbBtreeReader(const Tree& tree, int fd) : tree_(tree), fd_(fd) {}

    static std::optional<Tree> decode(int fd, const unsigned char (&meta)[db_format::meta_size]);
    // Reads the internal pages level by level from the root while they fit the budget.
    void load_cache();
    // Page `pgno` of `type`: from the cache when `use_cache` and cached, else read into `buffer`.
    const unsigned char* page(const Tree& tree, std::uint32_t pgno, std::uint8_t type,
                              bool use_cache, unsigned char* buffer) const;
    PageLookup search(const Tree& tree, bool use_cache, std::string_view key,
                      std::string& value) const;

    Tree tree_;
    int fd_;
    // The cached pages' bytes (page_size each, in the order read) and, sorted by page number,
    // where each one is.
    struct CachedPage {
        std::uint32_t pgno;
        std::uint32_t slot;
    };
    std::vector<CachedPage> cached_index_;
    std::vector<unsigned char> cached_bytes_;
};

} // namespace mf::maps
