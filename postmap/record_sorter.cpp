// See record_sorter.hpp. Arena records are [line][key length][value length][key][value] (32-bit
// lengths, native order; the arena and the scratch file never leave this process); a run in
// the scratch file holds the same records in sorted order, each preceded by its 64-bit rank.
#include "postmap/record_sorter.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "postmap/scratch_file.hpp"

namespace mf::maps {

namespace {

constexpr std::size_t arena_header = 3 * sizeof(std::uint32_t);
constexpr std::size_t run_header = sizeof(std::uint64_t) + arena_header;
constexpr std::size_t write_buffer_size = 256u << 10;
constexpr std::size_t read_buffer_size = 64u << 10;

std::uint32_t load32(const char* at)
{
    std::uint32_t value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

// (rank, key) order; ties are broken by the caller (arrival).
int compare(const SortedRecord& a, const SortedRecord& b)
{
    if (a.rank != b.rank)
        return a.rank < b.rank ? -1 : 1;
    return a.key.compare(b.key);
}

} // namespace

// Reads one run back from the scratch file through a small buffer.
class RecordSorter::RunReader {
public:
    RunReader(int fd, Run run, std::size_t order) : fd_(fd), next_(run.begin), end_(run.end),
        order_(order), buffer_(read_buffer_size)
    {
    }

    // Loads the next record into current(); false at the end of the run.
    Result<bool> advance()
    {
        if (next_ == end_)
            return false;
        auto header = fill(run_header);
        if (!header)
            return tl::unexpected(header.error());
        const char* at = buffer_.data() + begin_;
        std::memcpy(&current_.rank, at, sizeof current_.rank);
        current_.line = load32(at + 8);
        std::uint32_t key_size = load32(at + 12), value_size = load32(at + 16);
        auto whole = fill(run_header + key_size + value_size);
        if (!whole)
            return tl::unexpected(whole.error());
        at = buffer_.data() + begin_ + run_header;
        current_.key = {at, key_size};
        current_.value = {at + key_size, value_size};
        std::size_t size = run_header + key_size + value_size;
        begin_ += size;
        next_ += size;
        return true;
    }

    const SortedRecord& current() const { return current_; }
    std::size_t order() const { return order_; }

private:
    // Makes `size` bytes from the read position available at buffer_[begin_].
    Result<void> fill(std::size_t size)
    {
        if (filled_ - begin_ >= size)
            return {};
        std::memmove(buffer_.data(), buffer_.data() + begin_, filled_ - begin_);
        filled_ -= begin_;
        begin_ = 0;
        if (buffer_.size() < size)
            buffer_.resize(size);
        std::uint64_t file_at = next_ + filled_;
        std::size_t wanted = static_cast<std::size_t>(
            std::min<std::uint64_t>(buffer_.size() - filled_, end_ - file_at));
        auto got = read_at(fd_, buffer_.data() + filled_, wanted, file_at);
        if (!got)
            return fail("read scratch file: " + got.error().message);
        filled_ += *got;
        if (filled_ < size)
            return fail("read scratch file: unexpected end");
        return {};
    }

