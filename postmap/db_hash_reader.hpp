// A read-only lookup in a Berkeley DB 5.3 hash file without libdb: the meta page gives the
// bucket masks and the spares table, a key's bucket page (and its chain of bucket pages) is
// read with pread() and scanned, big keys and values are followed through overflow pages.
// Only the plain layout Postfix and mfmap write is accepted (little-endian, version 9, no
// checksums, encryption, duplicates or sub-databases, the default hash function); open()
// says nullopt for anything else and the caller uses libdb. Lookups are const and keep no
// state between calls, so any number of threads may look up at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "postmap/db_page_file.hpp"

namespace mf::maps {

class DbHashReader {
public:
    // `fd` (not owned) must stay open while the reader is used.
    static std::optional<DbHashReader> open(int fd);

    // Looks up the stored key bytes; on found, `value` holds the stored value bytes.
    // With `reread_meta`, the meta page is read again first (a writer may have grown the
    // table since open; callers that hold a lock for the reader's whole life pass false).
    PageLookup lookup(std::string_view key, std::string& value, bool reread_meta) const;

    // libdb 5.3's default hash function (FNV-1, 32 bits) over the stored key bytes.
    static std::uint32_t hash(std::string_view bytes);

private:
    struct Layout {
        std::uint32_t max_bucket;
        std::uint32_t high_mask;
        std::uint32_t low_mask;
        std::uint32_t spares[32];
    };

    DbHashReader(int fd, const DbPageFile& pages, const Layout& layout)
        : fd_(fd), pages_(pages), layout_(layout)
    {
    }

    // Decodes and checks a meta page; nullopt when this reader does not handle the file.
    static std::optional<std::pair<DbMeta, Layout>> decode(
        const unsigned char (&meta)[db_format::meta_size]);

    PageLookup search(const DbPageFile& pages, const Layout& layout, std::string_view key,
                      std::string& value) const;

    int fd_;
    DbPageFile pages_;
    Layout layout_;
};

} // namespace mf::maps
