// libFuzzer target: our Berkeley DB hash and btree page readers (postmap/db_hash_reader.hpp,
// postmap/db_btree_reader.hpp) on arbitrary file contents. The seeds are small tables built by
// postmap (keys k0..k199 with and without a NUL, some values and one key long enough for
// overflow pages); mutations give bad page numbers, cyclic chains, impossible offsets and
// lengths. Every lookup must end (found, absent or corrupt) without a crash, and a found value
// can be no longer than the file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "postmap/db_btree_reader.hpp"
#include "postmap/db_hash_reader.hpp"
#include "tests/fuzz/memory_file.hpp"

namespace {

const std::string long_key = std::string(3000, 'L');

template <typename Reader>
void look_up_all(const Reader& reader, std::size_t size)
{
    for (std::string key : {std::string("k0"), std::string("k17"), std::string("k150"),
                            std::string("k199"), std::string("absent"), long_key}) {
        for (bool nul : {false, true}) {
            std::string stored = key;
            if (nul)
                stored.push_back('\0');
            for (bool reread : {false, true}) {
                std::string value;
                if (reader.lookup(stored, value, reread) == mf::maps::PageLookup::found &&
                    value.size() > size)
                    std::abort();
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    mf::UniqueFd fd = mf::fuzz::memory_file("fuzz_db", data, size);
    if (!fd)
        return 0;
    if (auto hash = mf::maps::DbHashReader::open(fd.get()))
        look_up_all(*hash, size);
    for (bool cache : {false, true})
        if (auto btree = mf::maps::DbBtreeReader::open(fd.get(), cache))
            look_up_all(*btree, size);
    return 0;
}
