// See db_btree_reader.hpp. Internal pages hold (child page, separator key) items; the first
// item's key is ignored (it stands for "everything below the second"), so a key descends
// into the last item whose separator is not greater than it. Leaf pages hold key/value item
// pairs in key order. Levels count from 1 at the leaves, and each step down must go exactly
// one level lower, which bounds the walk on a corrupt file.
#include "postmap/db_btree_reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

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
    if (cache_internal) {
        // The pages above the leaves' parents, then the leaf index read from those parents;
        // where no index can be made, every internal page the budget allows.
        reader.load_cache(false);
        if (!reader.index_leaves())
            reader.load_cache(true);
    }
    return reader;
}

void DbBtreeReader::load_cache(bool leaf_parents)
{
    const std::uint32_t page_size = tree_.pages.page_size();
    const std::size_t most = cache_budget / page_size;
    auto give_up = [this] {
        cached_bytes_ = std::vector<unsigned char>();
        cached_index_ = std::vector<CachedPage>();
    };
    give_up();
    // Pages are read straight into their place in the cache (reserved, not touched, so a small
    // tree costs only its pages): the cache is the only copy even while it is being built.
    cached_bytes_.reserve(most * page_size);
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
            PageHeader header = page_header_of(page);
            if (header.level <= 2 && !leaf_parents) {
                cached_bytes_.resize(slot * page_size);
                next.clear();
                break; // the leaves' parents: not wanted
            }
            cached_index_.push_back({pgno, static_cast<std::uint32_t>(slot)});
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

namespace {

// The first 8 bytes of `bytes`, zero-padded, as a big-endian number: for keys that differ in
// these bytes, the numbers compare as the keys do.
std::uint64_t key_prefix(std::string_view bytes)
{
    unsigned char first[8] = {};
    std::memcpy(first, bytes.data(), std::min<std::size_t>(bytes.size(), 8));
    std::uint64_t number = 0;
    for (unsigned char byte : first)
        number = number << 8 | byte;
    return number;
}

} // namespace

bool DbBtreeReader::index_leaves()
{
    auto drop = [this] {
        leaf_prefixes_ = std::vector<std::uint64_t>();
        leaf_pages_ = std::vector<std::uint32_t>();
        leaf_bounds_ = std::string();
        leaf_bound_ends_ = std::vector<std::uint32_t>();
        return false;
    };
    PageBuffer buffer(tree_.pages.page_size());
    std::uint8_t root_level = 0;
    if (cached_index_.empty()) { // the root is a leaves' parent, or unreadable
        if (!tree_.pages.read_page(tree_.root, db_format::page_btree_internal, buffer.get()))
            return false;
        root_level = page_header_of(buffer.get()).level;
    } else {
        root_level = page_header_of(cached_bytes_.data()).level;
    }
    // Counted first, so that the arrays are sized once: growing them would copy them, and
    // the copies would raise the query's peak memory.
    LeafTally tally;
    if (!collect_leaves(tree_.root, root_level, {}, 0, buffer.get(), &tally))
        return false;
    if (tally.leaves * (sizeof(std::uint64_t) + 2 * sizeof(std::uint32_t)) + tally.bound_bytes >
        cache_budget)
        return false;
    leaf_prefixes_.reserve(tally.leaves);
    leaf_pages_.reserve(tally.leaves);
    leaf_bounds_.reserve(tally.bound_bytes);
    leaf_bound_ends_.reserve(tally.leaves);
    leaf_bound_ends_.push_back(0);
    if (!collect_leaves(tree_.root, root_level, {}, 0, buffer.get(), nullptr) ||
        leaf_pages_.size() != tally.leaves)
        return drop();
    line_prefixes_.reserve((leaf_prefixes_.size() + per_line - 1) / per_line);
    for (std::size_t i = 0; i < leaf_prefixes_.size(); i += per_line)
        line_prefixes_.push_back(leaf_prefixes_[i]);
    // Lookups now find their leaf by the index alone: the internal pages can go.
    cached_bytes_ = std::vector<unsigned char>();
    cached_index_ = std::vector<CachedPage>();
    return true;
}

bool DbBtreeReader::collect_leaves(std::uint32_t pgno, std::uint8_t level,
                                   std::string_view inherited, int depth, unsigned char* buffer,
                                   LeafTally* tally)
{
    if (level < 2 || depth > std::numeric_limits<std::uint8_t>::max())
        return false;
    // The pages above the leaves' parents are cached; the parents are read one at a time.
    const unsigned char* at = nullptr;
    if (level > 2) {
        auto cached = std::lower_bound(
            cached_index_.begin(), cached_index_.end(), pgno,
            [](const CachedPage& each, std::uint32_t wanted) { return each.pgno < wanted; });
        if (cached == cached_index_.end() || cached->pgno != pgno)
            return false;
        at = cached_bytes_.data() + std::size_t{cached->slot} * tree_.pages.page_size();
    } else if (tree_.pages.read_page(pgno, db_format::page_btree_internal, buffer)) {
        at = buffer;
    } else {
        return false;
    }
    PageHeader header = page_header_of(at);
    if (header.type != db_format::page_btree_internal || header.level != level ||
        header.entries == 0)
        return false;
    for (std::uint32_t i = 0; i < header.entries; ++i) {
        auto item = tree_.pages.item_at(at, i);
        if (!item || item->available < internal_header)
            return false;
        const unsigned char* stored = at + item->offset;
        // Separators kept in overflow pages are not indexed.
        if ((stored[db_format::item_type] & ~item_deleted) != item_key_data ||
            load_u16(stored) > item->available - internal_header)
            return false;
        const std::uint32_t child = load_u32(stored + db_format::internal_child);
        const std::string_view bound =
            i == 0 ? inherited
                   : std::string_view(reinterpret_cast<const char*>(stored) + internal_header,
                                      load_u16(stored));
        if (level > 2) {
            if (!collect_leaves(child, static_cast<std::uint8_t>(level - 1), bound, depth + 1,
                                buffer, tally))
                return false;
            continue;
        }
        if (tally) {
            ++tally->leaves;
            tally->bound_bytes += bound.size();
            continue;
        }
        // Only the first leaf has no bound; bounds rise strictly, as in a sound tree
        // (otherwise the walk decides); the pages are as counted.
        const bool first = leaf_pages_.empty();
        if (first != (bound.data() == nullptr) ||
            (leaf_pages_.size() > 1 &&
             compare_keys(bound_of(leaf_pages_.size() - 1), bound) >= 0) ||
            leaf_pages_.size() == leaf_pages_.capacity() ||
            leaf_bounds_.size() + bound.size() > leaf_bounds_.capacity())
            return false;
        leaf_pages_.push_back(child);
        leaf_prefixes_.push_back(first ? 0 : key_prefix(bound));
        if (!first) {
            leaf_bounds_.append(bound);
            leaf_bound_ends_.push_back(static_cast<std::uint32_t>(leaf_bounds_.size()));
        }
    }
    return true;
}

std::string_view DbBtreeReader::bound_of(std::size_t leaf) const
{
    return std::string_view(leaf_bounds_)
        .substr(leaf_bound_ends_[leaf - 1], leaf_bound_ends_[leaf] - leaf_bound_ends_[leaf - 1]);
}

std::uint32_t DbBtreeReader::indexed_leaf(std::string_view key) const
{
    // The last leaf whose bound is not above the key; the first leaf has none (prefix 0).
    // First the cache line of prefixes, by the first prefix of every line, then within it.
    const std::uint64_t prefix = key_prefix(key);
    const std::size_t line = static_cast<std::size_t>(
                                 std::upper_bound(line_prefixes_.begin(), line_prefixes_.end(),
                                                  prefix) -
                                 line_prefixes_.begin()) -
                             1;
    const auto first = leaf_prefixes_.begin() + static_cast<std::ptrdiff_t>(line * per_line);
    const auto last = leaf_prefixes_.begin() +
                      static_cast<std::ptrdiff_t>(
                          std::min(leaf_prefixes_.size(), (line + 1) * per_line));
    std::size_t i =
        static_cast<std::size_t>(std::upper_bound(first, last, prefix) - leaf_prefixes_.begin()) -
        1;
    while (i > 0 && leaf_prefixes_[i] == prefix && compare_keys(bound_of(i), key) > 0)
        --i;
    return leaf_pages_[i];
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
    if (use_cache && !leaf_pages_.empty()) {
        const unsigned char* leaf =
            page(tree, indexed_leaf(key), db_format::page_btree_leaf, false, buffer);
        if (leaf == nullptr || page_header_of(leaf).level != 1)
            return PageLookup::corrupt;
        return search_leaf(pages, leaf, key, value);
    }
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
    return search_leaf(pages, at, key, value);
}

PageLookup DbBtreeReader::search_leaf(const DbPageFile& pages, const unsigned char* at,
                                      std::string_view key, std::string& value)
{
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
