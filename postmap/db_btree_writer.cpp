// See db_btree_writer.hpp. Page numbers: 0 is the meta page and 1 the root (libdb never moves
// a btree's root); the others are handed out in the order pages are needed. A leaf learns its
// number when the leaf before it completes (which needs it as its next link), so a leaf is
// written after the overflow pages of its own items; internal pages are numbered and written
// when they fill up. Whichever page ends up alone at the top level (a leaf for small tables)
// is written as page 1 at the end. Every number handed out is written, so the file is exactly
// last_pgno + 1 pages long and libdb appends its new pages after them.
//
// Separators (the keys on internal pages) are the shortest prefix of a page's first key that
// sorts after the previous page's last key, as libdb's default prefix function makes them;
// the first item of each internal page has an empty key, as in libdb's own trees.
#include "postmap/db_btree_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

#include "postmap/db_format.hpp"
#include "postmap/db_page_file.hpp"

namespace mf::maps {

namespace {

using namespace db_format;

// How full pages are left. libdb itself leaves the leaves of sorted input ~99% full (it splits
// a full rightmost page at its end) and those of unsorted input, as postmap gives it, about
// half full. Full pages are the smallest file, but then the first later insert into each page
// (postmap -i, mfmap -i) splits it: a new page at the file's end, half the items moved, a new
// separator in the parent, which splits in turn when full. 90% leaves room for a few typical
// entries per leaf before that happens, for about a tenth more pages. Internal pages are a
// hundredth of the file, so leaving them a quarter free costs nothing measurable and lets
// many leaves split before their parent has to.
constexpr std::uint32_t leaf_fill_percent = 90;
constexpr std::uint32_t internal_fill_percent = 75;

// Bytes an item takes on a leaf page, its index slot included.
std::uint32_t leaf_space(std::uint32_t size, bool overflow)
{
    return overflow ? aligned(overflow_reference_size) + index_slot : leaf_item_space(size);
}

// Bytes an item with a separator of `size` bytes takes on an internal page.
std::uint32_t internal_space(std::uint32_t size, bool overflow)
{
    return aligned(internal_header + (overflow ? overflow_reference_size : size)) + index_slot;
}

// The shortest prefix of `right` that sorts after `left` (which sorts before `right`): up to
// and including the first byte where they differ.
std::string_view separator_between(std::string_view left, std::string_view right)
{
    auto differ = std::mismatch(left.begin(), left.end(), right.begin(), right.end());
    return right.substr(0, static_cast<std::size_t>(differ.second - right.begin()) + 1);
}

} // namespace

void DbBtreeWriter::PageImage::reset(std::uint8_t type, std::uint8_t level)
{
    std::fill(bytes_.begin(), bytes_.end(), 0);
    unsigned char* page = bytes_.data();
    store_u32(page + page_lsn + 4, lsn_not_logged_offset);
    store_u16(page + page_high_free, static_cast<std::uint32_t>(bytes_.size()));
    page[page_level] = level;
    page[page_type] = type;
}

std::uint32_t DbBtreeWriter::PageImage::entries() const
{
    return load_u16(bytes_.data() + page_entries);
}

std::uint32_t DbBtreeWriter::PageImage::used() const
{
    auto size = static_cast<std::uint32_t>(bytes_.size());
    return page_header + index_slot * entries() + size -
           load_u16(bytes_.data() + page_high_free);
}

unsigned char* DbBtreeWriter::PageImage::add_item(std::uint32_t size)
{
    unsigned char* page = bytes_.data();
    std::uint32_t entries = this->entries();
    std::uint32_t offset = load_u16(page + page_high_free) - size;
    store_u16(page + page_high_free, offset);
    store_u16(page + page_header + index_slot * entries, offset);
    store_u16(page + page_entries, entries + 1);
    return page + offset;
}

void DbBtreeWriter::PageImage::set_links(std::uint32_t pgno, std::uint32_t prev,
                                         std::uint32_t next)
{
    store_u32(bytes_.data() + page_pgno, pgno);
    store_u32(bytes_.data() + page_prev_pgno, prev);
    store_u32(bytes_.data() + page_next_pgno, next);
}

void DbBtreeWriter::Item::copy(std::uint32_t offset, std::uint32_t length, unsigned char* to) const
{
    std::uint32_t from_text =
        offset < text.size() ? std::min<std::uint32_t>(length, text.size() - offset) : 0;
    std::memcpy(to, text.data() + offset, from_text);
    if (from_text < length)
        to[from_text] = '\0'; // the NUL, the only byte past the text
}

std::uint32_t DbBtreeWriter::default_page_size(int fd)
{
    struct stat status {};
    std::uint32_t size = 4096;
    if (::fstat(fd, &status) == 0 && status.st_blksize > 0)
        size = static_cast<std::uint32_t>(std::min<blksize_t>(status.st_blksize, 16384));
    return std::max(512u, std::bit_floor(size));
}

Result<DbBtreeWriter> DbBtreeWriter::open(const std::string& path, bool nul,
                                          std::optional<std::uint32_t> page_size)
{
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd)
        return fail("open database " + path + ": " + std::strerror(errno));
    std::uint32_t size = page_size.value_or(default_page_size(fd.get()));
    if (!DbPageFile::valid_page_size(size) || size > 32768)
        return fail("open database " + path + ": unsupported page size " + std::to_string(size));
    return DbBtreeWriter(std::move(fd), path, nul, size);
}

