// libFuzzer target: cdb tables on arbitrary file contents, looked up both ways mfmap does:
// lookup() key by key (tinycdb's cdb_find) and lookup_batch() (the bulk query's own probe
// with each key hashed once, postmap/dict_cdb.cpp). The seed is a small table built by
// postmap (keys k0..k199 with a NUL); mutations give bad table positions, slot counts, record
// offsets and lengths. Both ways must answer every key alike (found with the same value,
// absent, or corrupt) and never crash.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "postmap/dict_cdb.hpp"
#include "tests/fuzz/memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    mf::UniqueFd fd = mf::fuzz::memory_file("fuzz_cdb", data, size);
    if (!fd)
        return 0;
    std::string path = "/proc/self/fd/" + std::to_string(fd.get());
    mf::maps::DictOptions options;
    options.lock_per_lookup = false;
    auto one_by_one = mf::maps::open_cdb_dict("cdb:fuzz", path, options);
    auto batched = mf::maps::open_cdb_dict("cdb:fuzz", path, options);
    if (!one_by_one || !batched)
        return 0;
    std::vector<std::string> keys = {"k0", "K17", "k150", "k199", "absent", "",
                                     std::string(3000, 'L')};
    std::vector<std::string_view> views(keys.begin(), keys.end());
    (*batched)->lookup_batch(views, [&](std::size_t i, const mf::maps::Dict::BatchAnswer& answer) {
        mf::maps::LookupResult expected = (*one_by_one)->lookup(keys[i]);
        if (expected.status() != answer.status ||
            (answer.status == mf::maps::LookupStatus::found && expected.value() != answer.text))
            std::abort();
        return true;
    });
    return 0;
}
