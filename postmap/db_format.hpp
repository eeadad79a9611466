// Berkeley DB 5.3's on-disk layout, as far as our hash and btree readers (db_page_file.hpp)
// and our writers (db_btree_writer.hpp, db_hash_writer.hpp) use it: page types, item codes, the offsets of
// the page header and meta page fields, item sizes and the on-page size limit. One place, so
// the readers and the writer cannot disagree. Little-endian throughout (the native order of
// the machines Postfix tables are built on; libdb reads the other order too). Names follow
// libdb's documentation, lower-cased.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace mf::maps {

namespace db_format {

inline constexpr std::uint32_t meta_size = 512;  // bytes of page 0 that hold the meta data
inline constexpr std::uint32_t page_header = 26; // bytes before a page's index array

// Page types.
inline constexpr std::uint8_t page_btree_internal = 3;
inline constexpr std::uint8_t page_btree_leaf = 5;
inline constexpr std::uint8_t page_overflow = 7;
inline constexpr std::uint8_t page_hash_meta = 8;
inline constexpr std::uint8_t page_btree_meta = 9;
inline constexpr std::uint8_t page_hash = 13;

// Page header fields (every page, the meta page too). A page's log sequence number is
// "not logged" (file 0, offset 1) in a table written without a transaction log.
inline constexpr std::uint32_t page_lsn = 0;
inline constexpr std::uint32_t lsn_not_logged_offset = 1;
inline constexpr std::uint32_t page_pgno = 8;
inline constexpr std::uint32_t page_prev_pgno = 12;
inline constexpr std::uint32_t page_next_pgno = 16;
inline constexpr std::uint32_t page_entries = 20;     // an overflow page's reference count
inline constexpr std::uint32_t page_high_free = 22;   // an overflow page's byte count
inline constexpr std::uint32_t page_level = 24;
inline constexpr std::uint32_t page_type = 25;
inline constexpr std::uint8_t leaf_level = 1; // btree levels count up from the leaves

// Generic meta page fields (page 0).
inline constexpr std::uint32_t meta_magic = 12;
inline constexpr std::uint32_t meta_version = 16;
inline constexpr std::uint32_t meta_page_size = 20;
inline constexpr std::uint32_t meta_encrypt_alg = 24;
inline constexpr std::uint32_t meta_type = 25;
inline constexpr std::uint32_t meta_meta_flags = 26;
inline constexpr std::uint32_t meta_free = 28; // first page of the free list, 0 for none
inline constexpr std::uint32_t meta_last_pgno = 32;
inline constexpr std::uint32_t meta_flags = 48;
inline constexpr std::uint32_t meta_uid = 52; // the file id libdb's cache tells files apart by
inline constexpr std::uint32_t uid_size = 20;

// Btree meta page fields and values.
inline constexpr std::uint32_t btree_magic = 0x053162;
inline constexpr std::uint32_t btree_version = 9;
inline constexpr std::uint32_t btree_meta_minkey = 76;
inline constexpr std::uint32_t btree_meta_re_pad = 84;
inline constexpr std::uint32_t btree_meta_root = 88;
inline constexpr std::uint32_t btree_default_minkey = 2;
inline constexpr std::uint8_t btree_default_re_pad = ' ';

// Hash meta page fields and values. Bucket B lives on page B + spares[bit_width(B)]; libdb
// checks its hash function against the hash of check_key stored in h_charkey.
inline constexpr std::uint32_t hash_magic = 0x061561;
inline constexpr std::uint32_t hash_version = 9;
inline constexpr std::uint32_t hash_meta_max_bucket = 72;
inline constexpr std::uint32_t hash_meta_high_mask = 76;
inline constexpr std::uint32_t hash_meta_low_mask = 80;
inline constexpr std::uint32_t hash_meta_ffactor = 84;
inline constexpr std::uint32_t hash_meta_nelem = 88;
inline constexpr std::uint32_t hash_meta_charkey = 92;
inline constexpr std::uint32_t hash_meta_spares = 96; // 32 page offsets, one per doubling
inline constexpr std::uint32_t hash_spares = 32;
inline constexpr std::string_view hash_check_key{"%$sniglet^&", 12}; // with its NUL

// A hash page item is its type byte and the bytes (unaligned), or an overflow reference with
// the type in its first byte.
inline constexpr std::uint32_t hash_item_header = 1;
// libdb 5.3 keeps a hash page's pairs sorted and binary-searches them: by the bytes as
// unsigned, and of two keys where one is a prefix of the other, the longer first (measured:
// "aab" before "aa", unlike btree order).
inline constexpr bool hash_key_before(std::string_view a, std::string_view b)
{
    int order = a.compare(0, b.size(), b, 0, std::min(a.size(), b.size()));
    if (order != 0)
        return order < 0;
    return a.size() > b.size();
}
// The longest key or value libdb keeps on a hash page; longer ones go to overflow pages
// (measured: 256 bytes on 1 KB pages, 1024 on 4 KB pages).
inline constexpr std::uint32_t hash_on_page_limit(std::uint32_t page_size) { return page_size / 4; }

// Item types, the same codes on btree and hash pages: the bytes in place, or a reference
// (overflow_reference_size bytes: unused (2), type, unused, first page, total length) to an
// overflow page chain holding them. The top bit of a btree leaf item's type marks it deleted.
inline constexpr std::uint8_t item_key_data = 1;
inline constexpr std::uint8_t item_overflow = 3;
inline constexpr std::uint8_t item_deleted = 0x80;
inline constexpr std::uint32_t overflow_reference_size = 12;
// A btree leaf item: length (2), type, bytes. An internal item: length (2), type, unused,
// child page, record count (unused without record numbers), then the key bytes or an
// overflow reference.
inline constexpr std::uint32_t key_data_header = 3;
inline constexpr std::uint32_t internal_header = 12;
inline constexpr std::uint32_t item_type = 2;       // in every item
inline constexpr std::uint32_t internal_child = 4;  // in an internal item
inline constexpr std::uint32_t overflow_pgno = 4;   // in an overflow reference
inline constexpr std::uint32_t overflow_length = 8; // in an overflow reference

// Items start on 4-byte boundaries; each also takes a 2-byte slot in the index array.
inline constexpr std::uint32_t aligned(std::uint32_t size) { return (size + 3) & ~3u; }
inline constexpr std::uint32_t index_slot = 2;

// Bytes a btree leaf item of `length` bytes takes on its page, its index slot included.
inline constexpr std::uint32_t leaf_item_space(std::uint32_t length)
{
    return aligned(key_data_header + length) + index_slot;
}

// The longest key or value libdb keeps on a btree leaf page of `page_size` bytes with the
// default minimum of 2 keys per page; longer ones go to overflow pages. 1007 for 4096.
inline constexpr std::uint32_t btree_on_page_limit(std::uint32_t page_size)
{
    return (page_size - page_header) / (btree_default_minkey * 2) -
           (leaf_item_space(0) + aligned(1));
}

} // namespace db_format

