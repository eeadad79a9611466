// See db_hash_writer.hpp. Page numbers: 0 is the meta page, bucket B is page B + 1 (the spares
// of every doubling up to the bucket count are 1, those of later doublings 0, as libdb leaves
// a table it created with that many buckets), and chain and overflow pages are numbered from
// buckets + 1 on as a bucket needs them: first the overflow pages of its big items, then its
// chain pages, each page linked to the one before it. Every number handed out is written, so
// the file is exactly last_pgno + 1 pages long and libdb appends its new pages after them.
#include "postmap/db_hash_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

#include "postmap/db_format.hpp"
#include "postmap/db_hash_reader.hpp"
#include "postmap/db_page_file.hpp"

namespace mf::maps {

namespace {

using namespace db_format;

// The page size by the average pair. A lookup reads one bucket page with pread(), and the
// kernel copies the whole page, which dominates a bulk query: 1 KB pages copy a quarter of
// 4 KB ones. Small pairs (postfix's typical address -> address) still fit a dozen or more to
// a 1 KB page, so a bucket stays one page; larger pairs need 4 KB pages for that.
constexpr std::size_t small_pair_bytes = 60;
constexpr std::uint32_t small_page_size = 1024;
constexpr std::uint32_t large_page_size = 4096;
constexpr std::uint32_t most_buckets = 1u << 30;

void format_page(unsigned char* page, std::uint32_t page_size, std::uint32_t pgno,
                 std::uint32_t prev)
{
    std::memset(page, 0, page_size);
    store_u32(page + page_lsn + 4, lsn_not_logged_offset);
    store_u32(page + page_pgno, pgno);
    store_u32(page + page_prev_pgno, prev);
    store_u16(page + page_high_free, page_size);
    page[page_type] = page_hash;
}

} // namespace

DbHashWriter::Shape DbHashWriter::shape_for(std::size_t entries, std::size_t key_bytes,
                                            std::size_t value_bytes, bool nul)
{
    if (entries == 0)
        return {large_page_size, 2};
    std::size_t average = (key_bytes + value_bytes) / entries + (nul ? 2 : 0);
    std::uint32_t page_size = average <= small_pair_bytes ? small_page_size : large_page_size;
    // The bucket count: the smallest power of two with at most a page's worth of pairs per
    // bucket on average, so between half a page and a page. Buckets that get more than a page
    // take a chain page (a second read for the pairs on it); the next power of two would
    // leave every page half as full, a larger file (measured on 1,000,000 address pairs:
    // 65,536 buckets of 15 pairs (1 KB pages hold 17) make 85 MB, a tenth of the pairs on
    // chain pages; 131,072 buckets make 134 MB).
    std::size_t per_pair = average + 2 * (hash_item_header + index_slot);
    std::size_t fill = std::max<std::size_t>(1, (page_size - page_header) / per_pair);
    std::size_t wanted = (entries + fill - 1) / fill;
    std::uint32_t buckets = 2;
    while (buckets < wanted && buckets < most_buckets)
        buckets <<= 1;
    return {page_size, buckets};
}

std::uint32_t DbHashWriter::stored_hash(std::string_view key, bool nul)
{
    std::uint32_t hash = DbHashReader::hash(key);
    if (nul)
        hash *= 16777619u; // and ^= '\0', which changes nothing
    return hash;
}

Result<DbHashWriter> DbHashWriter::open(const std::string& path, bool nul, Shape shape)
{
    // Item offsets are 16 bits: a 64 KB page's free space end would not fit.
    if (!DbPageFile::valid_page_size(shape.page_size) || shape.page_size > 32768 ||
        !std::has_single_bit(shape.buckets) || shape.buckets > most_buckets)
        return fail("open database " + path + ": unsupported page size or bucket count");
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd)
        return fail("open database " + path + ": " + std::strerror(errno));
    return DbHashWriter(std::move(fd), path, nul, shape);
}

