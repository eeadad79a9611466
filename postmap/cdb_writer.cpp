// See cdb_writer.hpp. Each record's (hash, position, line) goes to the pending list of its slot
// table (the hash's low byte); a full list is appended to a scratch spool as one chunk, so
// finish reads back one table's pairs at a time. Within a table, pairs sorted by hash (stably,
// so positions stay in arrival order) put equal keys next to each other: only equal hashes
// need their keys read back to find duplicates. Duplicates are rare, so the slot tables are
// written at once, assuming none; if some were found, the records after the first dropped one
// are moved down over the gaps and every slot table is written again with the moved positions.
#include "postmap/cdb_writer.hpp"

#include <cdb.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "postmap/cdb_key_hash.hpp"
#include "postmap/scratch_file.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

namespace {

constexpr std::size_t buffer_size = 1u << 20;
constexpr std::size_t chunk_pairs = 340; // one spooled chunk: about 4 KB
constexpr std::uint64_t header_size = 2048;
constexpr std::uint64_t max_file_size = std::numeric_limits<std::uint32_t>::max();
// The line of add_raw() records: stored as given, never taken for duplicates.
constexpr std::uint32_t raw_line = std::numeric_limits<std::uint32_t>::max();

struct Pair {
    std::uint32_t hash;
    std::uint32_t position;
    std::uint32_t line;
};

// A dropped duplicate: where its record is and how long it is.
struct Gap {
    std::uint32_t position;
    std::uint32_t size;
};

// The cdb format's little-endian 32-bit numbers, through tinycdb's own packing.
void put32(char* at, std::uint32_t value)
{
    cdb_pack(value, reinterpret_cast<unsigned char*>(at));
}

std::uint32_t get32(const char* at)
{
    return cdb_unpack(reinterpret_cast<const unsigned char*>(at));
}

// Orders one table's pairs by hash, stably (an LSD radix sort on the three bytes above the
// table number, which all pairs of a table share).
void sort_by_hash(std::vector<Pair>& pairs, std::vector<Pair>& other)
{
    other.resize(pairs.size());
    for (int byte = 1; byte < 4; ++byte) {
        std::size_t count[256] = {};
        for (const Pair& pair : pairs)
            ++count[(pair.hash >> (8 * byte)) & 0xFF];
        std::size_t next = 0;
        for (std::size_t& slot : count)
            next += std::exchange(slot, next);
        for (const Pair& pair : pairs)
            other[count[(pair.hash >> (8 * byte)) & 0xFF]++] = pair;
        pairs.swap(other);
    }
}

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
        return {};
    }

    // Any order will do: the builder's sorted entries come with duplicates already resolved.
    std::uint64_t rank(std::string_view) const override { return 0; }

    Result<void> add(std::string_view key, std::string_view value) override
    {
        return add_in_source_order(key, value, 0);
    }

    Result<void> finish() override
    {
        DuplicateRules keep_all;
        keep_all.keep_all = true;
        auto finished = finish_source_order(keep_all);
        if (!finished)
            return tl::unexpected(finished.error());
        return {};
    }

    bool takes_source_order() const override { return true; }

    Result<void> add_in_source_order(std::string_view key, std::string_view value,
                                     std::uint32_t line) override
    {
        if (auto spooled = spool_pair({cdb_stored_key_hash(key, nul_), data_end(), line}); !spooled)
            return spooled;
        return add_record(key, value, nul_ ? 1 : 0);
    }

    Result<void> add_raw(std::string_view key, std::string_view value) override
    {
        if (auto spooled = spool_pair({cdb_stored_key_hash(key, false), data_end(), raw_line});
            !spooled)
            return spooled;
        return add_record(key, value, 0);
    }

    Result<std::size_t> finish_source_order(const DuplicateRules& rules) override
    {
        if (auto flushed = flush(data_, position_, fd_.get()); !flushed)
            return tl::unexpected(flushed.error());
        if (auto flushed = flush(spool_buffer_, spool_size_, spool_.get()); !flushed)
            return tl::unexpected(flushed.error());
        std::uint64_t records_end = position_;
        std::vector<Gap> gaps;
        std::vector<Pair> pairs, other;
        for (std::uint32_t table = 0; table < 256; ++table) {
            if (auto loaded = load_table(table, pairs); !loaded)
                return tl::unexpected(loaded.error());
            sort_by_hash(pairs, other);
            if (!rules.keep_all)
                if (auto found = find_duplicates(pairs, rules, gaps); !found)
                    return tl::unexpected(found.error());
            // Once a record is dropped, these tables are written again (below).
            if (gaps.empty())
                if (auto written = write_table(table, pairs); !written)
                    return tl::unexpected(written.error());
        }
        if (!gaps.empty())
            if (auto rewritten = close_gaps(gaps, records_end, pairs, other); !rewritten)
                return tl::unexpected(rewritten.error());
        if (auto flushed = flush(data_, position_, fd_.get()); !flushed)
            return tl::unexpected(flushed.error());
        if (position_ > max_file_size)
            return fail("cannot write " + path_ + ": cdb files are limited to 4 GB");
        if (auto wrote = write_all_at(fd_.get(), header_, sizeof header_, 0); !wrote)
            return fail("cannot write " + path_ + ": " + wrote.error().message);
        fd_.reset();
        return gaps.size();
    }