inline std::uint16_t load_u16(const unsigned char* at)
{
    return static_cast<std::uint16_t>(at[0] | (at[1] << 8));
}

inline std::uint32_t load_u32(const unsigned char* at)
{
    return static_cast<std::uint32_t>(at[0]) | (static_cast<std::uint32_t>(at[1]) << 8) |
           (static_cast<std::uint32_t>(at[2]) << 16) | (static_cast<std::uint32_t>(at[3]) << 24);
}

inline void store_u16(unsigned char* at, std::uint32_t value)
{
    at[0] = static_cast<unsigned char>(value);
    at[1] = static_cast<unsigned char>(value >> 8);
}

inline void store_u32(unsigned char* at, std::uint32_t value)
{
    store_u16(at, value);
    store_u16(at + 2, value >> 16);
}

// A page's header fields.
struct PageHeader {
    std::uint32_t pgno;
    std::uint32_t next_pgno;
    std::uint16_t entries;
    std::uint16_t high_free_offset;
    std::uint8_t level;
    std::uint8_t type;
};

inline PageHeader page_header_of(const unsigned char* page)
{
    using namespace db_format;
    return {load_u32(page + page_pgno), load_u32(page + page_next_pgno),
            load_u16(page + page_entries), load_u16(page + page_high_free), page[page_level],
            page[page_type]};
}

} // namespace mf::maps
