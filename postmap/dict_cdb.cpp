// See dict_cdb.hpp. Locking: tinycdb maps the file read-only and keeps the position of the
// last match inside `struct cdb`; each lookup works on its own copy of that small struct, so
// concurrent lookups share only the read-only mapping and need no lock.
#include "postmap/dict_cdb.hpp"

#include <cdb.h>
#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "postmap/case_fold.hpp"
#include "postmap/cdb_key_hash.hpp"
#include "postmap/file_lock.hpp"
#include "postmap/nul_probe.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

class CdbDict final : public Dict {
public:
    CdbDict(std::string name, std::string path, UniqueFd fd, const cdb& db,
            const DictOptions& options)
        : Dict(std::move(name)), path_(std::move(path)), fd_(std::move(fd)), db_(db),
          options_(options), probe_(options.nul)
    {
    }
    ~CdbDict() override { cdb_free(&db_); }

    LookupResult lookup(std::string_view key) const override
    {
        std::string folded_key;
        key = query_key(key, options_, folded_key);
        std::optional<FlockGuard> lock;
        if (options_.lock_per_lookup)
            lock.emplace(fd_.get(), LOCK_SH);
        std::string_view value;
        bool broken = false;
        bool found = find(key, value, broken);
        if (broken)
            return LookupResult::try_again(path_ + ": corrupt cdb file");
        if (!found)
            return LookupResult::not_found();
        return LookupResult::found(std::string(value));
    }

    // Lookups in a big table are bound by memory latency: the key's hash slot and its record
    // lie at random in the mapped file. For a batch, first the slots and then the records
    // they point to are prefetched, so the misses of all keys overlap; the lookups that
    // follow find both in the cache, and answer with views of the mapping. Only addresses
    // cdb_get() vouches for are touched.
    void lookup_batch(std::span<const std::string_view> keys,
                      const BatchVisitor& each) const override
    {
        if (options_.lock_per_lookup) {
            Dict::lookup_batch(keys, each);
            return;
        }
        constexpr std::size_t batch = 64;
        std::string folded;
        std::pair<std::size_t, std::size_t> folded_at[batch];
        std::uint32_t hashes[batch]; // of the key without a NUL (see cdb_stored_key_hash)
        const unsigned char* slots[batch];
        bool nul = probe_.mode() != NulMode::without_nul;
        for (std::size_t start = 0; start < keys.size(); start += batch) {
            std::size_t count = std::min(batch, keys.size() - start);
            // Keys folded once, into one buffer (spans, as the buffer may move while growing).
            folded.clear();
            for (std::size_t i = 0; i < count; ++i) {
                std::string_view key = keys[start + i];
                if (options_.fold_case && needs_folding(key, options_.utf8_fold)) {
                    std::size_t at = folded.size();
                    append_folded(key, options_.utf8_fold, folded);
                    folded_at[i] = {at, folded.size() - at};
                } else {
                    folded_at[i] = {std::string::npos, 0};
                }
            }
            auto key_at = [&](std::size_t i) {
                auto [at, size] = folded_at[i];
                return at == std::string::npos ? keys[start + i]
                                               : std::string_view(folded).substr(at, size);
            };
            for (std::size_t i = 0; i < count; ++i) {
                hashes[i] = cdb_stored_key_hash(key_at(i), false);
                slots[i] = slot_of(nul ? cdb_stored_key_hash_with_nul(hashes[i]) : hashes[i]);
                if (slots[i] != nullptr)
                    __builtin_prefetch(slots[i]);
            }
            for (std::size_t i = 0; i < count; ++i) {
                cdb copy = db_;
                if (slots[i] != nullptr)
                    if (const void* record = cdb_get(&copy, 8, cdb_unpack(slots[i] + 4)))
                        __builtin_prefetch(record);
            }
            for (std::size_t i = 0; i < count; ++i) {
                std::string_view key = key_at(i);
                std::string_view value;
                bool broken = false;
                bool found = probe_.find(key, value, [&](std::string_view bytes,
                                                         std::string_view& into) {
                    std::uint32_t h = bytes.size() > key.size()
                                          ? cdb_stored_key_hash_with_nul(hashes[i])
                                          : hashes[i];
                    int status = find_hashed(bytes, h, into);
                    broken = broken || status < 0;
                    return status > 0;
                });
                BatchAnswer answer{LookupStatus::not_found, {}};
                std::string reason;
                if (broken) {
                    reason = path_ + ": corrupt cdb file";
                    answer = {LookupStatus::try_again, reason};
                } else if (found) {
                    answer = {LookupStatus::found, value};
                }
                if (!each(start + i, answer))
                    return;
            }
        }
    }

