// Sorting a table's records in bounded memory, for builds of any size. Records go in with a
// rank (the writer's order: bucket, key prefix...) and come out sorted by (rank, key, arrival),
// so equal keys are adjacent and in source order. Records are gathered in a fixed-size arena;
// when it is full it is sorted and written to an anonymous scratch file as one run, and the
// runs are merged at the end, so memory stays at the budget whatever the table's size (a table
// that fits is sorted in memory and never touches the disk).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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
    // Scratch files, if any are needed, go in `scratch_directory`.
    RecordSorter(std::string scratch_directory, std::size_t memory_budget);
    ~RecordSorter();
    RecordSorter(const RecordSorter&) = delete;
    RecordSorter& operator=(const RecordSorter&) = delete;

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
    class RunReader;

    void sort_arena();
    SortedRecord arena_record(const Slot& slot) const;
    Result<void> spill();

    std::string scratch_directory_;
    std::size_t arena_capacity_;
    std::unique_ptr<char[]> arena_;
    std::size_t arena_used_ = 0;
    std::vector<Slot> slots_;
    std::size_t slot_capacity_;
    std::vector<Slot> sorted_; // the radix sort's other half
    UniqueFd scratch_;
    std::uint64_t scratch_size_ = 0;
    std::vector<Run> runs_;
    std::size_t count_ = 0;
};

} // namespace mf::maps