DbBtreeWriter::DbBtreeWriter(UniqueFd fd, std::string path, bool nul, std::uint32_t page_size)
    : fd_(std::move(fd)), path_(std::move(path)), nul_(nul), page_size_(page_size),
      on_page_limit_(btree_on_page_limit(page_size)),
      leaf_target_(page_header + (page_size - page_header) * leaf_fill_percent / 100),
      internal_target_(page_header + (page_size - page_header) * internal_fill_percent / 100),
      leaf_(page_size), run_(fd_.get(), page_size)
{
    leaf_.reset(page_btree_leaf, leaf_level);
}

Result<void> DbBtreeWriter::add(std::string_view key, std::string_view value)
{
    if (std::string error = write_error(); !error.empty())
        return fail(error);
    constexpr std::size_t longest = std::numeric_limits<std::uint32_t>::max() - 1;
    if (key.size() > longest || value.size() > longest)
        return fail("cannot write " + path_ + ": entry too large");
    key_.assign(key);
    if (nul_)
        key_.push_back('\0');
    if (have_key_ && compare_keys(last_key_, key_) >= 0)
        return fail("cannot write " + path_ + ": keys not in ascending order");
    Item stored_key{key_, false};
    Item stored_value{value, nul_};
    std::uint32_t space = leaf_space(stored_key.size(), overflows(stored_key.size())) +
                          leaf_space(stored_value.size(), overflows(stored_value.size()));
    if (leaf_.entries() > 0 && leaf_.used() + space > leaf_target_) {
        end_leaf();
        leaf_separator_.assign(separator_between(last_key_, key_));
    }
    put_leaf_item(stored_key);
    put_leaf_item(stored_value);
    last_key_.swap(key_);
    have_key_ = true;
    if (std::string error = write_error(); !error.empty())
        return fail(error);
    return {};
}

void DbBtreeWriter::put_leaf_item(const Item& item)
{
    std::uint32_t size = item.size();
    if (overflows(size)) {
        std::uint32_t first = write_overflow(item);
        unsigned char* at = leaf_.add_item(aligned(overflow_reference_size));
        at[item_type] = item_overflow;
        store_u32(at + overflow_pgno, first);
        store_u32(at + overflow_length, size);
        return;
    }
    unsigned char* at = leaf_.add_item(aligned(key_data_header + size));
    store_u16(at, size);
    at[item_type] = item_key_data;
    item.copy(0, size, at + key_data_header);
}

void DbBtreeWriter::end_leaf()
{
    if (leaf_pgno_ == 0)
        leaf_pgno_ = allocate();
    std::uint32_t next = allocate();
    leaf_.set_links(leaf_pgno_, previous_leaf_pgno_, next);
    write_page(leaf_pgno_, leaf_.data());
    add_to_level(0, std::move(leaf_separator_), leaf_pgno_);
    previous_leaf_pgno_ = leaf_pgno_;
    leaf_pgno_ = next;
    leaf_.reset(page_btree_leaf, leaf_level);
}