private:
    std::uint32_t data_end() const { return static_cast<std::uint32_t>(position_ + data_.size()); }

    Result<void> spool_pair(const Pair& pair)
    {
        std::vector<Pair>& pending = pending_[pair.hash & 0xFF];
        if (pending.capacity() == 0)
            pending.reserve(chunk_pairs);
        pending.push_back(pair);
        if (pending.size() < chunk_pairs)
            return {};
        chunks_[pair.hash & 0xFF].push_back(spool_size_ + spool_buffer_.size());
        auto appended = append(spool_buffer_, spool_size_, spool_.get(),
                               reinterpret_cast<const char*>(pending.data()),
                               chunk_pairs * sizeof(Pair));
        pending.clear();
        return appended;
    }

    // One table's pairs in arrival order: its spooled chunks, then its pending ones.
    Result<void> load_table(std::uint32_t table, std::vector<Pair>& pairs)
    {
        pairs.resize(chunks_[table].size() * chunk_pairs);
        char* into = reinterpret_cast<char*>(pairs.data());
        for (std::uint64_t chunk : chunks_[table]) {
            auto read = read_at(spool_.get(), into, chunk_pairs * sizeof(Pair), chunk);
            if (!read || *read != chunk_pairs * sizeof(Pair))
                return fail("cannot write " + path_ + ": cannot read back its index");
            into += chunk_pairs * sizeof(Pair);
        }
        pairs.insert(pairs.end(), pending_[table].begin(), pending_[table].end());
        return {};
    }

    // Among pairs sorted by hash, finds the records whose key an earlier (or, with replace, a
    // later) record has too; adds them to `gaps` and tells rules.dropped.
    Result<void> find_duplicates(const std::vector<Pair>& pairs, const DuplicateRules& rules,
                                 std::vector<Gap>& gaps)
    {
        struct Member {
            std::string key;
            const Pair* pair;
            std::uint32_t size;
        };
        std::vector<Member> members;
        for (std::size_t begin = 0, end = 0; begin < pairs.size(); begin = end) {
            end = begin + 1;
            while (end < pairs.size() && pairs[end].hash == pairs[begin].hash)
                ++end;
            if (end - begin < 2)
                continue;
            members.clear();
            for (std::size_t i = begin; i < end; ++i) {
                if (pairs[i].line == raw_line)
                    continue;
                char lengths[8];
                auto read = read_at(fd_.get(), lengths, 8, pairs[i].position);
                if (!read || *read != 8)
                    return fail("cannot write " + path_ + ": cannot read back a record");
                std::uint32_t key_size = get32(lengths), value_size = get32(lengths + 4);
                std::string key(key_size, '\0');
                read = read_at(fd_.get(), key.data(), key_size, pairs[i].position + 8);
                if (!read || *read != key_size)
                    return fail("cannot write " + path_ + ": cannot read back a record");
                members.push_back({std::move(key), &pairs[i], 8 + key_size + value_size});
            }
            // Stable: equal keys stay in arrival order.
            std::stable_sort(members.begin(), members.end(),
                             [](const Member& a, const Member& b) { return a.key < b.key; });
            for (std::size_t first = 0, last = 0; first < members.size(); first = last) {
                last = first + 1;
                while (last < members.size() && members[last].key == members[first].key)
                    ++last;
                std::size_t kept = rules.policy == DuplicatePolicy::replace ? last - 1 : first;
                for (std::size_t i = first; i < last; ++i) {
                    if (i == kept)
                        continue;
                    gaps.push_back({members[i].pair->position, members[i].size});
                    if (rules.dropped) {
                        std::string_view key = members[i].key;
                        if (nul_ && !key.empty())
                            key.remove_suffix(1);
                        rules.dropped(members[i].pair->line, key);
                    }
                }
            }
        }
        return {};
    }

    // Appends the slot table of `pairs` (one table's, sorted by hash) after what is written.
    Result<void> write_table(std::uint32_t table, const std::vector<Pair>& pairs)
    {
        std::size_t length = pairs.size() * 2;
        slots_.assign(length * 8, '\0');
        for (const Pair& pair : pairs) {
            std::size_t slot = (pair.hash >> 8) % length;
            while (get32(&slots_[slot * 8 + 4]) != 0)
                slot = (slot + 1) % length;
            put32(&slots_[slot * 8], pair.hash);
            put32(&slots_[slot * 8 + 4], pair.position);
        }
        put32(header_ + table * 8, data_end());
        put32(header_ + table * 8 + 4, static_cast<std::uint32_t>(length));
        return append(data_, position_, fd_.get(), slots_.data(), slots_.size());
    }

    // Moves the records after each gap down over it, then writes every slot table again
    // without the dropped records and with the moved positions; the file ends after them.
    Result<void> close_gaps(std::vector<Gap>& gaps, std::uint64_t records_end,
                            std::vector<Pair>& pairs, std::vector<Pair>& other)
    {
        std::sort(gaps.begin(), gaps.end(),
                  [](const Gap& a, const Gap& b) { return a.position < b.position; });
        std::vector<std::uint64_t> removed_before(gaps.size() + 1, 0);
        for (std::size_t i = 0; i < gaps.size(); ++i)
            removed_before[i + 1] = removed_before[i] + gaps[i].size;
        data_.clear();
        std::uint64_t from = gaps.front().position, to = gaps.front().position;
        for (std::size_t i = 0; i <= gaps.size(); ++i) {
            std::uint64_t until = i < gaps.size() ? gaps[i].position : records_end;
            if (auto moved = move_down(from, until, to); !moved)
                return moved;
            to += until - from;
            if (i < gaps.size())
                from = until + gaps[i].size;
        }
        position_ = to;
        for (std::uint32_t table = 0; table < 256; ++table) {
            if (auto loaded = load_table(table, pairs); !loaded)
                return loaded;
            std::size_t kept = 0;
            for (const Pair& pair : pairs) {
                auto after = std::lower_bound(
                    gaps.begin(), gaps.end(), pair.position,
                    [](const Gap& gap, std::uint32_t position) { return gap.position < position; });
                if (after != gaps.end() && after->position == pair.position)
                    continue;
                Pair moved = pair;
                moved.position -= static_cast<std::uint32_t>(removed_before[after - gaps.begin()]);
                pairs[kept++] = moved;
            }
            pairs.resize(kept);
            sort_by_hash(pairs, other);
            if (auto written = write_table(table, pairs); !written)
                return written;
        }
        if (auto flushed = flush(data_, position_, fd_.get()); !flushed)
            return flushed;
        if (::ftruncate(fd_.get(), static_cast<off_t>(position_)) != 0)
            return fail("cannot write " + path_ + ": " + std::strerror(errno));
        return {};
    }

    // Copies the file's bytes [from, until) to `to` (not above `from`), front to back.
    Result<void> move_down(std::uint64_t from, std::uint64_t until, std::uint64_t to)
    {
        if (from == to)
            return {};
        std::vector<char> buffer(std::min<std::uint64_t>(buffer_size, until - from));
        while (from < until) {
            std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), until - from));
            auto read = read_at(fd_.get(), buffer.data(), size, from);
            if (!read || *read != size)
                return fail("cannot write " + path_ + ": cannot read back its records");
            if (auto wrote = write_all_at(fd_.get(), buffer.data(), size, to); !wrote)
                return fail("cannot write " + path_ + ": " + wrote.error().message);
            from += size;
            to += size;
        }
        return {};
    }

    Result<void> add_record(std::string_view key, std::string_view value, std::size_t extra)
    {
        if (position_ + data_.size() + 8 + key.size() + value.size() + 2 * extra > max_file_size)
            return fail("cannot write " + path_ + ": cdb files are limited to 4 GB");
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
    std::vector<char> data_;
    std::uint64_t position_ = header_size; // file offset of data_[0]
    char header_[header_size] = {};
    UniqueFd spool_;
    std::vector<char> spool_buffer_;
    std::uint64_t spool_size_ = 0; // spool offset of spool_buffer_[0]
    std::array<std::vector<Pair>, 256> pending_;
    std::array<std::vector<std::uint64_t>, 256> chunks_;
    std::vector<char> slots_;
};

} // namespace

std::unique_ptr<TableWriter> make_cdb_writer(std::string path, bool nul)
{
    return std::make_unique<CdbWriter>(std::move(path), nul);
}

} // namespace mf::maps