    int fd_;
    std::uint64_t next_; // file offset of the record at buffer_[begin_]
    std::uint64_t end_;
    std::size_t order_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;
    std::size_t filled_ = 0;
    SortedRecord current_;
};

RecordSorter::RecordSorter(std::string scratch_directory, std::size_t memory_budget,
                           std::size_t record_limit)
    : scratch_directory_(std::move(scratch_directory)),
      record_limit_(std::min(record_limit, default_record_limit))
{
    // Each of the two arenas gets half the budget: two thirds of it hold records, a sixth
    // their index (16 bytes for records of ~60), a sixth the radix sort's second index; an
    // arena is spilled when either fills up. The second arena is allocated at the first spill.
    std::size_t half = memory_budget / 2;
    arena_capacity_ = std::max<std::size_t>(half / 3 * 2, 4096);
    slot_capacity_ = std::max<std::size_t>(half / 6 / sizeof(Slot), 16);
    filling_.allocate(arena_capacity_, slot_capacity_);
}

RecordSorter::~RecordSorter()
{
    if (spiller_.joinable())
        spiller_.join();
}

void RecordSorter::Arena::allocate(std::size_t size, std::size_t slot_capacity)
{
    bytes = std::make_unique_for_overwrite<char[]>(size);
    capacity = size;
    used = 0;
    slots.clear();
    slots.reserve(slot_capacity);
    sorted.reserve(slot_capacity);
}

void RecordSorter::Arena::release()
{
    bytes.reset();
    capacity = used = 0;
    std::vector<Slot>().swap(slots);
    std::vector<Slot>().swap(sorted);
}

Result<void> RecordSorter::add(std::uint64_t rank, std::string_view key, std::string_view value,
                               std::uint32_t line)
{
    if (key.size() + value.size() > record_limit_)
        return fail("record too long: " + std::to_string(key.size() + value.size()) +
                    " bytes of key and value (the limit is " + std::to_string(record_limit_) +
                    ")");
    std::size_t size = arena_header + key.size() + value.size();
    if (filling_.used + size > filling_.capacity || filling_.slots.size() == slot_capacity_) {
        if (auto spilled = start_spill(); !spilled)
            return spilled;
        if (size > filling_.capacity) // one record larger than the arena (a 1 MB line)
            filling_.allocate(size, slot_capacity_);
    }
    char* at = filling_.bytes.get() + filling_.used;
    auto key_size = static_cast<std::uint32_t>(key.size());
    auto value_size = static_cast<std::uint32_t>(value.size());
    std::memcpy(at, &line, 4);
    std::memcpy(at + 4, &key_size, 4);
    std::memcpy(at + 8, &value_size, 4);
    std::memcpy(at + arena_header, key.data(), key.size());
    std::memcpy(at + arena_header + key.size(), value.data(), value.size());
    filling_.slots.push_back({rank, static_cast<std::uint32_t>(filling_.used)});
    filling_.used += size;
    ++count_;
    return {};
}

SortedRecord RecordSorter::Arena::record(const Slot& slot) const
{
    const char* at = bytes.get() + slot.offset;
    std::uint32_t key_size = load32(at + 4), value_size = load32(at + 8);
    SortedRecord result;
    result.rank = slot.rank;
    result.line = load32(at);
    result.key = {at + arena_header, key_size};
    result.value = {at + arena_header + key_size, value_size};
    return result;
}

void RecordSorter::Arena::sort()
{
    // A least-significant-byte radix sort on the rank: linear, and stable, so records of equal
    // rank stay in arrival order. Bytes that are the same in every rank are skipped.
    std::size_t counts[8][256] = {};
    for (const Slot& slot : slots)
        for (int byte = 0; byte < 8; ++byte)
            ++counts[byte][(slot.rank >> (8 * byte)) & 0xFF];
    sorted.resize(slots.size());
    for (int byte = 0; byte < 8; ++byte) {
        std::size_t* count = counts[byte];
        if (std::find(count, count + 256, slots.size()) != count + 256)
            continue;
        std::size_t next = 0;
        for (int value = 0; value < 256; ++value)
            next += std::exchange(count[value], next);
        for (const Slot& slot : slots)
            sorted[count[(slot.rank >> (8 * byte)) & 0xFF]++] = slot;
        slots.swap(sorted);
    }
    // Equal ranks (a shared key prefix, a hash collision, equal keys) are ordered by key;
    // stable, so equal keys keep arrival order.
    for (auto begin = slots.begin(); begin != slots.end();) {
        auto end = begin + 1;
        while (end != slots.end() && end->rank == begin->rank)
            ++end;
        if (end - begin > 1)
            std::stable_sort(begin, end, [this](const Slot& a, const Slot& b) {
                return record(a).key < record(b).key;
            });
        begin = end;
    }
}

// Hands the full arena to the background thread (after the previous spill is done) and
// carries on with the other one.
Result<void> RecordSorter::start_spill()
{
    if (filling_.slots.empty())
        return {};
    if (auto finished = finish_spill(); !finished)
        return finished;
    if (!scratch_) {
        auto opened = open_scratch_file(scratch_directory_);
        if (!opened)
            return tl::unexpected(opened.error());
        scratch_ = std::move(*opened);
    }
    std::swap(filling_, spilling_);
    if (filling_.capacity != arena_capacity_)
        filling_.allocate(arena_capacity_, slot_capacity_);
    std::uint64_t begin = scratch_size_;
    spiller_ = std::thread([this, begin] { spilled_ = write_run(spilling_, begin); });
    return {};
}

// Waits for the background spill, if one runs, and records its run.
Result<void> RecordSorter::finish_spill()
{
    if (!spiller_.joinable())
        return {};
    spiller_.join();
    if (!spilled_)
        return tl::unexpected(spilled_.error());
    runs_.push_back(*spilled_);
    scratch_size_ = spilled_->end;
    return {};
}

// Sorts `arena`, writes it to the scratch file at `begin` and empties it (an arena grown for
// one large record gives its memory back).
Result<RecordSorter::Run> RecordSorter::write_run(Arena& arena, std::uint64_t begin)
{
    arena.sort();
    Run run{begin, begin};
    std::vector<char> out(write_buffer_size);
    std::size_t used = 0;
    auto flush = [&]() -> Result<void> {
        if (auto wrote = write_all_at(scratch_.get(), out.data(), used, run.end); !wrote)
            return fail("write scratch file: " + wrote.error().message);
        run.end += used;
        used = 0;
        return {};
    };
    for (const Slot& slot : arena.slots) {
        const char* at = arena.bytes.get() + slot.offset;
        std::size_t size = arena_header + load32(at + 4) + load32(at + 8);
        if (used + sizeof slot.rank + size > out.size()) {
            if (auto flushed = flush(); !flushed)
                return tl::unexpected(flushed.error());
            if (sizeof slot.rank + size > out.size())
                out.resize(sizeof slot.rank + size);
        }
        std::memcpy(out.data() + used, &slot.rank, sizeof slot.rank);
        std::memcpy(out.data() + used + sizeof slot.rank, at, size);
        used += sizeof slot.rank + size;
    }
    if (auto flushed = flush(); !flushed)
        return tl::unexpected(flushed.error());
    if (arena.capacity > arena_capacity_)
        arena.release();
    arena.slots.clear();
    arena.used = 0;
    return run;
}
Result<void> RecordSorter::merge(const Visitor& each)
{
    if (runs_.empty() && !spiller_.joinable()) {
        filling_.sort();
        for (const Slot& slot : filling_.slots)
            if (auto done = each(filling_.record(slot)); !done)
                return done;
        return {};
    }
    if (auto spilled = start_spill(); !spilled)
        return spilled;
    if (auto finished = finish_spill(); !finished)
        return finished;
    // The arenas are not needed any more: give their memory back before the writer needs its
    // own.
    filling_.release();
    spilling_.release();

    std::vector<std::unique_ptr<RunReader>> readers;
    std::vector<RunReader*> heap;
    for (const Run& run : runs_) {
        readers.push_back(std::make_unique<RunReader>(scratch_.get(), run, readers.size()));
        auto loaded = readers.back()->advance();
        if (!loaded)
            return tl::unexpected(loaded.error());
        if (*loaded)
            heap.push_back(readers.back().get());
    }
    // A min-heap on (rank, key, run): earlier runs hold earlier source lines.
    auto later = [](const RunReader* a, const RunReader* b) {
        int order = compare(a->current(), b->current());
        return order != 0 ? order > 0 : a->order() > b->order();
    };
    std::make_heap(heap.begin(), heap.end(), later);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        RunReader* reader = heap.back();
        if (auto done = each(reader->current()); !done)
            return done;
        auto loaded = reader->advance();
        if (!loaded)
            return tl::unexpected(loaded.error());
        if (*loaded)
            std::push_heap(heap.begin(), heap.end(), later);
        else
            heap.pop_back();
    }
    return {};
}

} // namespace mf::maps
