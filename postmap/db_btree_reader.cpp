// See db_btree_reader.hpp. Internal pages hold (child page, separator key) items; the first
// item's key is ignored (it stands for "everything below the second"), so a key descends
// into the last item whose separator is not greater than it. Leaf pages hold key/value item
// pairs in key order. Levels count from 1 at the leaves, and each step down must go exactly
// one level lower, which bounds the walk on a corrupt file.
#include "postmap/db_btree_reader.hpp"

#include <algorithm>
#include <cstring>

namespace mf::maps {

namespace {

using db_format::internal_header;
using db_format::item_deleted;
using db_format::item_key_data;
using db_format::item_overflow;
using db_format::key_data_header;
constexpr std::uint32_t overflow_size = db_format::overflow_reference_size;

// An item's key as stored: its bytes, or where its overflow chain starts.
struct StoredKey {
    std::string_view bytes;
    bool overflow = false;
    std::uint32_t pgno = 0;
    std::uint32_t total = 0;
};

// Decodes the key-data or overflow item that starts at `at` with `available` bytes to the
// page end, its data `header` bytes after the start (3 on leaves, 12 on internal pages).
inline std::optional<StoredKey> stored_key(const unsigned char* at, std::uint32_t available,
                                    std::uint32_t header)
{
    if (available < header)
        return std::nullopt;
    std::uint8_t type = at[db_format::item_type] & ~item_deleted;
    std::uint32_t length = load_u16(at);
    if (type == item_key_data) {
        if (length > available - header)
            return std::nullopt;
        return StoredKey{{reinterpret_cast<const char*>(at) + header, length}};
    }
    if (type == item_overflow) {
        // A leaf item is the overflow reference itself; an internal item carries one after
        // its header.
        std::uint32_t offset = header == internal_header ? internal_header : 0;
        if (available < offset + overflow_size)
            return std::nullopt;
        return StoredKey{{}, true, load_u32(at + offset + db_format::overflow_pgno),
                         load_u32(at + offset + db_format::overflow_length)};
    }
    return std::nullopt;
}

// Compares `key` with the key of the item at `at` (see stored_key): <0, 0, >0, or nullopt
// when the item or its overflow chain is corrupt.
std::optional<int> compare_item(const DbPageFile& pages, std::string_view key,
                                const unsigned char* at, std::uint32_t available,
                                std::uint32_t header)
{
    auto stored = stored_key(at, available, header);
    if (!stored)
        return std::nullopt;
    if (!stored->overflow)
        return compare_keys(key, stored->bytes);
    return pages.compare_overflow(key, stored->pgno, stored->total);
}

} // namespace

std::optional<DbBtreeReader::Tree> DbBtreeReader::decode(
    int fd, const unsigned char (&meta)[db_format::meta_size])
{
    DbMeta header = DbPageFile::decode_meta(meta);
    // Byte-swapped files show a different magic; flags cover duplicates, record numbers,
    // compression and sub-databases; meta flags cover checksums and partitions.
    if (header.magic != db_format::btree_magic || header.version != db_format::btree_version ||
        header.type != db_format::page_btree_meta || header.encrypt_alg != 0 ||
        header.meta_flags != 0 || header.flags != 0 ||
        !DbPageFile::valid_page_size(header.page_size))
        return std::nullopt;
    auto pages = DbPageFile::open(fd, header);
    std::uint32_t root = load_u32(meta + db_format::btree_meta_root);
    if (!pages || root == 0 || root > pages->last_pgno())
        return std::nullopt;
    return Tree{*pages, root};
}

std::optional<DbBtreeReader> DbBtreeReader::open(int fd, bool cache_internal)
{
    unsigned char meta[db_format::meta_size];
    if (!DbPageFile::read_meta(fd, meta))
        return std::nullopt;
    auto tree = decode(fd, meta);
    if (!tree)
        return std::nullopt;
    DbBtreeReader reader(*tree, fd);
    if (cache_internal)
        reader.load_cache();
    return reader;
}

void DbBtreeReader::load_cache()
{
    const std::uint32_t page_size = tree_.pages.page_size();
    const std::size_t most = cache_budget / page_size;
    // Pages are read straight into their place in the cache (reserved, not touched, so a small
    // tree costs only its pages): the cache is the only copy even while it is being built.
    cached_bytes_.reserve(most * page_size);
    auto give_up = [this] {
        cached_bytes_.clear();
        cached_bytes_.shrink_to_fit();
        cached_index_.clear();
    };
    // Breadth first: a level is cached whole or not at all beyond the budget, so the pages
    // every lookup needs (the top levels) are the ones kept.
    std::vector<std::uint32_t> level{tree_.root};
    while (!level.empty() && cached_index_.size() + level.size() <= most) {
        std::vector<std::uint32_t> next;
        for (std::uint32_t pgno : level) {
            const std::size_t slot = cached_index_.size();
            cached_bytes_.resize((slot + 1) * page_size);
            unsigned char* page = cached_bytes_.data() + slot * page_size;
            if (!tree_.pages.read_page(pgno, db_format::page_btree_internal, page))
                return give_up(); // a leaf root, or a corrupt page: lookups read (and judge) it
            cached_index_.push_back({pgno, static_cast<std::uint32_t>(slot)});
            PageHeader header = page_header_of(page);
            if (header.level <= 2)
                continue; // children are leaves
            for (std::uint32_t i = 0; i < header.entries; ++i) {
                auto item = tree_.pages.item_at(page, i);
                if (!item || item->available < internal_header)
                    return give_up();
                next.push_back(load_u32(page + item->offset + db_format::internal_child));
            }
        }
        level = std::move(next);
    }
    // A page listed twice by a corrupt parent is looked up by its first copy.
    std::stable_sort(cached_index_.begin(), cached_index_.end(),
                     [](const CachedPage& a, const CachedPage& b) { return a.pgno < b.pgno; });
}

PageLookup DbBtreeReader::lookup(std::string_view key, std::string& value, bool reread_meta) const
{
    if (!reread_meta)
        return search(tree_, true, key, value);
    unsigned char meta[db_format::meta_size];
    if (!DbPageFile::read_meta(fd_, meta))
        return PageLookup::corrupt;
    auto tree = decode(fd_, meta);
    if (!tree)
        return PageLookup::corrupt;
    return search(*tree, false, key, value);
}

const unsigned char* DbBtreeReader::page(const Tree& tree, std::uint32_t pgno, std::uint8_t type,
                                         bool use_cache, unsigned char* buffer) const
{
    if (use_cache) {
        auto at = std::lower_bound(
            cached_index_.begin(), cached_index_.end(), pgno,
            [](const CachedPage& cached, std::uint32_t wanted) { return cached.pgno < wanted; });
        if (at != cached_index_.end() && at->pgno == pgno) {
            const unsigned char* cached =
                cached_bytes_.data() + std::size_t{at->slot} * tree.pages.page_size();
            return page_header_of(cached).type == type ? cached : nullptr;
        }
    }
    return tree.pages.read_page(pgno, type, buffer) ? buffer : nullptr;
}

PageLookup DbBtreeReader::search(const Tree& tree, bool use_cache, std::string_view key,
                                 std::string& value) const
{
    const DbPageFile& pages = tree.pages;
    std::uint32_t page_size = pages.page_size();
    PageBuffer page_buffer(page_size);
    unsigned char* buffer = page_buffer.get();
    // The root says how deep the tree is: a leaf root, or an internal page of level >= 2.
    std::uint32_t pgno = tree.root;
    const unsigned char* at = page(tree, pgno, db_format::page_btree_internal, use_cache, buffer);
    if (at == nullptr)
        at = page(tree, pgno, db_format::page_btree_leaf, use_cache, buffer);
    if (at == nullptr)
        return PageLookup::corrupt;
    std::uint8_t level = page_header_of(at).level;
    while (page_header_of(at).type == db_format::page_btree_internal) {
        PageHeader header = page_header_of(at);
        if (header.level != level || level < 2 || header.entries == 0)
            return PageLookup::corrupt;
        // The last item (from the second) whose separator is <= key; the first otherwise.
        std::uint32_t low = 1, high = header.entries, chosen = 0;
        while (low < high) {
            std::uint32_t middle = low + (high - low) / 2;
            auto item = pages.item_at(at, middle);
            if (!item)
                return PageLookup::corrupt;
            auto order = compare_item(pages, key, at + item->offset, item->available,
                                      internal_header);
            if (!order)
                return PageLookup::corrupt;
            if (*order >= 0) {
                chosen = middle;
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        auto item = pages.item_at(at, chosen);
        if (!item || item->available < internal_header)
            return PageLookup::corrupt;
        pgno = load_u32(at + item->offset + db_format::internal_child);
        --level;
        at = page(tree, pgno,
                  level == 1 ? db_format::page_btree_leaf : db_format::page_btree_internal,
                  use_cache, buffer);
        if (at == nullptr || page_header_of(at).level != level)
            return PageLookup::corrupt;
    }
    PageHeader header = page_header_of(at);
    if (header.entries % 2 != 0)
        return PageLookup::corrupt;
    std::uint32_t low = 0, high = header.entries / 2;
    while (low < high) {
        std::uint32_t middle = low + (high - low) / 2;
        auto item = pages.item_at(at, 2 * middle);
        if (!item)
            return PageLookup::corrupt;
        auto order =
            compare_item(pages, key, at + item->offset, item->available, key_data_header);
        if (!order)
            return PageLookup::corrupt;
        if (*order < 0) {
            high = middle;
        } else if (*order > 0) {
            low = middle + 1;
        } else {
            if ((at[item->offset + db_format::item_type] & item_deleted) != 0)
                return PageLookup::absent;
            auto data_item = pages.item_at(at, 2 * middle + 1);
            if (!data_item)
                return PageLookup::corrupt;
            auto data = stored_key(at + data_item->offset, data_item->available, key_data_header);
            if (!data)
                return PageLookup::corrupt;
            value.clear();
            if (!data->overflow) {
                value.assign(data->bytes);
                return PageLookup::found;
            }
            return pages.read_overflow(data->pgno, data->total, value);
        }
    }
    return PageLookup::absent;
}

} // namespace mf::maps
