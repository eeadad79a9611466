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
#include <vector>

#include "postmap/case_fold.hpp"
#include "postmap/file_lock.hpp"
#include "postmap/nul_probe.hpp"
#include "postmap/scratch_file.hpp"
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
        bool broken = false;
        auto value = probe_.lookup(key, [&](std::string_view bytes) -> std::optional<std::string> {
            cdb copy = db_;
            int status = cdb_find(&copy, bytes.data(), static_cast<unsigned>(bytes.size()));
            if (status < 0)
                broken = true;
            if (status <= 0)
                return std::nullopt;
            const char* data =
                static_cast<const char*>(cdb_get(&copy, cdb_datalen(&copy), cdb_datapos(&copy)));
            if (data == nullptr) {
                broken = true;
                return std::nullopt;
            }
            return std::string(data, cdb_datalen(&copy));
        });
        if (broken)
            return LookupResult::try_again(path_ + ": corrupt cdb file");
        if (!value)
            return LookupResult::not_found();
        return LookupResult::found(std::move(*value));
    }

    // Lookups in a big table are bound by memory latency: the key's hash slot and its record
    // lie at random in the mapped file. For a batch, first the slots and then the records
    // they point to are prefetched, so the misses of all keys overlap; the lookups that
    // follow find both in the cache. Only addresses cdb_get() vouches for are touched.
    void prefetch(std::span<const std::string_view> keys) const override
    {
        constexpr std::size_t batch = 64;
        bool nul = probe_.mode() != NulMode::without_nul;
        const unsigned char* slots[batch];
        std::size_t count = 0;
        std::string folded_key;
        for (std::string_view key : keys.first(std::min(keys.size(), batch))) {
            folded_key.clear();
            key = query_key(key, options_, folded_key);
            std::uint32_t h = cdb_hash(key.data(), static_cast<unsigned>(key.size()));
            if (nul)
                h = (h + (h << 5)) ^ 0; // the NUL byte, as cdb_hash would add it
            cdb copy = db_;
            const auto* header =
                static_cast<const unsigned char*>(cdb_get(&copy, 8, (h & 255) << 3));
            if (header == nullptr)
                continue;
            unsigned length = cdb_unpack(header + 4);
            if (length == 0)
                continue;
            unsigned position = cdb_unpack(header) + (((h >> 8) % length) << 3);
            const auto* slot = static_cast<const unsigned char*>(cdb_get(&copy, 8, position));
            if (slot == nullptr)
                continue;
            __builtin_prefetch(slot);
            slots[count++] = slot;
        }
        for (std::size_t i = 0; i < count; ++i) {
            cdb copy = db_;
            if (const void* record = cdb_get(&copy, 8, cdb_unpack(slots[i] + 4)))
                __builtin_prefetch(record);
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
    std::string path_;
    UniqueFd fd_;
    cdb db_;
    DictOptions options_;
    mutable NulProbe probe_;
};

void put32(char* at, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        at[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint32_t get32(const char* at)
{
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | static_cast<unsigned char>(at[i]);
    return value;
}

// The cdb hash (spec D.3) of the stored key: `key`, then a NUL when the table has them.
std::uint32_t cdb_key_hash(std::string_view key, bool nul)
{
    std::uint32_t h = 5381;
    for (unsigned char c : key)
        h = (h * 33) ^ c;
    if (nul)
        h *= 33; // ^ '\0' changes nothing
    return h;
}

// Writes the cdb layout itself (spec D.3; the one tinycdb's cdb_make writes): the 2048-byte
// header of 256 (position, length) pairs, the records, then the 256 slot tables in order right
// after the records (readers take the first table's position as the end of the records).
// Records arrive grouped by table (rank()), and each record's (hash, position) pair goes to a
// scratch spool, so memory stays small whatever the number of records; finish() builds each
// table from its spooled pairs. Equal keys (cdb -w) keep their arrival order in the probe
// sequence, so lookups find the first.
class CdbWriter final : public TableWriter {
public:
    CdbWriter(std::string path, bool nul) : path_(std::move(path)), nul_(nul) {}

    Result<void> start(const WriteStats&) override
    {
        fd_ = UniqueFd(::open(path_.c_str(), O_RDWR | O_TRUNC | O_CLOEXEC));
        if (!fd_)
            return fail("open database " + path_ + ": " + std::strerror(errno));
        auto slash = path_.rfind('/');
        auto spool = open_scratch_file(slash == std::string::npos ? "." : path_.substr(0, slash));
        if (!spool)
            return tl::unexpected(spool.error());
        spool_ = std::move(*spool);
        data_.reserve(buffer_size);
        pairs_.reserve(buffer_size);
        return {};
    }

    std::uint64_t rank(std::string_view key) const override
    {
        std::uint32_t h = cdb_key_hash(key, nul_);
        return (static_cast<std::uint64_t>(h & 0xFF) << 32) | h;
    }

    Result<void> add(std::string_view key, std::string_view value) override
    {
        std::uint32_t h = cdb_key_hash(key, nul_);
        std::uint32_t table = h & 0xFF;
        if (table < current_table_)
            return fail("cannot write " + path_ + ": records out of table order");
        current_table_ = table;
        ++table_counts_[table];
        char pair[8];
        put32(pair, h);
        put32(pair + 4, static_cast<std::uint32_t>(data_end()));
        if (auto spooled = append(pairs_, spool_size_, spool_.get(), pair, 8); !spooled)
            return spooled;
        return add_record(key, value, nul_ ? 1 : 0);
    }

    Result<void> add_raw(std::string_view key, std::string_view value) override
    {
        std::uint32_t h = cdb_key_hash(key, false);
        raw_pairs_.emplace_back(h, static_cast<std::uint32_t>(data_end()));
        return add_record(key, value, 0);
    }

    Result<void> finish() override
    {
        if (auto flushed = flush(data_, position_, fd_.get()); !flushed)
            return flushed;
        if (auto flushed = flush(pairs_, spool_size_, spool_.get()); !flushed)
            return flushed;
        char header[2048];
        std::uint64_t spooled = 0;
        std::vector<char> pairs, slots;
        for (std::uint32_t table = 0; table < 256; ++table) {
            std::size_t count = table_counts_[table];
            pairs.resize(count * 8);
            auto read = read_at(spool_.get(), pairs.data(), pairs.size(), spooled * 8);
            if (!read || *read != pairs.size())
                return fail("cannot write " + path_ + ": cannot read back its index");
            spooled += count;
            for (const auto& [h, at] : raw_pairs_) {
                if ((h & 0xFF) != table)
                    continue;
                char pair[8];
                put32(pair, h);
                put32(pair + 4, at);
                pairs.insert(pairs.end(), pair, pair + 8);
            }
            std::size_t entries = pairs.size() / 8, length = entries * 2;
            slots.assign(length * 8, '\0');
            for (std::size_t i = 0; i < entries; ++i) {
                std::size_t slot = (get32(&pairs[i * 8]) >> 8) % length;
                while (get32(&slots[slot * 8 + 4]) != 0)
                    slot = (slot + 1) % length;
                std::memcpy(&slots[slot * 8], &pairs[i * 8], 8);
            }
            put32(header + table * 8, static_cast<std::uint32_t>(data_end()));
            put32(header + table * 8 + 4, static_cast<std::uint32_t>(length));
            if (auto wrote = append(data_, position_, fd_.get(), slots.data(), slots.size());
                !wrote)
                return wrote;
        }
        if (auto flushed = flush(data_, position_, fd_.get()); !flushed)
            return flushed;
        if (position_ > 0xFFFFFFFFu)
            return fail("cannot write " + path_ + ": cdb files are limited to 4 GB");
        if (auto wrote = write_all_at(fd_.get(), header, sizeof header, 0); !wrote)
            return fail("cannot write " + path_ + ": " + wrote.error().message);
        fd_.reset();
        return {};
    }

private:
    static constexpr std::size_t buffer_size = 256u << 10;

    std::uint64_t data_end() const { return position_ + data_.size(); }

    Result<void> add_record(std::string_view key, std::string_view value, std::size_t extra)
    {
        char lengths[8];
        put32(lengths, static_cast<std::uint32_t>(key.size() + extra));
        put32(lengths + 4, static_cast<std::uint32_t>(value.size() + extra));
        const char nul = '\0';
        using Piece = std::pair<const char*, std::size_t>;
        const Piece pieces[] = {{lengths, 8}, {key.data(), key.size()}, {&nul, extra},
                                {value.data(), value.size()}, {&nul, extra}};
        for (const auto& [data, size] : pieces)
            if (auto wrote = append(data_, position_, fd_.get(), data, size); !wrote)
                return wrote;
        if (data_end() > 0xFFFFFFFFu)
            return fail("cannot write " + path_ + ": cdb files are limited to 4 GB");
        return {};
    }

    // Buffered writing: `buffer` holds what goes at file offset `written` onwards.
    Result<void> append(std::vector<char>& buffer, std::uint64_t& written, int fd,
                        const char* data, std::size_t size)
    {
        if (buffer.size() + size > buffer_size)
            if (auto flushed = flush(buffer, written, fd); !flushed)
                return flushed;
        buffer.insert(buffer.end(), data, data + size);
        return {};
    }

    Result<void> flush(std::vector<char>& buffer, std::uint64_t& written, int fd)
    {
        if (auto wrote = write_all_at(fd, buffer.data(), buffer.size(), written); !wrote)
            return fail("cannot write " + path_ + ": " + wrote.error().message);
        written += buffer.size();
        buffer.clear();
        return {};
    }

    std::string path_;
    bool nul_;
    UniqueFd fd_;
    UniqueFd spool_;
    std::vector<char> data_;
    std::uint64_t position_ = 2048; // file offset of data_[0]
    std::vector<char> pairs_;
    std::uint64_t spool_size_ = 0; // spool offset of pairs_[0]
    std::size_t table_counts_[256] = {};
    std::uint32_t current_table_ = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> raw_pairs_;
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

std::unique_ptr<TableWriter> make_cdb_writer(std::string path, bool nul)
{
    return std::make_unique<CdbWriter>(std::move(path), nul);
}

} // namespace mf::maps
