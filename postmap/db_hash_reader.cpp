// See db_hash_reader.hpp. The bucket of a key: hash & high_mask, or & low_mask when that is
// past the last bucket (the table grows by splitting one bucket at a time). Bucket B lives on
// page B + spares[ceil(log2(B + 1))]: buckets are allocated in doublings, each doubling's
// pages after the overflow pages allocated before it.
#include "postmap/db_hash_reader.hpp"

#include <bit>
#include <cstring>

namespace mf::maps {

namespace {

using db_format::hash_magic;
using db_format::hash_version;
using db_format::item_key_data;
// An off-page reference on hash pages: type, 3 unused, pgno, total length.
constexpr std::uint8_t item_off_page = db_format::item_overflow;
constexpr std::uint32_t off_page_size = db_format::overflow_reference_size;

} // namespace

std::uint32_t DbHashReader::hash(std::string_view bytes)
{
    std::uint32_t h = 0;
    for (unsigned char c : bytes) {
        h *= 16777619u;
        h ^= c;
    }
    return h;
}

std::optional<std::pair<DbMeta, DbHashReader::Layout>> DbHashReader::decode(
    const unsigned char (&meta)[db_format::meta_size])
{
    DbMeta header = DbPageFile::decode_meta(meta);
    // Byte-swapped files show a different magic; flags cover duplicates and sub-databases;
    // meta flags cover checksums and partitions.
    if (header.magic != hash_magic || header.version != hash_version ||
        header.type != db_format::page_hash_meta || header.encrypt_alg != 0 ||
        header.meta_flags != 0 || header.flags != 0 ||
        !DbPageFile::valid_page_size(header.page_size) ||
        load_u32(meta + db_format::hash_meta_charkey) != hash(db_format::hash_check_key))
        return std::nullopt;
    Layout layout;
    layout.max_bucket = load_u32(meta + db_format::hash_meta_max_bucket);
    layout.high_mask = load_u32(meta + db_format::hash_meta_high_mask);
    layout.low_mask = load_u32(meta + db_format::hash_meta_low_mask);
    for (int i = 0; i < 32; ++i)
        layout.spares[i] = load_u32(meta + db_format::hash_meta_spares + 4 * i);
    if (layout.max_bucket > layout.high_mask || layout.low_mask > layout.high_mask)
        return std::nullopt;
    return std::pair{header, layout};
}

std::optional<DbHashReader> DbHashReader::open(int fd)
{
    unsigned char meta[db_format::meta_size];
    if (!DbPageFile::read_meta(fd, meta))
        return std::nullopt;
    auto decoded = decode(meta);
    if (!decoded)
        return std::nullopt;
    auto pages = DbPageFile::open(fd, decoded->first);
    if (!pages)
        return std::nullopt;
    return DbHashReader(fd, *pages, decoded->second);
}

PageLookup DbHashReader::lookup(std::string_view key, std::string& value, bool reread_meta) const
{
    if (!reread_meta)
        return search(pages_, layout_, key, value);
    unsigned char meta[db_format::meta_size];
    if (!DbPageFile::read_meta(fd_, meta))
        return PageLookup::corrupt;
    auto decoded = decode(meta);
    if (!decoded)
        return PageLookup::corrupt;
    auto pages = DbPageFile::open(fd_, decoded->first);
    if (!pages)
        return PageLookup::corrupt;
    return search(*pages, decoded->second, key, value);
}

PageLookup DbHashReader::search(const DbPageFile& pages, const Layout& layout,
                                std::string_view key, std::string& value) const
{
    std::uint32_t bucket = hash(key) & layout.high_mask;
    if (bucket > layout.max_bucket)
        bucket &= layout.low_mask;
    // ceil(log2(bucket + 1)): the doubling the bucket belongs to.
    std::uint32_t doubling = static_cast<std::uint32_t>(std::bit_width(bucket));
    if (doubling >= std::size(layout.spares))
        return PageLookup::corrupt;
    std::uint32_t pgno = bucket + layout.spares[doubling];
    std::uint32_t page_size = pages.page_size();
    PageBuffer buffer(page_size);
    unsigned char* page = buffer.get();
    // A bucket's pages form a chain; more links than pages in the file means a cycle.
    for (std::uint32_t links = 0; pgno != 0; ++links) {
        if (links > pages.last_pgno())
            return PageLookup::corrupt;
        if (links == 0) {
            auto first = pages.read_bucket_page(pgno, db_format::page_hash, page);
            if (first == DbPageFile::BucketPage::empty)
                return PageLookup::absent;
            if (first == DbPageFile::BucketPage::bad)
                return PageLookup::corrupt;
        } else if (!pages.read_page(pgno, db_format::page_hash, page)) {
            return PageLookup::corrupt;
        }
        PageHeader header = page_header_of(page);
        // The index array must end before the items start, and they within the page.
        if (header.entries % 2 != 0 ||
            db_format::page_header + 2 * std::uint32_t{header.entries} >
                header.high_free_offset ||
            header.high_free_offset > page_size)
            return PageLookup::corrupt;
        const unsigned char* index = page + db_format::page_header;
        // Item i runs from its offset to the previous item's (the page end for item 0).
        std::uint32_t item_end = page_size;
        for (std::uint32_t i = 0; i < header.entries; i += 2) {
            std::uint32_t key_offset = load_u16(index + 2 * i);
            std::uint32_t data_offset = load_u16(index + 2 * i + 2);
            if (data_offset < header.high_free_offset || data_offset >= key_offset ||
                key_offset >= item_end)
                return PageLookup::corrupt;
            std::uint32_t key_length = item_end - key_offset;
            std::uint32_t data_length = key_offset - data_offset;
            item_end = data_offset;
            const unsigned char* stored = page + key_offset;
            bool match = false;
            if (stored[0] == item_key_data) {
                match = key_length - 1 == key.size() && same_bytes(stored + 1, key.data(), key.size());
            } else if (stored[0] == item_off_page && key_length >= off_page_size) {
                std::uint32_t total = load_u32(stored + 8);
                if (total == key.size()) {
                    auto order = pages.compare_overflow(key, load_u32(stored + 4), total);
                    if (!order)
                        return PageLookup::corrupt;
                    match = *order == 0;
                }
            } else {
                return PageLookup::corrupt;
            }
            if (!match)
                continue;
            const unsigned char* data = page + data_offset;
            if (data[0] == item_key_data) {
                value.assign(reinterpret_cast<const char*>(data) + 1, data_length - 1);
                return PageLookup::found;
            }
            if (data[0] == item_off_page && data_length >= off_page_size) {
                value.clear();
                return pages.read_overflow(load_u32(data + 4), load_u32(data + 8), value);
            }
            return PageLookup::corrupt;
        }
        pgno = header.next_pgno;
    }
    return PageLookup::absent;
}

} // namespace mf::maps
