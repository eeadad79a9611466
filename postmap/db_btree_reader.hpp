// A read-only lookup in a Berkeley DB 5.3 btree file without libdb: from the root page down
// through internal pages to the leaf that may hold the key, binary search on each page, big
// keys and values through overflow pages. Pages are read with pread(), never mapped, so a
// query's memory does not grow with the file. The internal pages can be read once at open
// (`cache_internal`, up to a fixed budget), kept as an index of the leaves or as pages:
// lookups then cost one leaf read each; a caller that does not hold the file's lock for the
// reader's whole life must not cache, as a writer may rebuild the tree in place. Only the plain layout Postfix and mfmap write is accepted
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

    // Whether lookups find their leaf through the leaf index (see index_leaves below).
    bool indexes_leaves() const { return !leaf_pages_.empty(); }

    // Most bytes of internal pages kept by `cache_internal`.
    static constexpr std::size_t cache_budget = 1u << 20;

private:
    struct Tree {
        DbPageFile pages;
        std::uint32_t root;
    };

    explicit DbBtreeReader(const Tree& tree, int fd) : tree_(tree), fd_(fd) {}

    static std::optional<Tree> decode(int fd, const unsigned char (&meta)[db_format::meta_size]);
    // Reads the internal pages level by level from the root while they fit the budget; the
    // leaves' parents (level 2) only with `leaf_parents`.
    void load_cache(bool leaf_parents);
    // Page `pgno` of `type`: from the cache when `use_cache` and cached, else read into `buffer`.
    const unsigned char* page(const Tree& tree, std::uint32_t pgno, std::uint8_t type,
                              bool use_cache, unsigned char* buffer) const;
    PageLookup search(const Tree& tree, bool use_cache, std::string_view key,
                      std::string& value) const;
    // Looks `key` up on the leaf at `leaf` (a leaf page's bytes).
    static PageLookup search_leaf(const DbPageFile& pages, const unsigned char* leaf,
                                  std::string_view key, std::string& value);

    // The leaves in key order, each with its lower bound: the separator that leads to it (the
    // first item of an internal page inherits its parent's), so that a lookup finds its leaf by
    // one binary search over a dense array instead of a walk through three or four pages
    // spread over the cache, where each comparison misses the processor's cache. The first 8
    // bytes of each bound, big-endian, decide most comparisons; equal ones compare the whole
    // bound. Built from the cached upper pages and the leaves' parents read one at a time
    // (never all held at once), within the cache's budget; once built it replaces the cache.
    // False when the pages do not form a tree the index can stand for, or it would not fit.
    bool index_leaves();
    // Adds the leaves under internal page `pgno` at `level` (`inherited`: the bound of its
    // first child; null for the leftmost), reading leaves' parents into `buffer`; with
    // `tally`, only counts them.
    struct LeafTally {
        std::size_t leaves = 0;
        std::size_t bound_bytes = 0;
    };
    bool collect_leaves(std::uint32_t pgno, std::uint8_t level, std::string_view inherited,
                        int depth, unsigned char* buffer, LeafTally* tally);
    // The leaf whose range holds `key`, by the index.
    std::uint32_t indexed_leaf(std::string_view key) const;
    // The bound of leaf `leaf` (not the first, which has none).
    std::string_view bound_of(std::size_t leaf) const;

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
    // index_leaves(): per leaf, the first 8 bytes of its bound (zero-padded, big-endian; 0 for
    // the first leaf, which has none), its page, and where its bound ends in leaf_bounds_ (the
    // bounds one after the other; leaf 0's entry is 0).
    std::vector<std::uint64_t> leaf_prefixes_;
    std::vector<std::uint32_t> leaf_pages_;
    std::string leaf_bounds_;
    std::vector<std::uint32_t> leaf_bound_ends_;
    // The first of every `per_line` leaf prefixes (a cache line's worth): a search of this
    // small array and then of one such block touches few lines, where one over all prefixes
    // misses the cache at every step of its second half.
    static constexpr std::size_t per_line = 8;
    std::vector<std::uint64_t> line_prefixes_;
};

} // namespace mf::maps