DbHashWriter::DbHashWriter(UniqueFd fd, std::string path, bool nul, Shape shape)
    : fd_(std::move(fd)), path_(std::move(path)), nul_(nul), page_size_(shape.page_size),
      buckets_(shape.buckets), on_page_limit_(hash_on_page_limit(shape.page_size)),
      page_(shape.page_size), next_pgno_(shape.buckets + 1),
      bucket_run_(fd_.get(), shape.page_size), overflow_run_(fd_.get(), shape.page_size)
{
}

Result<void> DbHashWriter::add(std::string_view key, std::string_view value)
{
    if (std::string error = write_error(); !error.empty())
        return fail(error);
    constexpr std::size_t longest = std::numeric_limits<std::uint32_t>::max() - 1;
    if (key.size() > longest || value.size() > longest)
        return fail("cannot write " + path_ + ": entry too large");
    std::uint32_t bucket = bucket_of(stored_hash(key, nul_), buckets_);
    if (bucket < bucket_)
        return fail("cannot write " + path_ + ": entries not in bucket order");
    if (bucket > bucket_) {
        if (!pairs_of_bucket_.empty())
            if (auto written = write_bucket(); !written)
                return written;
        bucket_ = bucket;
    }
    Pair pair{bucket_bytes_.size(), static_cast<std::uint32_t>(key.size() + nul_),
              static_cast<std::uint32_t>(value.size() + nul_)};
    bucket_bytes_.append(key);
    if (nul_)
        bucket_bytes_.push_back('\0');
    bucket_bytes_.append(value);
    if (nul_)
        bucket_bytes_.push_back('\0');
    pairs_of_bucket_.push_back(pair);
    if (std::string error = write_error(); !error.empty())
        return fail(error);
    return {};
}

std::uint32_t DbHashWriter::item_space(std::uint32_t size) const
{
    return (big(size) ? overflow_reference_size : hash_item_header + size) + index_slot;
}

// libdb binary-searches a page's pairs, so they go out in its order (hash_key_before); the
// pages of a chain are each sorted, in one run of the bucket's keys.
Result<void> DbHashWriter::write_bucket()
{
    write_empty_buckets(bucket_);
    std::sort(pairs_of_bucket_.begin(), pairs_of_bucket_.end(),
              [&](const Pair& a, const Pair& b) { return hash_key_before(key_of(a), key_of(b)); });
    for (std::size_t i = 1; i < pairs_of_bucket_.size(); ++i)
        if (key_of(pairs_of_bucket_[i - 1]) == key_of(pairs_of_bucket_[i]))
            return fail("cannot write " + path_ + ": duplicate key");
    overflow_pages_.clear();
    for (const Pair& pair : pairs_of_bucket_) {
        for (std::string_view bytes : {key_of(pair), value_of(pair)}) {
            auto size = static_cast<std::uint32_t>(bytes.size());
            if (!big(size)) {
                overflow_pages_.push_back(0);
                continue;
            }
            overflow_pages_.push_back(next_pgno_);
            next_pgno_ += write_overflow_chain(
                overflow_run_, page_size_, next_pgno_, size,
                [&](std::uint32_t offset, std::uint32_t length, unsigned char* to) {
                    std::memcpy(to, bytes.data() + offset, length);
                });
        }
    }
    start_page(bucket_ + 1, 0);
    for (std::size_t i = 0; i < pairs_of_bucket_.size(); ++i) {
        std::string_view key = key_of(pairs_of_bucket_[i]);
        std::string_view value = value_of(pairs_of_bucket_[i]);
        std::uint32_t space = item_space(static_cast<std::uint32_t>(key.size())) +
                              item_space(static_cast<std::uint32_t>(value.size()));
        unsigned char* page = page_.data();
        std::uint32_t entries = load_u16(page + page_entries);
        std::uint32_t free = load_u16(page + page_high_free) - page_header - index_slot * entries;
        if (entries > 0 && space > free) {
            std::uint32_t next = next_pgno_++;
            store_u32(page + page_next_pgno, next);
            std::uint32_t pgno = page_pgno_;
            (pgno <= buckets_ ? bucket_run_ : overflow_run_).write(pgno, page);
            start_page(next, pgno);
        }
        put_item(key, overflow_pages_[2 * i]);
        put_item(value, overflow_pages_[2 * i + 1]);
    }
    (page_pgno_ <= buckets_ ? bucket_run_ : overflow_run_).write(page_pgno_, page_.data());
    written_buckets_ = bucket_ + 1;
    pairs_ += pairs_of_bucket_.size();
    pairs_of_bucket_.clear();
    bucket_bytes_.clear();
    return {};
}

