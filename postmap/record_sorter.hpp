// Sorting a table's records in bounded memory, for builds of any size. Records go in with a
// rank (the writer's order: bucket, key prefix...) and come out sorted by (rank, key, arrival),
// so equal keys are adjacent and in source order. Records are gathered in a fixed-size arena;
// when it is full it is handed to a background thread that sorts it and writes it to an
// anonymous scratch file as one run, while the caller fills a second arena (the two share the
// memory budget); the runs are merged at the end, so memory stays at the budget whatever the
// table's size (a table that fits is sorted in memory and never touches the disk). A record
// whose key or value is longer than `record_limit` is refused (lengths are stored in 32 bits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mf::maps {

struct SortedRecord {
    std::uint64_t rank = 0;
    std::string_view key;
    std::string_view value;
    std::uint32_t line = 0;
};

class RecordSorter {
public:
    // The most key and value bytes add() takes for one record (the arena's and the runs'
    // lengths are 32-bit).
    static constexpr std::size_t default_record_limit =
        std::numeric_limits<std::uint32_t>::max() - 64;

    // Scratch files, if any are needed, go in `scratch_directory`.
    RecordSorter(std::string scratch_directory, std::size_t memory_budget,
                 std::size_t record_limit = default_record_limit);
    ~RecordSorter();
    RecordSorter(const RecordSorter&) = delete;
    RecordSorter& operator=(const RecordSorter&) = delete;

    // Fails for a record over the limit ("record too long: ...", without the line) and for a
    // scratch file that cannot be written.
    Result<void> add(std::uint64_t rank, std::string_view key, std::string_view value,
                     std::uint32_t line);

    // Calls `each` for every record in order; views are valid during the call only. Stops at
    // the first error `each` returns. Call once, after the last add().
    using Visitor = std::function<Result<void>(const SortedRecord&)>;
    Result<void> merge(const Visitor& each);

    std::size_t size() const { return count_; }

private:
    struct Slot {
        std::uint64_t rank;
        std::uint32_t offset; // of the record in the arena
    };
    struct Run {
        std::uint64_t begin;
        std::uint64_t end;
    };
    // Records and their index; sort() orders `slots` (using `sorted` as the radix sort's
    // other half).
    struct Arena {
        std::unique_ptr<char[]> bytes;
        std::size_t capacity = 0;
        std::size_t used = 0;
        std::vector<Slot> slots;
        std::vector<Slot> sorted;

        void allocate(std::size_t size, std::size_t slot_capacity);
        void release();
        SortedRecord record(const Slot& slot) const;
        void sort();
    };
    class RunReader;

    Result<void> start_spill();
    Result<void> finish_spill();
    Result<Run> write_run(Arena& arena, std::uint64_t begin);

    std::string scratch_directory_;
    std::size_t record_limit_;
    std::size_t arena_capacity_;
    std::size_t slot_capacity_;
    Arena filling_;
    Arena spilling_; // written by spiller_ while it runs
    std::thread spiller_;
    Result<Run> spilled_;
    UniqueFd scratch_;
    std::uint64_t scratch_size_ = 0;
    std::vector<Run> runs_;
    std::size_t count_ = 0;
};

} // namespace mf::maps