void DbBtreeWriter::add_to_level(std::size_t index, std::string separator, std::uint32_t child)
{
    auto level_number = static_cast<std::uint8_t>(index + 2);
    if (index == levels_.size()) {
        levels_.push_back(Level{PageImage(page_size_), {}, false});
        levels_.back().page.reset(page_btree_internal, level_number);
    }
    auto size = static_cast<std::uint32_t>(separator.size());
    bool first = levels_[index].page.entries() == 0;
    if (!first && levels_[index].page.used() + internal_space(size, overflows(size)) >
                      internal_target_) {
        std::uint32_t pgno = allocate();
        Level& full = levels_[index];
        full.page.set_links(pgno, 0, 0);
        write_page(pgno, full.page.data());
        full.wrote_page = true;
        std::string up = std::move(full.first_separator);
        add_to_level(index + 1, std::move(up), pgno); // may move levels_
        levels_[index].page.reset(page_btree_internal, level_number);
        first = true;
    }
    if (first)
        size = 0;
    unsigned char* at;
    if (overflows(size)) {
        std::uint32_t chain = write_overflow(Item{separator, false});
        at = levels_[index].page.add_item(aligned(internal_header + overflow_reference_size));
        store_u16(at, overflow_reference_size);
        at[item_type] = item_overflow;
        unsigned char* reference = at + internal_header;
        reference[item_type] = item_overflow;
        store_u32(reference + overflow_pgno, chain);
        store_u32(reference + overflow_length, size);
    } else {
        at = levels_[index].page.add_item(aligned(internal_header + size));
        store_u16(at, size);
        at[item_type] = item_key_data;
        std::memcpy(at + internal_header, separator.data(), size);
    }
    store_u32(at + internal_child, child);
    if (first)
        levels_[index].first_separator = std::move(separator);
}

std::uint32_t DbBtreeWriter::write_overflow(const Item& item)
{
    std::uint32_t first = next_pgno_;
    next_pgno_ += write_overflow_chain(
        run_, page_size_, first, item.size(),
        [&](std::uint32_t offset, std::uint32_t length, unsigned char* to) {
            item.copy(offset, length, to);
        });
    return first;
}

std::string DbBtreeWriter::write_error() const
{
    return write_error_message(path_, {run_.error()});
}

void DbBtreeWriter::write_meta()
{
    std::vector<unsigned char> meta(page_size_, 0);
    unsigned char* page = meta.data();
    store_meta_header({btree_magic, btree_version, page_size_, page_btree_meta, next_pgno_ - 1},
                      fd_.get(), page);
    store_u32(page + btree_meta_minkey, btree_default_minkey);
    store_u32(page + btree_meta_re_pad, btree_default_re_pad);
    store_u32(page + btree_meta_root, 1);
    write_page(0, page);
}

Result<void> DbBtreeWriter::finish()
{
    if (leaf_pgno_ == 0) {
        // The only leaf (an empty table has one too): the root.
        leaf_.set_links(1, 0, 0);
        write_page(1, leaf_.data());
    } else {
        leaf_.set_links(leaf_pgno_, previous_leaf_pgno_, 0);
        write_page(leaf_pgno_, leaf_.data());
        add_to_level(0, std::move(leaf_separator_), leaf_pgno_);
        // Complete each level upwards; the first level that never filled a page is the root.
        for (std::size_t index = 0;; ++index) {
            if (!levels_[index].wrote_page) {
                levels_[index].page.set_links(1, 0, 0);
                write_page(1, levels_[index].page.data());
                break;
            }
            std::uint32_t pgno = allocate();
            levels_[index].page.set_links(pgno, 0, 0);
            write_page(pgno, levels_[index].page.data());
            add_to_level(index + 1, std::move(levels_[index].first_separator), pgno);
        }
    }
    write_meta();
    run_.flush();
    return close_written(fd_, path_, {run_.error()});
}

} // namespace mf::maps