void DbHashWriter::write_empty_buckets(std::uint32_t end)
{
    for (; written_buckets_ < end; ++written_buckets_) {
        format_page(page_.data(), page_size_, written_buckets_ + 1, 0);
        bucket_run_.write(written_buckets_ + 1, page_.data());
    }
}

void DbHashWriter::start_page(std::uint32_t pgno, std::uint32_t prev)
{
    format_page(page_.data(), page_size_, pgno, prev);
    page_pgno_ = pgno;
}

void DbHashWriter::put_item(std::string_view bytes, std::uint32_t overflow)
{
    unsigned char* page = page_.data();
    std::uint32_t entries = load_u16(page + page_entries);
    auto length = static_cast<std::uint32_t>(bytes.size());
    std::uint32_t size = overflow != 0 ? overflow_reference_size : hash_item_header + length;
    std::uint32_t offset = load_u16(page + page_high_free) - size;
    store_u16(page + page_high_free, offset);
    store_u16(page + page_header + index_slot * entries, offset);
    store_u16(page + page_entries, entries + 1);
    unsigned char* at = page + offset;
    if (overflow != 0) {
        std::memset(at, 0, overflow_reference_size);
        at[0] = item_overflow;
        store_u32(at + overflow_pgno, overflow);
        store_u32(at + overflow_length, length);
    } else {
        at[0] = item_key_data;
        std::memcpy(at + hash_item_header, bytes.data(), length);
    }
}

void DbHashWriter::write_meta()
{
    std::vector<unsigned char> meta(page_size_, 0);
    unsigned char* page = meta.data();
    store_meta_header({hash_magic, hash_version, page_size_, page_hash_meta, next_pgno_ - 1},
                      fd_.get(), page);
    store_u32(page + hash_meta_max_bucket, buckets_ - 1);
    store_u32(page + hash_meta_high_mask, buckets_ - 1);
    store_u32(page + hash_meta_low_mask, (buckets_ - 1) >> 1);
    store_u32(page + hash_meta_ffactor, 0);
    store_u32(page + hash_meta_nelem,
              static_cast<std::uint32_t>(std::min<std::uint64_t>(pairs_, UINT32_MAX)));
    store_u32(page + hash_meta_charkey, DbHashReader::hash(hash_check_key));
    // Doublings 0 to log2(buckets) hold the buckets, from page 1 on.
    for (int doubling = 0; doubling <= std::countr_zero(buckets_); ++doubling)
        store_u32(page + hash_meta_spares + 4 * doubling, 1);
    bucket_run_.write(0, page);
}

std::string DbHashWriter::write_error() const
{
    return write_error_message(path_, {bucket_run_.error(), overflow_run_.error()});
}

Result<void> DbHashWriter::finish()
{
    if (!pairs_of_bucket_.empty())
        if (auto written = write_bucket(); !written)
            return written;
    write_empty_buckets(buckets_);
    write_meta();
    bucket_run_.flush();
    overflow_run_.flush();
    return close_written(fd_, path_, {bucket_run_.error(), overflow_run_.error()});
}

} // namespace mf::maps