    Result<void> sequence(const EntryVisitor& each) const override
    {
        cdb copy = db_;
        unsigned position;
        cdb_seqinit(&position, &copy);
        for (;;) {
            int status = cdb_seqnext(&position, &copy);
            if (status == 0)
                return {};
            if (status < 0)
                return fail(path_ + ": corrupt cdb file");
            const char* key =
                static_cast<const char*>(cdb_get(&copy, cdb_keylen(&copy), cdb_keypos(&copy)));
            const char* value =
                static_cast<const char*>(cdb_get(&copy, cdb_datalen(&copy), cdb_datapos(&copy)));
            if (key == nullptr || value == nullptr)
                return fail(path_ + ": corrupt cdb file");
            if (!each(without_trailing_nul({key, cdb_keylen(&copy)}),
                      without_trailing_nul({value, cdb_datalen(&copy)})))
                return {};
        }
    }

private:
    // The stored value of the (folded) key by Postfix's NUL probing, as a view of the mapping;
    // `broken` when the file is corrupt (which outweighs a value found by the other probe).
    bool find(std::string_view key, std::string_view& value, bool& broken) const
    {
        return probe_.find(key, value, [&](std::string_view bytes, std::string_view& into) {
            cdb copy = db_;
            int status = cdb_find(&copy, bytes.data(), static_cast<unsigned>(bytes.size()));
            if (status < 0)
                broken = true;
            if (status <= 0)
                return false;
            const char* data =
                static_cast<const char*>(cdb_get(&copy, cdb_datalen(&copy), cdb_datapos(&copy)));
            if (data == nullptr) {
                broken = true;
                return false;
            }
            into = {data, cdb_datalen(&copy)};
            return true;
        });
    }

    // cdb_find() for stored key bytes whose hash `h` is known (a batch hashes each key once,
    // for the prefetch, and probes with that hash): 1 found (`value` is a view of the
    // mapping), 0 absent, -1 corrupt. The probe follows the cdb format: the table of contents
    // entry h % 256 gives a hash table (position, slot count); slots are tried from
    // (h / 256) % count on, wrapping, until an empty slot or a record with the same hash and
    // key. Every position is checked as cdb_find() checks it (hash tables after the data end,
    // records before it, all within the file), so a damaged file gets the same answer from
    // both; lookup() keeps cdb_find() and the unit tests compare the two on damaged files.
    int find_hashed(std::string_view bytes, std::uint32_t h, std::string_view& value) const
    {
        const unsigned char* file = db_.cdb_mem;
        unsigned data_end = db_.cdb_dend; // at least 2048, at most the file size (cdb_init)
        unsigned size = db_.cdb_fsize;
        auto length = static_cast<unsigned>(bytes.size());
        if (bytes.size() >= data_end)
            return 0;
        const unsigned char* contents = file + ((h << 3) & 2047);
        unsigned slots = cdb_unpack(contents + 4);
        if (slots == 0)
            return 0;
        unsigned table = cdb_unpack(contents);
        if (slots > (size >> 3) || table < data_end || table > size ||
            (slots << 3) > size - table)
            return -1;
        unsigned slot = (h >> 8) % slots;
        for (unsigned tried = 0; tried < slots; ++tried, slot = slot + 1 == slots ? 0 : slot + 1) {
            const unsigned char* at = file + table + (slot << 3);
            unsigned record = cdb_unpack(at + 4);
            if (record == 0)
                return 0;
            if (cdb_unpack(at) != h)
                continue;
            if (record > data_end - 8)
                return -1;
            if (cdb_unpack(file + record) != length)
                continue;
            if (data_end - length < record + 8)
                return -1;
            if (std::memcmp(bytes.data(), file + record + 8, length) != 0)
                continue;
            unsigned value_length = cdb_unpack(file + record + 4);
            unsigned value_at = record + 8 + length;
            if (data_end < value_length || data_end - value_length < value_at)
                return -1;
            value = {reinterpret_cast<const char*>(file) + value_at, value_length};
            return 1;
        }
        return 0;
    }

    // Where the first hash slot for a stored key hashing to `h` lies in the mapping, or
    // nullptr for an empty or out-of-file hash table.
    const unsigned char* slot_of(std::uint32_t h) const
    {
        cdb copy = db_;
        const auto* header = static_cast<const unsigned char*>(cdb_get(&copy, 8, (h & 255) << 3));
        if (header == nullptr)
            return nullptr;
        unsigned length = cdb_unpack(header + 4);
        if (length == 0)
            return nullptr;
        unsigned position = cdb_unpack(header) + (((h >> 8) % length) << 3);
        return static_cast<const unsigned char*>(cdb_get(&copy, 8, position));
    }

    std::string path_;
    UniqueFd fd_;
    cdb db_;
    DictOptions options_;
    mutable NulProbe probe_;
};

} // namespace

Result<std::unique_ptr<Dict>> open_cdb_dict(std::string name, const std::string& path,
                                            const DictOptions& options)
{
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return fail("open database " + path + ": " + std::strerror(errno));
    cdb db{};
    if (cdb_init(&db, fd.get()) != 0)
        return fail("open database " + path + ": not a cdb file");
    return std::unique_ptr<Dict>(
        std::make_unique<CdbDict>(std::move(name), path, std::move(fd), db, options));
}

} // namespace mf::maps
