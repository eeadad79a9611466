// Writes a Berkeley DB 5.3 hash file without libdb. The bucket count is a power of two fixed
// before the first entry (no bucket ever splits while loading), and entries arrive in bucket
// order, so each bucket is gathered, sorted by key as libdb keeps its pages, and written once:
// its first page at the bucket's place (pages 1 to buckets, in order), the pairs that do not
// fit it on chain pages, and keys or values longer than libdb's on-page limit on overflow
// pages; chain and overflow pages follow the bucket pages in the order they are needed. The
// file is one libdb reads, verifies and updates like its own (layout in db_format.hpp):
// default hash function, fill factor 0 (libdb's default: it splits a bucket whenever an
// insert needs a new chain page), no checksums, encryption or duplicates. Memory stays at one
// bucket's entries and two write buffers, whatever the table's size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "postmap/db_page_output.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

class DbHashWriter {
public:
    // The page size and bucket count for a table of `entries` pairs with these key and value
    // byte totals (without NULs).
    struct Shape {
        std::uint32_t page_size;
        std::uint32_t buckets;
    };
    static Shape shape_for(std::size_t entries, std::size_t key_bytes, std::size_t value_bytes,
                           bool nul);

    // Fills the existing, empty file `path` with `shape`'s table (page size a power of two
    // from 512 to 32768, buckets a power of two); with `nul`, every key and value is stored
    // with a NUL after it (Postfix's convention).
    static Result<DbHashWriter> open(const std::string& path, bool nul, Shape shape);

    // libdb's hash (FNV-1) of `key` as stored: with a NUL after it when `nul`.
    static std::uint32_t stored_hash(std::string_view key, bool nul);
    // The bucket of a stored hash in a table of `buckets` buckets.
    static std::uint32_t bucket_of(std::uint32_t hash, std::uint32_t buckets)
    {
        return hash & (buckets - 1);
    }

    // Adds a pair. Pairs must arrive in bucket order (any order within a bucket), each key
    // once; anything else is refused.
    Result<void> add(std::string_view key, std::string_view value);

    // Writes the last buckets, the empty ones after them and the meta page, and closes the
    // file. The caller syncs it.
    Result<void> finish();

    std::uint32_t page_size() const { return page_size_; }
    std::uint32_t buckets() const { return buckets_; }

private:
    // A pair of the bucket being gathered: its stored key and value bytes in bucket_bytes_.
    struct Pair {
        std::size_t offset;
        std::uint32_t key_size;
        std::uint32_t value_size;
    };

    DbHashWriter(UniqueFd fd, std::string path, bool nul, Shape shape);

    std::string_view key_of(const Pair& pair) const
    {
        return std::string_view(bucket_bytes_).substr(pair.offset, pair.key_size);
    }
    std::string_view value_of(const Pair& pair) const
    {
        return std::string_view(bucket_bytes_).substr(pair.offset + pair.key_size, pair.value_size);
    }
    bool big(std::uint32_t size) const { return size > on_page_limit_; }
    // Bytes a key or value takes on a hash page, its index slot included.
    std::uint32_t item_space(std::uint32_t size) const;

    Result<void> write_bucket();
    void write_empty_buckets(std::uint32_t end);
    // Puts an item (the bytes, or a reference to overflow page `overflow` when it is big) on
    // the page being filled.
    void put_item(std::string_view bytes, std::uint32_t overflow);
    void start_page(std::uint32_t pgno, std::uint32_t prev);
    void write_meta();
    std::string write_error() const;

    UniqueFd fd_;
    std::string path_;
    bool nul_;
    std::uint32_t page_size_;
    std::uint32_t buckets_;
    std::uint32_t on_page_limit_;
    std::uint64_t pairs_ = 0;

    std::uint32_t bucket_ = 0;         // the bucket being gathered
    std::uint32_t written_buckets_ = 0; // buckets before it whose pages are written
    std::vector<Pair> pairs_of_bucket_;
    std::string bucket_bytes_;
    std::vector<std::uint32_t> overflow_pages_; // per item of the bucket: its chain, or 0

    std::vector<unsigned char> page_; // the page being filled
    std::uint32_t page_pgno_ = 0;
    std::uint32_t next_pgno_; // the next chain or overflow page, after the bucket pages

    DbPageRun bucket_run_;   // pages 1 to buckets_, in order
    DbPageRun overflow_run_; // the chain and overflow pages after them, in order
};

} // namespace mf::maps
